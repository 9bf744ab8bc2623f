import { type Expression, type ExpressionBuilder, type Selectable, type SqlBool, sql } from 'kysely';
import type { Database } from '../../platform/database/tables.ts';
import type { Db, Tx } from '../../platform/database/transaction.ts';
import { newId } from '../../platform/ids.ts';
import type { HolderSummary, OpenWorkItemInput, TeamMember, TrayCounts, TrayState, WorkItem, WorkKind } from './work.schema.ts';
import type { WorkItemTable } from './work.tables.ts';

export function toWorkItem(row: Selectable<WorkItemTable>): WorkItem {
  return {
    id: row.id,
    kind: row.kind as WorkKind,
    title: row.title,
    personId: row.person_id,
    referenceType: row.reference_type,
    referenceId: row.reference_id,
    teamId: row.team_id,
    holderUserId: row.holder_user_id,
    openedAt: new Date(row.opened_at),
    dueAt: new Date(row.due_at),
    clockLabel: row.clock_label,
    completedAt: row.completed_at === null ? null : new Date(row.completed_at),
    outcome: row.outcome,
    version: row.version,
  };
}

/**
 * Opens the item, or returns the one already open for the same reference and kind. The partial unique
 * index decides, so the usual case (nothing open yet) is one statement.
 */
export async function insertOpenItem(tx: Tx, input: OpenWorkItemInput, openedAt: Date): Promise<WorkItem> {
  const inserted = await tx
    .insertInto('work_item')
    .values({
      id: newId(),
      partnership_id: input.partnershipId,
      kind: input.kind,
      title: input.title,
      person_id: input.personId ?? null,
      reference_type: input.referenceType,
      reference_id: input.referenceId,
      team_id: input.teamId,
      holder_user_id: input.holderUserId ?? null,
      opened_at: openedAt,
      due_at: input.dueAt,
      clock_label: input.clockLabel,
      reminded_at: null,
      completed_at: null,
      completed_by: null,
      outcome: null,
    })
    .onConflict((oc) => oc.columns(['reference_type', 'reference_id', 'kind']).where('completed_at', 'is', null).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) {
    return toWorkItem(inserted);
  }
  const existing = await tx
    .selectFrom('work_item')
    .selectAll()
    .where('reference_type', '=', input.referenceType)
    .where('reference_id', '=', input.referenceId)
    .where('kind', '=', input.kind)
    .where('completed_at', 'is', null)
    .executeTakeFirstOrThrow();
  return toWorkItem(existing);
}

export async function completeOpenItems(
  tx: Tx,
  input: { referenceType: string; referenceId: string; kind?: WorkKind | undefined; outcome: string; at: Date; by: string },
): Promise<WorkItem[]> {
  let query = tx
    .updateTable('work_item')
    .set((eb) => ({ completed_at: input.at, completed_by: input.by, outcome: input.outcome, version: eb('version', '+', 1) }))
    .where('reference_type', '=', input.referenceType)
    .where('reference_id', '=', input.referenceId)
    .where('completed_at', 'is', null);
  if (input.kind) {
    query = query.where('kind', '=', input.kind);
  }
  const rows = await query.returningAll().execute();
  return rows.map(toWorkItem);
}

type Executor = Db | Tx;
type RowFilter<T extends keyof Database> = (eb: ExpressionBuilder<Database, T>) => Expression<SqlBool>;

/** Which open items a tray covers, before the state filter. */
export interface TrayScope {
  partnershipId: string;
  teamIds?: string[];
  holderUserId?: string;
  kind?: WorkKind | undefined;
  holder?: string | undefined;
}

export interface StateBounds {
  now: Date;
  /** Items due at or before this (and not yet overdue) are due soon. */
  soonUntil: Date;
}

function openItemsIn(executor: Executor, scope: TrayScope) {
  // A team and a user each belong to one partnership, so the team or holder confines the tray to it;
  // filtering on partnership_id as well would take the counts off the index and onto the rows.
  let query = executor.selectFrom('work_item').where('work_item.completed_at', 'is', null);
  if (!scope.teamIds && !scope.holderUserId) {
    query = query.where('work_item.partnership_id', '=', scope.partnershipId);
  }
  if (scope.teamIds) {
    query = query.where('work_item.team_id', 'in', scope.teamIds.length > 0 ? scope.teamIds : [NO_ID]);
  }
  if (scope.holderUserId) {
    query = query.where('work_item.holder_user_id', '=', scope.holderUserId);
  }
  if (scope.kind) {
    query = query.where('work_item.kind', '=', scope.kind);
  }
  if (scope.holder === 'unallocated') {
    query = query.where('work_item.holder_user_id', 'is', null);
  } else if (scope.holder) {
    query = query.where('work_item.holder_user_id', '=', scope.holder);
  }
  return query;
}

