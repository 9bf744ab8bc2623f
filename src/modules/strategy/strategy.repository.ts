import { type Insertable, type Selectable, sql } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import type { Db, Tx } from '../../platform/database/transaction.ts';
import { discussionVisibleTo, enquiryVisibleTo } from './strategy.policy.ts';
import type { AgencyType, Attendee, StrategyAction } from './strategy.schema.ts';
import type { Section47EnquiryTable, StrategyActionTable, StrategyAttendeeTable, StrategyDiscussionTable } from './strategy.tables.ts';

type Executor = Db | Tx;
export type DiscussionRow = Selectable<StrategyDiscussionTable>;
export type EnquiryRow = Selectable<Section47EnquiryTable>;

/** Every read applies the policy's filter inside the query; writes lock rows only after a scoped read found them. */

export async function insertDiscussion(
  tx: Tx,
  row: Insertable<StrategyDiscussionTable>,
  attendees: Insertable<StrategyAttendeeTable>[],
  actions: Insertable<StrategyActionTable>[],
): Promise<void> {
  await tx.insertInto('strategy_discussion').values(row).execute();
  if (attendees.length > 0) {
    await tx.insertInto('strategy_attendee').values(attendees).execute();
  }
  if (actions.length > 0) {
    await tx.insertInto('strategy_action').values(actions).execute();
  }
}

export async function insertAction(tx: Tx, row: Insertable<StrategyActionTable>): Promise<void> {
  await tx.insertInto('strategy_action').values(row).execute();
}

export async function findVisibleDiscussion(db: Executor, actor: Actor, now: Date, id: string): Promise<DiscussionRow | undefined> {
  return db
    .selectFrom('strategy_discussion')
    .selectAll('strategy_discussion')
    .where('strategy_discussion.id', '=', id)
    .where(discussionVisibleTo(actor, now))
    .executeTakeFirst();
}

export async function listVisibleDiscussionsForReferral(
  db: Executor,
  actor: Actor,
  now: Date,
  referralId: string,
): Promise<DiscussionRow[]> {
  return db
    .selectFrom('strategy_discussion')
    .selectAll('strategy_discussion')
    .where('strategy_discussion.referral_id', '=', referralId)
    .where(discussionVisibleTo(actor, now))
    .orderBy('strategy_discussion.held_at')
    .orderBy('strategy_discussion.id')
    .execute();
}

export async function attendeesOf(db: Executor, discussionIds: string[]): Promise<Map<string, Attendee[]>> {
  const result = new Map<string, Attendee[]>();
  if (discussionIds.length === 0) {
    return result;
  }
  const rows = await db
    .selectFrom('strategy_attendee')
    .selectAll()
    .where('discussion_id', 'in', discussionIds)
    .orderBy('discussion_id')
    .orderBy('position')
    .execute();
  for (const row of rows) {
    const attendee: Attendee = { name: row.name, agencyType: row.agency_type as AgencyType, agencyName: row.agency_name, role: row.role };
    result.set(row.discussion_id, [...(result.get(row.discussion_id) ?? []), attendee]);
  }
  return result;
}

