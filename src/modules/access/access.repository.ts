import { sql } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import type { Db, Tx } from '../../platform/database/transaction.ts';
import { personVisibleTo } from './access.policy.ts';
import type { AccessBasis, AccessBasisKind, BreakGlassGrant } from './access.schema.ts';

type Executor = Db | Tx;

/**
 * The access module owns the visibility rule, so it may look at the person table — but only to
 * ask whether a person exists and is visible; people.repository.ts owns everything else about them.
 */
export async function findVisiblePersonRef(db: Executor, actor: Actor, personId: string, now: Date) {
  return db
    .selectFrom('person')
    .select(['person.id', 'person.partnership_id', 'person.is_restricted'])
    .where('person.id', '=', personId)
    .where(personVisibleTo(actor, now))
    .executeTakeFirst();
}

/** Existence check without visibility: only for break-glass, which by definition opens a record you cannot yet see. */
export async function unsafeFindPersonRef(db: Executor, personId: string) {
  return db.selectFrom('person').select(['id', 'partnership_id', 'is_restricted']).where('id', '=', personId).executeTakeFirst();
}

/** Which live relationships give this actor access to this person: the "why" recorded with every read. */
export async function liveBasisKinds(db: Executor, actor: Actor, personId: string, now: Date): Promise<string[]> {
  if (!actor.userId) {
    return [];
  }
  const userId = actor.userId;
  const bases = await db
    .selectFrom('access_basis')
    .select('kind')
    .distinct()
    .where('person_id', '=', personId)
    .where('starts_at', '<=', now)
    .where((b) => b.or([b('ends_at', 'is', null), b('ends_at', '>', now)]))
    .where((b) =>
      b.or([
        b('user_id', '=', userId),
        ...(actor.agencyId ? [b('agency_id', '=', actor.agencyId)] : []),
        ...(actor.teamIds.length > 0 ? [b('team_id', 'in', actor.teamIds)] : []),
      ]),
    )
    .execute();
  const breakGlass = await db
    .selectFrom('break_glass')
    .select(sql`1`.as('one'))
    .where('person_id', '=', personId)
    .where('user_id', '=', userId)
    .where('started_at', '<=', now)
    .where('expires_at', '>', now)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return [...bases.map((row) => row.kind), ...(breakGlass ? ['break_glass'] : [])].sort();
}

export async function insertBasis(
  tx: Tx,
  row: AccessBasis & {
    reason: string | null;
    sourceType: string | null;
    sourceId: string | null;
    createdBy: string | null;
    createdAt: Date;
  },
): Promise<void> {
  await tx
    .insertInto('access_basis')
    .values({
      id: row.id,
      person_id: row.personId,
      kind: row.kind,
      user_id: row.userId,
      team_id: row.teamId,
      agency_id: row.agencyId,
      starts_at: row.startsAt,
      ends_at: row.endsAt,
      reason: row.reason,
      source_type: row.sourceType,
      source_id: row.sourceId,
      created_by: row.createdBy,
      created_at: row.createdAt,
    })
    .execute();
}

function toBasis(row: {
  id: string;
  person_id: string;
  kind: string;
  user_id: string | null;
  team_id: string | null;
  agency_id: string | null;
  starts_at: Date;
  ends_at: Date | null;
}): AccessBasis {
  return {
    id: row.id,
    personId: row.person_id,
    kind: row.kind as AccessBasisKind,
    userId: row.user_id,
    teamId: row.team_id,
    agencyId: row.agency_id,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
  };
}

export async function findBasis(db: Executor, id: string): Promise<AccessBasis | undefined> {
  const row = await db.selectFrom('access_basis').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toBasis(row) : undefined;
}

export async function listBasesForPerson(db: Executor, personId: string): Promise<AccessBasis[]> {
  const rows = await db
    .selectFrom('access_basis')
    .selectAll()
    .where('person_id', '=', personId)
    .orderBy('starts_at')
    .orderBy('id')
    .execute();
  return rows.map(toBasis);
}

/** Ends every live basis a module's record granted (say, an answered information request), returning them. */
export async function endBasesBySource(
  tx: Tx,
  sourceType: string,
  sourceId: string,
  now: Date,
): Promise<{ id: string; person_id: string; kind: string }[]> {
  return tx
    .updateTable('access_basis')
    .set({ ends_at: now })
    .where('source_type', '=', sourceType)
    .where('source_id', '=', sourceId)
    .where('ends_at', 'is', null)
    .returning(['id', 'person_id', 'kind'])
    .execute();
}