const NO_ID = '00000000-0000-0000-0000-000000000000';

// Cumulative counts (before now, up to the due-soon bound, all) cost two comparisons a row rather than four.
const countsBy = (bounds: StateBounds) =>
  [
    sql<string>`count(*) filter (where work_item.due_at < ${bounds.now})`.as('overdue'),
    sql<string>`count(*) filter (where work_item.due_at <= ${bounds.soonUntil})`.as('up_to_soon'),
    sql<string>`count(*)`.as('total'),
  ] as const;

function toCounts(row: { overdue: string | number; up_to_soon: string | number; total: string | number } | undefined): TrayCounts {
  const overdue = Number(row?.overdue ?? 0);
  const upToSoon = Number(row?.up_to_soon ?? 0);
  const total = Number(row?.total ?? 0);
  return { overdue, dueSoon: upToSoon - overdue, due: total - upToSoon, total };
}

/** Counts per state in one pass over the open-work index (it carries kind and holder, so no row is read). */
export async function countTray(executor: Executor, scope: TrayScope, bounds: StateBounds): Promise<TrayCounts> {
  const row = await openItemsIn(executor, scope)
    .select([...countsBy(bounds)])
    .executeTakeFirst();
  return toCounts(row);
}

export interface TrayRow extends Selectable<WorkItemTable> {
  team_name: string;
  holder_name: string | null;
}