export async function actionsOf(db: Executor, discussionIds: string[]): Promise<Map<string, StrategyAction[]>> {
  const result = new Map<string, StrategyAction[]>();
  if (discussionIds.length === 0) {
    return result;
  }
  const rows = await db
    .selectFrom('strategy_action')
    .selectAll()
    .where('discussion_id', 'in', discussionIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  for (const row of rows) {
    const action: StrategyAction = {
      id: row.id,
      description: row.description,
      ownerName: row.owner_name,
      ownerAgency: row.owner_agency,
      ownerUserId: row.owner_user_id,
      dueOn: row.due_on,
      done: row.done,
      createdAt: row.created_at,
    };
    result.set(row.discussion_id, [...(result.get(row.discussion_id) ?? []), action]);
  }
  return result;
}

export async function insertEnquiry(tx: Tx, row: Insertable<Section47EnquiryTable>): Promise<void> {
  await tx.insertInto('section_47_enquiry').values(row).execute();
}

/** Unscoped: used inside a write after the referral itself was read with the actor's filter. */
export async function findEnquiryForReferral(db: Executor, referralId: string, options: { forUpdate?: boolean } = {}) {
  let query = db.selectFrom('section_47_enquiry').selectAll().where('referral_id', '=', referralId);
  if (options.forUpdate) {
    query = query.forUpdate();
  }
  return query.executeTakeFirst();
}

export async function findVisibleEnquiry(db: Executor, actor: Actor, now: Date, id: string): Promise<EnquiryRow | undefined> {
  return db
    .selectFrom('section_47_enquiry')
    .selectAll('section_47_enquiry')
    .where('section_47_enquiry.id', '=', id)
    .where(enquiryVisibleTo(actor, now))
    .executeTakeFirst();
}

export async function findVisibleEnquiryForReferral(
  db: Executor,
  actor: Actor,
  now: Date,
  referralId: string,
): Promise<EnquiryRow | undefined> {
  return db
    .selectFrom('section_47_enquiry')
    .selectAll('section_47_enquiry')
    .where('section_47_enquiry.referral_id', '=', referralId)
    .where(enquiryVisibleTo(actor, now))
    .executeTakeFirst();
}

export async function moveIcpcDue(tx: Tx, enquiryId: string, icpcDueAt: Date): Promise<void> {
  await tx.updateTable('section_47_enquiry').set({ icpc_due_at: icpcDueAt }).where('id', '=', enquiryId).execute();
}

export async function recordIcpcHeld(tx: Tx, enquiryId: string, heldAt: Date): Promise<void> {
  await tx.updateTable('section_47_enquiry').set({ icpc_held_at: heldAt }).where('id', '=', enquiryId).execute();
}

/** The team that holds conference clocks: by name, in the partnership's local authority children's services. */
export async function findTeamByName(db: Executor, partnershipId: string, name: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('team')
    .innerJoin('agency', 'agency.id', 'team.agency_id')
    .select('team.id')
    .where('agency.partnership_id', '=', partnershipId)
    .where('team.name', '=', name)
    .orderBy('team.id')
    .executeTakeFirst();
  return row?.id;
}

export async function teamInPartnership(db: Executor, partnershipId: string, teamId: string): Promise<boolean> {
  const row = await db
    .selectFrom('team')
    .innerJoin('agency', 'agency.id', 'team.agency_id')
    .select('team.id')
    .where('agency.partnership_id', '=', partnershipId)
    .where('team.id', '=', teamId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function teamsOfPartnership(db: Executor, partnershipId: string): Promise<{ id: string; name: string; agencyName: string }[]> {
  return db
    .selectFrom('team')
    .innerJoin('agency', 'agency.id', 'team.agency_id')
    .select(['team.id', 'team.name', 'agency.name as agencyName'])
    .where('agency.partnership_id', '=', partnershipId)
    .orderBy('agency.name')
    .orderBy('team.name')
    .execute();
}

/**
 * The four audit questions counted in SQL over a team's discussions held in [from, to): figures only,
 * no rows leave the database. "Agencies involved" means police, local authority and health attended.
 */
export async function auditCounts(
  db: Executor,
  filter: { partnershipId: string; teamId: string | null; from: Date; to: Date },
): Promise<{ total: number; heldInTime: number; immediateRisk: number; agenciesInvolved: number; viewsAndWishes: number }> {
  const expected = (type: AgencyType) =>
    sql<boolean>`exists (select 1 from strategy_attendee a where a.discussion_id = sd.id and a.agency_type = ${type})`;
  let query = db
    .selectFrom('strategy_discussion as sd')
    .select([
      sql<string>`count(*)`.as('total'),
      sql<string>`count(*) filter (where sd.held_at <= sd.due_at)`.as('heldInTime'),
      sql<string>`count(*) filter (where sd.immediate_risk_considered and sd.immediate_risk_action is not null)`.as('immediateRisk'),
      sql<string>`count(*) filter (where ${expected('police')} and ${expected('local_authority')} and ${expected('health')})`.as(
        'agenciesInvolved',
      ),
      sql<string>`count(*) filter (where sd.views_established or sd.views_plan is not null)`.as('viewsAndWishes'),
    ])
    .where('sd.partnership_id', '=', filter.partnershipId)
    .where('sd.held_at', '>=', filter.from)
    .where('sd.held_at', '<', filter.to);
  if (filter.teamId) {
    query = query.where('sd.receiving_team_id', '=', filter.teamId);
  }
  const row = await query.executeTakeFirstOrThrow();
  return {
    total: Number(row.total),
    heldInTime: Number(row.heldInTime),
    immediateRisk: Number(row.immediateRisk),
    agenciesInvolved: Number(row.agenciesInvolved),
    viewsAndWishes: Number(row.viewsAndWishes),
  };
}
