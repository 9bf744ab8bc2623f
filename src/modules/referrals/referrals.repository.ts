import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import type { Db, Tx } from '../../platform/database/transaction.ts';
import { personVisibleTo } from '../access/index.ts';
import { contactVisibleTo, referralVisibleTo } from './referrals.policy.ts';
import type { OnwardKind, Rating, ReferralSummary } from './referrals.schema.ts';
import type { ContactTable, ReferralTable } from './referrals.tables.ts';
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

/** The people a referral names, if the writer may see them (a hidden person reads as missing). */
export async function peopleForReferral(db: Executor, actor: Actor, now: Date, ids: string[], partnershipId: string) {
  if (ids.length === 0) {
    return [];
  }
  return db
    .selectFrom('person')
    .select(['person.id', 'person.kind', 'person.date_of_birth', 'person.given_name', 'person.family_name'])
    .where('person.id', 'in', ids)
    .where('person.partnership_id', '=', partnershipId)
    .where(personVisibleTo(actor, now))
    .execute();
}

export async function insertReferral(tx: Tx, row: Insertable<ReferralTable>): Promise<void> {
  await tx.insertInto('referral').values(row).execute();
}

export async function insertSubjects(
  tx: Tx,
  referralId: string,
  subjects: { personId: string; role: string; consent: string | null }[],
): Promise<void> {
  await tx
    .insertInto('referral_subject')
    .values(
      subjects.map((subject, position) => ({
        referral_id: referralId,
        person_id: subject.personId,
        role: subject.role,
        consent: subject.consent,
        position,
      })),
    )
    .execute();
}

/** The referral a form token already made (the token is the writer's own, so no visibility question arises). */
export async function findByFormToken(db: Executor, userId: string, formToken: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('referral')
    .select('id')
    .where('created_by', '=', userId)
    .where('form_token', '=', formToken)
    .executeTakeFirst();
  return row?.id;
}

export async function listVisibleReferrals(
  db: Executor,
  actor: Actor,
  now: Date,
  filter: { status?: string | undefined; kind?: string | undefined; personId?: string | undefined; limit: number },
): Promise<ReferralRow[]> {
  let query = db.selectFrom('referral').selectAll('referral').where(referralVisibleTo(actor, now));
  if (filter.status) {
    query = query.where('referral.status', '=', filter.status);
  }
  if (filter.kind) {
    query = query.where('referral.kind', '=', filter.kind);
  }
  if (filter.personId) {
    const personId = filter.personId;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('referral_subject as rsf')
          .select(sql`1`.as('one'))
          .whereRef('rsf.referral_id', '=', 'referral.id')
          .where('rsf.person_id', '=', personId),
      ),
    );
  }
  return query
    .orderBy(sql`coalesce(referral.received_at, referral.created_at)`, 'desc')
    .orderBy('referral.id')
    .limit(filter.limit)
    .execute();
}

/** Earlier submitted referrals (visible to the actor) about any of these people, newest first. */
export async function previousReferrals(db: Executor, actor: Actor, now: Date, personIds: string[], excludeId: string) {
  if (personIds.length === 0) {
    return [];
  }
  return db
    .selectFrom('referral')
    .innerJoin('referral_subject as prs', 'prs.referral_id', 'referral.id')
    .select([
      'referral.id',
      'referral.kind',
      'referral.status',
      'referral.received_at',
      'referral.rating',
      'referral.decision_route',
      'referral.route',
      'prs.person_id',
    ])
    .where('prs.person_id', 'in', personIds)
    .where('referral.id', '<>', excludeId)
    .where('referral.status', '<>', 'draft')
    .where(referralVisibleTo(actor, now))
    .orderBy('referral.received_at', 'desc')
    .limit(100)
    .execute();
}

export async function routesOf(db: Executor, referralId: string) {
  return db
    .selectFrom('referral_route')
    .leftJoin('app_user', 'app_user.id', 'referral_route.routed_by')
    .select([
      'referral_route.id',
      'referral_route.route',
      'referral_route.previous_route',
      'referral_route.rationale',
      'referral_route.routed_at',
      'referral_route.origin',
      'app_user.display_name as routed_by_name',
    ])
    .where('referral_route.referral_id', '=', referralId)
    .orderBy('referral_route.routed_at')
    .orderBy('referral_route.id')
    .execute();
}