/** One page of a tray, soonest deadline first. */
export async function listTray(
  executor: Executor,
  scope: TrayScope,
  bounds: StateBounds,
  state: TrayState | undefined,
  page: { limit: number; offset: number },
): Promise<TrayRow[]> {
  let query = openItemsIn(executor, scope);
  if (state === 'overdue') {
    query = query.where('work_item.due_at', '<', bounds.now);
  } else if (state === 'due_soon') {
    query = query.where('work_item.due_at', '>=', bounds.now).where('work_item.due_at', '<=', bounds.soonUntil);
  } else if (state === 'due') {
    query = query.where('work_item.due_at', '>', bounds.soonUntil);
  }
  return query
    .innerJoin('team', 'team.id', 'work_item.team_id')
    .leftJoin('app_user as holder', 'holder.id', 'work_item.holder_user_id')
    .selectAll('work_item')
    .select(['team.name as team_name', 'holder.display_name as holder_name'])
    .orderBy('work_item.due_at')
    .orderBy('work_item.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** Who holds what across a manager's teams, with counts per state. */
export async function summariseHolders(executor: Executor, scope: TrayScope, bounds: StateBounds): Promise<HolderSummary[]> {
  const groups = await openItemsIn(executor, scope)
    .select(['work_item.team_id', 'work_item.holder_user_id', ...countsBy(bounds)])
    .groupBy(['work_item.team_id', 'work_item.holder_user_id'])
    .execute();
  if (groups.length === 0) {
    return [];
  }
  const teamIds = [...new Set(groups.map((group) => group.team_id))];
  const userIds = [...new Set(groups.flatMap((group) => (group.holder_user_id ? [group.holder_user_id] : [])))];
  const teams = new Map(
    (await executor.selectFrom('team').select(['id', 'name']).where('id', 'in', teamIds).execute()).map((team) => [team.id, team.name]),
  );
  const users =
    userIds.length > 0
      ? new Map(
          (await executor.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', userIds).execute()).map((user) => [
            user.id,
            user.display_name,
          ]),
        )
      : new Map<string, string>();
  return groups
    .map((group) => ({
      teamId: group.team_id,
      teamName: teams.get(group.team_id) ?? '',
      holderUserId: group.holder_user_id,
      holderName: group.holder_user_id ? (users.get(group.holder_user_id) ?? null) : null,
      ...toCounts(group),
    }))
    .sort(
      (a, b) =>
        a.teamName.localeCompare(b.teamName) ||
        Number(a.holderUserId !== null) - Number(b.holderUserId !== null) ||
        (a.holderName ?? '').localeCompare(b.holderName ?? ''),
    );
}

/** Names of the page's people that the reader may see; the others are simply absent. */
export async function visiblePersonNames(
  executor: Executor,
  personIds: string[],
  visible: RowFilter<'person'>,
): Promise<Map<string, string>> {
  const ids = [...new Set(personIds)];
  if (ids.length === 0) {
    return new Map();
  }
  const rows = await executor
    .selectFrom('person')
    .select(['person.id', 'person.given_name', 'person.family_name'])
    .where('person.id', 'in', ids)
    .where(visible)
    .execute();
  return new Map(rows.map((row) => [row.id, `${row.given_name} ${row.family_name}`]));
}

/** One item the actor may see (open or done), with its team's and holder's names. */
export async function findItem(executor: Executor, id: string, visible: RowFilter<'work_item'>): Promise<TrayRow | undefined> {
  return executor
    .selectFrom('work_item')
    .innerJoin('team', 'team.id', 'work_item.team_id')
    .leftJoin('app_user as holder', 'holder.id', 'work_item.holder_user_id')
    .selectAll('work_item')
    .select(['team.name as team_name', 'holder.display_name as holder_name'])
    .where('work_item.id', '=', id)
    .where(visible)
    .executeTakeFirst();
}

/** Moves an open item to a holder (or none) if nobody changed it since `version`; undefined when stale. */
export async function setHolder(
  tx: Tx,
  input: { id: string; version: number; holderUserId: string | null },
): Promise<Selectable<WorkItemTable> | undefined> {
  return tx
    .updateTable('work_item')
    .set((eb) => ({ holder_user_id: input.holderUserId, version: eb('version', '+', 1) }))
    .where('id', '=', input.id)
    .where('version', '=', input.version)
    .where('completed_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

const activeMembers = (executor: Executor, now: Date) =>
  executor
    .selectFrom('team_membership')
    .innerJoin('app_user', 'app_user.id', 'team_membership.user_id')
    .where('team_membership.starts_at', '<=', now)
    .where((eb) => eb.or([eb('team_membership.ends_at', 'is', null), eb('team_membership.ends_at', '>', now)]))
    .where('app_user.is_active', '=', true)
    .where('app_user.kind', '=', 'person');

/** The people currently in a team, by name. */
export async function teamMembers(executor: Executor, teamId: string, now: Date): Promise<TeamMember[]> {
  const rows = await activeMembers(executor, now)
    .select(['app_user.id', 'app_user.display_name'])
    .where('team_membership.team_id', '=', teamId)
    .orderBy('app_user.display_name')
    .execute();
  return rows.map((row) => ({ userId: row.id, name: row.display_name }));
}

/** Current members of these teams who hold one of the roles, per team. */
export async function membersWithRoles(executor: Executor, teamIds: string[], roles: string[], now: Date) {
  if (teamIds.length === 0 || roles.length === 0) {
    return [];
  }
  return activeMembers(executor, now)
    .select(['team_membership.team_id', 'app_user.id as user_id'])
    .where('team_membership.team_id', 'in', teamIds)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('role_assignment')
          .select(sql`1`.as('one'))
          .whereRef('role_assignment.user_id', '=', 'app_user.id')
          .where('role_assignment.role', 'in', roles)
          .where('role_assignment.revoked_at', 'is', null),
      ),
    )
    .execute();
}

export async function partnershipIds(executor: Executor): Promise<string[]> {
  return (await executor.selectFrom('partnership').select('id').execute()).map((row) => row.id);
}

export interface ReminderRow {
  id: string;
  team_id: string;
  holder_user_id: string | null;
  due_at: Date;
}

/**
 * Open items of a partnership that need a reminder: due soon and never reminded, or overdue and not
 * reminded since the deadline passed. Locked so two runners never remind twice.
 */
export async function claimReminders(tx: Tx, partnershipId: string, bounds: StateBounds, limit: number): Promise<ReminderRow[]> {
  return tx
    .selectFrom('work_item')
    .select(['id', 'team_id', 'holder_user_id', 'due_at'])
    .where('completed_at', 'is', null)
    .where('partnership_id', '=', partnershipId)
    .where('due_at', '<=', bounds.soonUntil)
    .where((eb) =>
      eb.or([eb('reminded_at', 'is', null), eb.and([eb('due_at', '<', bounds.now), eb('reminded_at', '<', eb.ref('due_at'))])]),
    )
    .orderBy('due_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function markReminded(tx: Tx, ids: string[], at: Date): Promise<void> {
  if (ids.length > 0) {
    await tx.updateTable('work_item').set({ reminded_at: at }).where('id', 'in', ids).execute();
  }
}

/** Whether a run of this job kind (other than `exceptId`) is already queued and not finished. */
