import type { Actor } from '../../platform/access/actor.ts';
import { recordAuditEvent } from '../../platform/audit-trail/record-audit-event.ts';
import { type Clock, MINUTE_MS } from '../../platform/clock.ts';
import { type Db, type Tx, withTransaction } from '../../platform/database/transaction.ts';
import { formatShortDateOf, ukDateOf, ukTimeOf } from '../../platform/dates.ts';
import { AppError, ErrorCode, notFound } from '../../platform/errors.ts';
import type { JobHandler } from '../../platform/jobs/jobs.ts';
import { jobWaiting, scheduleJob } from '../../platform/jobs/jobs.ts';
import { notify } from '../../platform/notifications/notifications.ts';
import { parseInput } from '../../platform/validation.ts';
import type { CalendarService, WorkingCalendar } from '../calendar/index.ts';
import {
  canAllocate,
  canReallocateWork,
  canSeeTeamTray,
  REALLOCATING_ROLES,
  trayPersonVisibleTo,
  workItemVisibleTo,
} from './work.policy.ts';
import * as repository from './work.repository.ts';
import {
  AllocateInput,
  OpenWorkItemInput,
  type ReminderReport,
  type TeamMember,
  type TrayItem,
  type TrayPage,
  TrayQuery,
  type TrayState,
  WORK_KIND_LABELS,
  type WorkItem,
  type WorkKind,
} from './work.schema.ts';

/** The job kind that reminds holders (or managers) of work falling due; it reschedules itself. */
export const REMINDER_JOB_KIND = 'work.reminders';
/** How often reminders are looked for: well inside the shortest clock (a Red rating's 4 hours). */
export const REMINDER_INTERVAL_MS = 5 * MINUTE_MS;
const REMINDER_BATCH = 500;

/**
 * Opens a clock's work item inside the caller's transaction, so the item exists exactly when the
 * record that started the clock does. Opening the same reference and kind twice returns the open one.
 */
export async function openWorkItem(tx: Tx, clock: Clock, rawInput: OpenWorkItemInput): Promise<WorkItem> {
  const input = parseInput(OpenWorkItemInput, rawInput);
  return repository.insertOpenItem(tx, input, clock.now());
}

/** Closes the open items for a reference (of one kind, or all), in the transaction that stops the clock. */
export async function closeWorkItems(
  tx: Tx,
  clock: Clock,
  actor: Actor,
  input: { referenceType: string; referenceId: string; kind?: WorkKind; outcome: string },
): Promise<WorkItem[]> {
  return repository.completeOpenItems(tx, { ...input, at: clock.now(), by: actor.label });
}

const workingDaysText = (n: number) => `${n} working day${n === 1 ? '' : 's'}`;

/** A deadline that closes a working day ends at 23:59:59.999; anything else is an hour on the clock. */
const isEndOfDay = (dueAt: Date) => ukTimeOf(new Date(dueAt.getTime() + 1)) === '00:00';

/**
 * A deadline as a practitioner reads it, counted in working days on the partnership's calendar:
 * "due in 3 working days", "2 working days overdue", "due today at 13:00".
 */
export function describeDue(calendar: WorkingCalendar, now: Date, dueAt: Date): { dueDate: string; workingDays: number; dueText: string } {
  const today = ukDateOf(now);
  const dueDate = ukDateOf(dueAt);
  const workingDays = calendar.workingDaysBetween(today, dueDate);
  const at = isEndOfDay(dueAt) ? '' : ` at ${ukTimeOf(dueAt)}`;
  let dueText: string;
  if (dueAt.getTime() < now.getTime()) {
    if (workingDays < 0) {
      dueText = `${workingDaysText(-workingDays)} overdue`;
    } else {
      dueText = dueDate === today ? `overdue since ${ukTimeOf(dueAt)} today` : `overdue since ${formatShortDateOf(dueAt)}${at}`;
    }
  } else if (dueDate === today) {
    dueText = `due today${at}`;
  } else if (workingDays === 0) {
    // A clock in hours can run out on a weekend or bank holiday, which no working day reaches.
    dueText = `due ${formatShortDateOf(dueAt)}${at}`;
  } else {
    dueText = `due in ${workingDaysText(workingDays)}`;
  }
  return { dueDate, workingDays, dueText };
}

function stateOf(dueAt: Date, bounds: repository.StateBounds): TrayState {
  if (dueAt.getTime() < bounds.now.getTime()) {
    return 'overdue';
  }
  return dueAt.getTime() <= bounds.soonUntil.getTime() ? 'due_soon' : 'due';
}

