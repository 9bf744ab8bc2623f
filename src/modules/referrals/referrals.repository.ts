import { type Selectable, sql, type Updateable } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import type { Db, Tx } from '../../platform/database/transaction.ts';
import { personVisibleTo } from '../access/index.ts';
import { referralVisibleTo } from './referrals.policy.ts';
import type { OnwardKind, Rating, ReferralSummary } from './referrals.schema.ts';
import type { ReferralTable } from './referrals.tables.ts';
import type { ReferralKind, ReferralStatus, Route } from './referrals.workflow.ts';

type Executor = Db | Tx;
export type ReferralRow = Selectable<ReferralTable>;

/**
 * Every read of a referral applies `referralVisibleTo` inside the query. The only unscoped reads are
 * the writes' own row locks after a scoped read has found the referral.
 */

export function toSummary(row: ReferralRow, subjectPersonIds: string[]): ReferralSummary {
  return {
    id: row.id,
    kind: row.kind as ReferralKind,
    status: row.status as ReferralStatus,
    receivedAt: row.received_at,
    receivingTeamId: row.receiving_team_id,
    partnershipId: row.partnership_id,
    subjectPersonIds,
    rating: row.rating as Rating | null,
    ratingDueAt: row.rating_due_at,
    decisionDueAt: row.decision_due_at,
    decisionRoute: row.decision_route as Route | null,
    route: row.route as Route | null,
    decidedAt: row.decided_at,
    version: row.version,
  };
}

/** The referral if the actor may see it; `forUpdate` locks the row so two decisions cannot cross. */
export async function findVisibleReferral(
  db: Executor,
  actor: Actor,
  now: Date,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<ReferralRow | undefined> {
  let query = db.selectFrom('referral').selectAll('referral').where('referral.id', '=', id).where(referralVisibleTo(actor, now));
  if (options.forUpdate) {
    query = query.forUpdate();
  }
  return query.executeTakeFirst();
}

export async function subjectPersonIds(db: Executor, referralIds: string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (referralIds.length === 0) {
    return result;
  }
  const rows = await db
    .selectFrom('referral_subject')
    .select(['referral_id', 'person_id'])
    .where('referral_id', 'in', referralIds)
    .orderBy('referral_id')
    .orderBy('position')
    .execute();
  for (const row of rows) {
    result.set(row.referral_id, [...(result.get(row.referral_id) ?? []), row.person_id]);
  }
  return result;
}

/** Only the people on a referral that the actor may see, for chronology entries and pages. */
export async function visibleSubjects(db: Executor, actor: Actor, now: Date, referralId: string) {
  return db
    .selectFrom('referral_subject')
    .innerJoin('person', 'person.id', 'referral_subject.person_id')
    .select([
      'referral_subject.person_id',
      'referral_subject.role',
      'referral_subject.consent',
      'referral_subject.position',
      'person.given_name',
      'person.family_name',
      'person.date_of_birth',
      'person.kind',
    ])
    .where('referral_subject.referral_id', '=', referralId)
    .where(personVisibleTo(actor, now))
    .orderBy('referral_subject.position')
    .execute();
}

export async function updateReferral(
  tx: Tx,
  id: string,
  values: Omit<Updateable<ReferralTable>, 'id' | 'version'>,
  now: Date,
): Promise<void> {
  await tx
    .updateTable('referral')
    .set({ ...values, updated_at: now, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .execute();
}

export async function insertRoute(
  tx: Tx,
  row: {
    id: string;
    referralId: string;
    route: Route;
    previousRoute: Route | null;
    rationale: string;
    routedAt: Date;
    routedBy: string | null;
    origin: string;
  },
): Promise<void> {
  await tx
    .insertInto('referral_route')
    .values({
      id: row.id,
      referral_id: row.referralId,
      route: row.route,
      previous_route: row.previousRoute,
      rationale: row.rationale,
      routed_at: row.routedAt,
      routed_by: row.routedBy,
      origin: row.origin,
    })
    .execute();
}

export async function insertOnwardWork(
  tx: Tx,
  row: {
    id: string;
    partnershipId: string;
    referralId: string;
    kind: OnwardKind;
    teamId: string | null;
    leadProfessional: string | null;
    startedAt: Date;
    dueAt: Date;
    createdBy: string | null;
  },
): Promise<void> {
  await tx
    .insertInto('onward_work')
    .values({
      id: row.id,
      partnership_id: row.partnershipId,
      referral_id: row.referralId,
      kind: row.kind,
      team_id: row.teamId,
      lead_professional: row.leadProfessional,
      lead_professional_user_id: null,
      started_at: row.startedAt,
      due_at: row.dueAt,
      status: 'open',
      completed_at: null,
      outcome: null,
      created_by: row.createdBy,
      created_at: row.startedAt,
    })
    .onConflict((oc) => oc.columns(['referral_id', 'kind']).where('status', '=', 'open').doNothing())
    .execute();
}

export async function findS42Decision(db: Executor, referralId: string) {
  return db.selectFrom('s42_decision').selectAll().where('referral_id', '=', referralId).executeTakeFirst();
}