export async function onwardWorkOf(db: Executor, referralIds: string[]) {
  if (referralIds.length === 0) {
    return [];
  }
  return db
    .selectFrom('onward_work')
    .selectAll()
    .where('referral_id', 'in', referralIds)
    .orderBy('started_at', 'desc')
    .orderBy('id')
    .execute();
}

export async function completeOnwardWork(tx: Tx, referralId: string, kind: OnwardKind, outcome: string, now: Date): Promise<void> {
  await tx
    .updateTable('onward_work')
    .set({ status: 'completed', completed_at: now, outcome })
    .where('referral_id', '=', referralId)
    .where('kind', '=', kind)
    .where('status', '=', 'open')
    .execute();
}

export async function insertS42Decision(
  tx: Tx,
  row: {
    referralId: string;
    careAndSupportNeeds: boolean;
    experiencingOrAtRisk: boolean;
    unableToProtect: boolean;
    outcome: string;
    rationale: string;
    dueAt: Date;
    decidedAt: Date;
    decidedBy: string | null;
  },
): Promise<void> {
  await tx
    .insertInto('s42_decision')
    .values({
      referral_id: row.referralId,
      care_and_support_needs: row.careAndSupportNeeds,
      experiencing_or_at_risk: row.experiencingOrAtRisk,
      unable_to_protect: row.unableToProtect,
      outcome: row.outcome,
      rationale: row.rationale,
      due_at: row.dueAt,
      decided_at: row.decidedAt,
      decided_by: row.decidedBy,
    })
    .execute();
}

export async function insertContact(
  tx: Tx,
  row: Insertable<ContactTable>,
  subjects: { personId: string | null; name: string; dateOfBirth: string | null; role: string }[],
): Promise<void> {
  await tx.insertInto('contact').values(row).execute();
  await tx
    .insertInto('contact_subject')
    .values(
      subjects.map((subject, position) => ({
        contact_id: row.id,
        position,
        person_id: subject.personId,
        name: subject.name,
        date_of_birth: subject.dateOfBirth,
        role: subject.role,
      })),
    )
    .execute();
}

export async function findVisibleContact(db: Executor, actor: Actor, id: string, options: { forUpdate?: boolean } = {}) {
  let query = db.selectFrom('contact').selectAll('contact').where('contact.id', '=', id).where(contactVisibleTo(actor));
  if (options.forUpdate) {
    query = query.forUpdate();
  }
  return query.executeTakeFirst();
}

export async function listVisibleContacts(db: Executor, actor: Actor, status: string | undefined, limit: number) {
  let query = db.selectFrom('contact').selectAll('contact').where(contactVisibleTo(actor));
  if (status) {
    query = query.where('contact.status', '=', status);
  }
  return query.orderBy('contact.received_at', 'desc').orderBy('contact.id').limit(limit).execute();
}

export async function contactSubjects(db: Executor, contactIds: string[]) {
  if (contactIds.length === 0) {
    return [];
  }
  return db
    .selectFrom('contact_subject')
    .selectAll()
    .where('contact_id', 'in', contactIds)
    .orderBy('contact_id')
    .orderBy('position')
    .execute();
}

export async function markContactReferred(tx: Tx, contactId: string, referralId: string): Promise<void> {
  await tx.updateTable('contact').set({ status: 'referred', referral_id: referralId }).where('id', '=', contactId).execute();
}

export async function agencyName(db: Executor, agencyId: string): Promise<string | undefined> {
  const row = await db.selectFrom('agency').select('name').where('id', '=', agencyId).executeTakeFirst();
  return row?.name;
}

/** A receiving team must belong to an agency of the referral's partnership. */
export async function teamInPartnership(db: Executor, teamId: string, partnershipId: string): Promise<boolean> {
  const row = await db
    .selectFrom('team')
    .innerJoin('agency', 'agency.id', 'team.agency_id')
    .select('team.id')
    .where('team.id', '=', teamId)
    .where('agency.partnership_id', '=', partnershipId)
    .executeTakeFirst();
  return row !== undefined;
}