export async function endBasis(tx: Tx, id: string, now: Date): Promise<void> {
  await tx.updateTable('access_basis').set({ ends_at: now }).where('id', '=', id).where('ends_at', 'is', null).execute();
}

function toBreakGlass(row: {
  id: string;
  user_id: string;
  person_id: string;
  reason_code: string;
  started_at: Date;
  expires_at: Date;
  ended_at: Date | null;
  reviewed_by: string | null;
  review_outcome: string | null;
}): BreakGlassGrant {
  return {
    id: row.id,
    userId: row.user_id,
    personId: row.person_id,
    reasonCode: row.reason_code,
    startedAt: row.started_at,
    expiresAt: row.expires_at,
    endedAt: row.ended_at,
    reviewedBy: row.reviewed_by,
    reviewOutcome: row.review_outcome,
  };
}

export async function insertBreakGlass(tx: Tx, grant: BreakGlassGrant & { reasonText: string }): Promise<void> {
  await tx
    .insertInto('break_glass')
    .values({
      id: grant.id,
      user_id: grant.userId,
      person_id: grant.personId,
      reason_code: grant.reasonCode,
      reason_text: grant.reasonText,
      started_at: grant.startedAt,
      expires_at: grant.expiresAt,
      ended_at: null,
      reviewed_by: null,
      reviewed_at: null,
      review_outcome: null,
      review_note: null,
    })
    .execute();
}

export async function findBreakGlass(db: Executor, id: string): Promise<BreakGlassGrant | undefined> {
  const row = await db.selectFrom('break_glass').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toBreakGlass(row) : undefined;
}

export async function endBreakGlass(tx: Tx, id: string, now: Date): Promise<void> {
  await tx.updateTable('break_glass').set({ ended_at: now }).where('id', '=', id).where('ended_at', 'is', null).execute();
}

export async function reviewBreakGlass(
  tx: Tx,
  id: string,
  review: { reviewerId: string; outcome: string; note: string | null; now: Date },
) {
  await tx
    .updateTable('break_glass')
    .set({ reviewed_by: review.reviewerId, reviewed_at: review.now, review_outcome: review.outcome, review_note: review.note })
    .where('id', '=', id)
    .execute();
}

export async function listBreakGlassAwaitingReview(db: Executor, partnershipId: string): Promise<BreakGlassGrant[]> {
  const rows = await db
    .selectFrom('break_glass')
    .innerJoin('person', 'person.id', 'break_glass.person_id')
    .selectAll('break_glass')
    .where('person.partnership_id', '=', partnershipId)
    .where('break_glass.reviewed_at', 'is', null)
    .orderBy('break_glass.started_at')
    .execute();
  return rows.map(toBreakGlass);
}

/** Privacy officers to alert: those of the actor's agency and of every agency involved with the person. */
export async function privacyOfficersFor(db: Executor, personId: string, actorAgencyId: string | null): Promise<string[]> {
  const involvedAgencies = await db
    .selectFrom('access_basis')
    .select('agency_id')
    .where('person_id', '=', personId)
    .where('agency_id', 'is not', null)
    .execute();
  const agencyIds = [
    ...new Set([actorAgencyId, ...involvedAgencies.map((row) => row.agency_id)].filter((id): id is string => id !== null)),
  ];
  if (agencyIds.length === 0) {
    return [];
  }
  const rows = await db
    .selectFrom('app_user')
    .innerJoin('role_assignment', 'role_assignment.user_id', 'app_user.id')
    .select('app_user.id')
    .where('role_assignment.role', '=', 'privacy_officer')
    .where('role_assignment.revoked_at', 'is', null)
    .where('app_user.is_active', '=', true)
    .where('app_user.agency_id', 'in', agencyIds)
    .execute();
  return rows.map((row) => row.id);
}

export async function partnershipPrivacyOfficers(db: Executor, partnershipId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('app_user')
    .innerJoin('agency', 'agency.id', 'app_user.agency_id')
    .innerJoin('role_assignment', 'role_assignment.user_id', 'app_user.id')
    .select('app_user.id')
    .where('agency.partnership_id', '=', partnershipId)
    .where('role_assignment.role', '=', 'privacy_officer')
    .where('role_assignment.revoked_at', 'is', null)
    .where('app_user.is_active', '=', true)
    .execute();
  return rows.map((row) => row.id);
}