export function createWorkService(db: Db, clock: Clock, deps: { calendar: CalendarService }) {
  const { calendar } = deps;

  function partnershipOf(actor: Actor): string {
    if (actor.kind !== 'user' || !actor.userId || !actor.partnershipId) {
      throw new AppError(ErrorCode.FORBIDDEN, 'Work trays belong to the people in a team');
    }
    return actor.partnershipId;
  }

  async function boundsFor(partnershipId: string, now: Date) {
    const [working, clocks] = await Promise.all([calendar.load(partnershipId), calendar.clocks(partnershipId)]);
    return { working, bounds: { now, soonUntil: working.due(now, clocks.dueSoon) } };
  }

  async function toTrayItems(
    executor: Db | Tx,
    actor: Actor,
    rows: repository.TrayRow[],
    working: WorkingCalendar,
    bounds: repository.StateBounds,
  ): Promise<TrayItem[]> {
    const personIds = rows.flatMap((row) => (row.person_id ? [row.person_id] : []));
    const names = await repository.visiblePersonNames(executor, personIds, trayPersonVisibleTo(actor, bounds.now));
    return rows.map((row) => {
      const item = repository.toWorkItem(row);
      const personName = item.personId ? (names.get(item.personId) ?? null) : null;
      return {
        ...item,
        kindLabel: WORK_KIND_LABELS[item.kind] ?? item.kind,
        state: stateOf(item.dueAt, bounds),
        ...describeDue(working, bounds.now, item.dueAt),
        teamName: row.team_name,
        holderName: row.holder_name,
        personName,
        personHidden: item.personId !== null && personName === null,
      };
    });
  }

  /** Reminds about a partnership's work falling due, in batches; each batch is one transaction. */
  async function remindPartnership(partnershipId: string, report: ReminderReport): Promise<void> {
    const now = clock.now();
    const { bounds } = await boundsFor(partnershipId, now);
    for (;;) {
      const sent = await withTransaction(db, async (tx) => {
        const rows = await repository.claimReminders(tx, partnershipId, bounds, REMINDER_BATCH);
        const unallocatedTeams = [...new Set(rows.filter((row) => !row.holder_user_id).map((row) => row.team_id))];
        const managers = await repository.membersWithRoles(tx, unallocatedTeams, REALLOCATING_ROLES, now);
        for (const row of rows) {
          const overdue = row.due_at.getTime() < now.getTime();
          const recipients = row.holder_user_id
            ? [row.holder_user_id]
            : managers.filter((manager) => manager.team_id === row.team_id).map((manager) => manager.user_id);
          await notify(tx, {
            recipientUserIds: recipients,
            kind: overdue ? 'work.overdue' : 'work.due_soon',
            referenceType: 'work_item',
            referenceId: row.id,
            now,
          });
          report[overdue ? 'overdue' : 'dueSoon'] += 1;
          report.notifications += new Set(recipients).size;
        }
        await repository.markReminded(
          tx,
          rows.map((row) => row.id),
          now,
        );
        return rows.length;
      });
      if (sent < REMINDER_BATCH) {
        return;
      }
    }
  }

  const service = {
    /**
     * A tray: a team's open work (members only), the actor's own, or a manager's view of every team
     * they belong to with who holds what. One page, soonest first, and the counts per state.
     */
    async tray(actor: Actor, rawQuery: TrayQuery): Promise<TrayPage> {
      const partnershipId = partnershipOf(actor);
      const query = parseInput(TrayQuery, rawQuery);
      let teamIds: string[] | undefined;
      if (query.view === 'team') {
        if (!query.teamId) {
          throw new AppError(ErrorCode.VALIDATION, 'There is a problem with the information given', [
            { field: 'teamId', message: 'Choose a team' },
          ]);
        }
        if (!canSeeTeamTray(actor, query.teamId)) {
          throw new AppError(ErrorCode.FORBIDDEN, 'Only members of a team can see its tray');
        }
        teamIds = [query.teamId];
      } else if (query.view === 'manager') {
        if (!canReallocateWork(actor)) {
          throw new AppError(ErrorCode.FORBIDDEN, 'Only a team manager has a manager’s view of the trays');
        }
        if (query.teamId && !canSeeTeamTray(actor, query.teamId)) {
          throw new AppError(ErrorCode.FORBIDDEN, 'You can only manage the trays of teams you belong to');
        }
        teamIds = query.teamId ? [query.teamId] : actor.teamIds;
      }
      const scope: repository.TrayScope = {
        partnershipId,
        ...(teamIds ? { teamIds } : {}),
        ...(query.view === 'mine' ? { holderUserId: actor.userId as string } : {}),
        kind: query.kind,
        holder: query.holder,
      };
      const now = clock.now();
      const { working, bounds } = await boundsFor(partnershipId, now);
      // Counts and the page are separate reads; on a server they run side by side on two connections.
      const [counts, rows, holders] = await Promise.all([
        repository.countTray(db, scope, bounds),
        repository.listTray(db, scope, bounds, query.state, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize }),
        query.view === 'manager' ? repository.summariseHolders(db, { ...scope, holder: undefined }, bounds) : Promise.resolve([]),
      ]);
      const total =
        query.state === 'overdue'
          ? counts.overdue
          : query.state === 'due_soon'
            ? counts.dueSoon
            : query.state === 'due'
              ? counts.due
              : counts.total;
      return {
        view: query.view,
        teamIds: teamIds ?? [],
        items: await toTrayItems(db, actor, rows, working, bounds),
        total,
        page: query.page,
        pageSize: query.pageSize,
        counts,
        holders,
        dueSoonUntil: bounds.soonUntil,
      };
    },

    /** One item, for its team's members and its holder; anyone else is told it does not exist. */
    async item(actor: Actor, id: string, executor: Db | Tx = db): Promise<TrayItem> {
      const partnershipId = partnershipOf(actor);
      const row = await repository.findItem(executor, id, workItemVisibleTo(actor));
      if (!row) {
        throw notFound();
      }
      const { working, bounds } = await boundsFor(partnershipId, clock.now());
      const [item] = await toTrayItems(executor, actor, [row], working, bounds);
      return item as TrayItem;
    },

    /** The people work in a team's tray can go to. */
    async teamMembers(actor: Actor, teamId: string): Promise<TeamMember[]> {
      partnershipOf(actor);
      if (!canSeeTeamTray(actor, teamId)) {
        throw new AppError(ErrorCode.FORBIDDEN, 'Only members of a team can see who is in it');
      }
      return repository.teamMembers(db, teamId, clock.now());
    },

    /**
     * Gives an open item to a member of its team, or back to the team (null). A manager moves any
     * item; a member takes unallocated work or hands back their own. The change, its audit event
     * and the new holder's notification commit together, and only if nobody changed the item first.
     */
    async allocate(actor: Actor, id: string, rawInput: AllocateInput): Promise<TrayItem> {
      partnershipOf(actor);
      const input = parseInput(AllocateInput, rawInput);
      return withTransaction(db, async (tx) => {
        const now = clock.now();
        const row = await repository.findItem(tx, id, workItemVisibleTo(actor));
        if (!row) {
          throw notFound();
        }
        const item = repository.toWorkItem(row);
        if (!canAllocate(actor, item, input.holderUserId)) {
          throw new AppError(
            ErrorCode.FORBIDDEN,
            canSeeTeamTray(actor, item.teamId)
              ? 'Only a team manager can give work to someone else or take it from them'
              : `Only members of ${row.team_name} can take its work`,
          );
        }
        if (item.completedAt) {
          throw new AppError(ErrorCode.INVALID_TRANSITION, 'This work is already done, so it cannot be reallocated');
        }
        if (input.holderUserId && !(await repository.teamMembers(tx, item.teamId, now)).some((m) => m.userId === input.holderUserId)) {
          throw new AppError(ErrorCode.VALIDATION, 'There is a problem with the information given', [
            { field: 'holderUserId', message: `Choose a member of ${row.team_name}` },
          ]);
        }
        if (item.version !== input.version || !(await repository.setHolder(tx, { id, ...input }))) {
          throw new AppError(ErrorCode.STALE_VERSION, 'Someone else changed this work item at the same moment. Look again and retry.');
        }
        await recordAuditEvent(tx, actor, clock, {
          action: 'work.reallocated',
          subjectType: 'work_item',
          subjectId: id,
          details: { kind: item.kind, teamId: item.teamId, from: item.holderUserId, to: input.holderUserId },
        });
        if (input.holderUserId && input.holderUserId !== actor.userId) {
          await notify(tx, {
            recipientUserIds: [input.holderUserId],
            kind: 'work.allocated',
            referenceType: 'work_item',
            referenceId: id,
            now,
          });
        }
        return service.item(actor, id, tx);
      });
    },

    /** "Assign to me": a team member takes unallocated work (a manager may take anything). */
    async take(actor: Actor, id: string, version: number): Promise<TrayItem> {
      return service.allocate(actor, id, { holderUserId: actor.userId, version });
    },

    /**
     * Notifies holders of work that has become due soon or overdue (the team's managers when no one
     * holds it), once for each, and marks it reminded. Safe to run again at any time.
     */
    async sendReminders(): Promise<ReminderReport> {
      const report: ReminderReport = { dueSoon: 0, overdue: 0, notifications: 0 };
      for (const partnershipId of await repository.partnershipIds(db)) {
        await remindPartnership(partnershipId, report);
      }
      return report;
    },

    /** Queues the first reminders run unless one is already waiting; called at start-up. */
    async scheduleReminders(dueAt: Date = clock.now()): Promise<void> {
      if (!(await jobWaiting(db, REMINDER_JOB_KIND))) {
        await scheduleJob(db, clock, { kind: REMINDER_JOB_KIND, payload: {}, dueAt });
      }
    },

    /** The job handlers this module brings to the runner: reminders, which queue their own next run. */
    jobHandlers(): Record<string, JobHandler> {
      return {
        [REMINDER_JOB_KIND]: async (_payload, job) => {
          await service.sendReminders();
          if (!(await jobWaiting(db, REMINDER_JOB_KIND, job.id))) {
            await scheduleJob(db, clock, {
              kind: REMINDER_JOB_KIND,
              payload: {},
              dueAt: new Date(clock.now().getTime() + REMINDER_INTERVAL_MS),
            });
          }
        },
      };
    },
  };
  return service;
}

export type WorkService = ReturnType<typeof createWorkService>;
