import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import { listAuditEntriesForSubject } from '../../platform/audit-trail/verify-chain.ts';
import { withTransaction } from '../../platform/database/transaction.ts';
import { newId } from '../../platform/ids.ts';
import { createJobRunner, findJob } from '../../platform/jobs/jobs.ts';
import { listNotifications } from '../../platform/notifications/notifications.ts';
import { createTestContext, type TestContext } from '../../testing/test-context.ts';
import { endOfUkDay } from '../calendar/index.ts';
import { closeWorkItems, openWorkItem, REMINDER_JOB_KIND, type WorkItem, type WorkKind } from './index.ts';

describe('Work trays: Priya Nair manages Assessment Team East’s work on the clock', () => {
  let context: TestContext;
  let priya: Actor;
  let sam: Actor;
  let marcus: Actor;
  let tom: Actor;
  let eastTeamId: string;
  let mashTeamId: string;
  let ellieId: string;
  let masonId: string;
  let overdue: WorkItem;
  let dueSoon: WorkItem;
  let later: WorkItem;

  async function open(input: { kind: WorkKind; teamId: string; dueOn: string; holder?: Actor; personId?: string }) {
    const partnershipId = priya.partnershipId as string;
    return withTransaction(context.handle.db, (tx) =>
      openWorkItem(tx, context.clock, {
        partnershipId,
        kind: input.kind,
        title: 'Decide on the referral',
        personId: input.personId ?? null,
        referenceType: 'referral',
        referenceId: newId(),
        teamId: input.teamId,
        holderUserId: input.holder?.userId ?? null,
        dueAt: endOfUkDay(input.dueOn),
        clockLabel: '1 working day from receipt',
      }),
    );
  }

  before(async () => {
    context = await createTestContext();
    priya = await context.actor('priya.nair');
    sam = await context.actor('sam.okafor');
    tom = await context.actor('tom.fletcher');
    eastTeamId = sam.teamIds[0] as string;
    mashTeamId = (await context.actor('marcus.bell')).teamIds[0] as string;
    // Marcus covers Assessment Team East's duty desk as well as the MASH; the demo directory has no
    // command for a second team, so the membership is written directly.
    const marcusId = (await context.actor('marcus.bell')).userId as string;
    await sql`insert into team_membership (id, user_id, team_id, starts_at) values (${newId()}, ${marcusId}, ${eastTeamId}, ${new Date('2026-01-01T00:00:00Z')})`.execute(
      context.handle.db,
    );
    marcus = await context.actor('marcus.bell');
    ellieId = (await context.services.people.listPeople(sam, { name: 'Ellie' }))[0]?.id as string;
    const aisha = await context.actor('aisha.rahman');
    masonId = (await context.services.people.listPeople(aisha, { name: 'Mason' }))[0]?.id as string;
    // Monday 23 November 2026, 09:00. Thursday's decision is two working days late; Tuesday's is due soon.
    overdue = await open({ kind: 'referral_decision', teamId: eastTeamId, dueOn: '2026-11-19', holder: marcus, personId: ellieId });
    dueSoon = await open({ kind: 'referral_triage', teamId: eastTeamId, dueOn: '2026-11-24', personId: masonId });
    later = await open({ kind: 'child_and_family_assessment', teamId: eastTeamId, dueOn: '2026-11-27', holder: sam });
    await open({ kind: 'referral_decision', teamId: mashTeamId, dueOn: '2026-11-20', holder: marcus });
    const done = await open({ kind: 'icpc', teamId: eastTeamId, dueOn: '2026-11-18', holder: sam });
    await withTransaction(context.handle.db, (tx) =>
      closeWorkItems(tx, context.clock, sam, { referenceType: 'referral', referenceId: done.referenceId, outcome: 'held' }),
    );
  });
  after(async () => {
    await context.close();
  });

  it('shows the team’s open work soonest first, by clock, in working days, naming only people the reader may see', async () => {
    const tray = await context.services.work.tray(priya, { view: 'team', teamId: eastTeamId });
    assert.deepEqual(tray.counts, { overdue: 1, dueSoon: 1, due: 1, total: 3 });
    assert.deepEqual(
      tray.items.map((item) => item.id),
      [overdue.id, dueSoon.id, later.id],
    );
    const [first, second, third] = tray.items;
    assert.equal(first?.state, 'overdue');
    assert.equal(first?.dueText, '2 working days overdue');
    assert.equal(first?.workingDays, -2);
    assert.equal(first?.holderName, 'Marcus Bell');
    assert.equal(first?.personName, 'Ellie Hartwell');
    assert.equal(first?.kindLabel, 'Decide on the referral');
    assert.equal(second?.state, 'due_soon');
    assert.equal(second?.dueText, 'due in 1 working day');
    assert.equal(second?.holderName, null);
    // Mason is the health visitor's; Priya's team has no involvement, so his name stays off her tray.
    assert.equal(second?.personName, null);
    assert.equal(second?.personHidden, true);
    assert.equal(third?.state, 'due');
    assert.equal(third?.dueText, 'due in 4 working days');
  });

  it('filters by state, kind and holder, and pages, keeping the counts for the tabs', async () => {
    const overdueOnly = await context.services.work.tray(priya, { view: 'team', teamId: eastTeamId, state: 'overdue' });
    assert.deepEqual(
      overdueOnly.items.map((item) => item.id),
      [overdue.id],
    );
    assert.equal(overdueOnly.total, 1);
    assert.equal(overdueOnly.counts.total, 3);
    const unallocated = await context.services.work.tray(priya, { view: 'team', teamId: eastTeamId, holder: 'unallocated' });
    assert.deepEqual(
      unallocated.items.map((item) => item.id),
      [dueSoon.id],
    );
    assert.deepEqual(unallocated.counts, { overdue: 0, dueSoon: 1, due: 0, total: 1 });
    const assessments = await context.services.work.tray(priya, { view: 'team', teamId: eastTeamId, kind: 'child_and_family_assessment' });
    assert.deepEqual(
      assessments.items.map((item) => item.id),
      [later.id],
    );
    const second = await context.services.work.tray(priya, { view: 'team', teamId: eastTeamId, page: 2, pageSize: 2 });
    assert.deepEqual(
      second.items.map((item) => item.id),
      [later.id],
    );
    assert.equal(second.total, 3);
  });

  it('gives the manager every team she belongs to by holder, and each worker their own work', async () => {
    const view = await context.services.work.tray(priya, { view: 'manager' });
    const marcusShare = view.holders.find((holder) => holder.holderName === 'Marcus Bell');
    assert.deepEqual(
      { overdue: marcusShare?.overdue, total: marcusShare?.total, team: marcusShare?.teamName },
      { overdue: 1, total: 1, team: 'Assessment Team East' },
    );
    assert.equal(view.holders.find((holder) => holder.holderUserId === null)?.dueSoon, 1);
    // The MASH item Marcus holds is not Priya's team's business.
    assert.equal(view.counts.total, 3);
    const mine = await context.services.work.tray(sam, { view: 'mine' });
    assert.deepEqual(
      mine.items.map((item) => item.id),
      [later.id],
    );
    const marcusOwn = await context.services.work.tray(marcus, { view: 'mine' });
    assert.equal(marcusOwn.counts.overdue, 2);
  });

  it('refuses a tray to those outside the team and a manager’s view to a practitioner', async () => {
    await assert.rejects(context.services.work.tray(tom, { view: 'team', teamId: eastTeamId }), { code: 'FORBIDDEN' });
    await assert.rejects(context.services.work.tray(sam, { view: 'manager' }), { code: 'FORBIDDEN' });
    await assert.rejects(context.services.work.tray(priya, { view: 'team' }), (error: { code: string; fields: { field: string }[] }) => {
      assert.equal(error.code, 'VALIDATION');
      assert.equal(error.fields[0]?.field, 'teamId');
      return true;
    });
    await assert.rejects(context.services.work.item(tom, overdue.id), { code: 'NOT_FOUND' });
  });

  it('lets Priya move Marcus’s overdue decision to Sam: versioned, audited, and Sam is told', async () => {
    const moved = await context.services.work.allocate(priya, overdue.id, { holderUserId: sam.userId, version: overdue.version });
    assert.equal(moved.holderName, 'Sam Okafor');
    assert.equal(moved.version, overdue.version + 1);
    const trail = await listAuditEntriesForSubject(context.handle.db, 'work_item', overdue.id);
    assert.deepEqual(
      trail.map((entry) => entry.action),
      ['work.reallocated'],
    );
    assert.match(trail[0]?.actorLabel ?? '', /priya\.nair/);
    const told = await listNotifications(context.handle.db, sam.userId as string);
    assert.ok(told.some((note) => note.kind === 'work.allocated' && note.referenceId === overdue.id));

    // A second change based on the old version is stale and changes nothing.
    await assert.rejects(context.services.work.allocate(priya, overdue.id, { holderUserId: marcus.userId, version: overdue.version }), {
      code: 'STALE_VERSION',
    });
    assert.equal((await context.services.work.item(priya, overdue.id)).holderName, 'Sam Okafor');
  });

  it('will not give work to someone outside the team, nor let a practitioner move others’ work', async () => {
    const current = await context.services.work.item(priya, later.id);
    await assert.rejects(
      context.services.work.allocate(priya, later.id, { holderUserId: tom.userId, version: current.version }),
      (error: { code: string; fields: { field: string; message: string }[] }) => {
        assert.equal(error.code, 'VALIDATION');
        assert.deepEqual(error.fields[0], { field: 'holderUserId', message: 'Choose a member of Assessment Team East' });
        return true;
      },
    );
    await assert.rejects(context.services.work.allocate(sam, later.id, { holderUserId: priya.userId, version: current.version }), {
      code: 'FORBIDDEN',
    });
    await assert.rejects(context.services.work.allocate(tom, later.id, { holderUserId: tom.userId, version: current.version }), {
      code: 'NOT_FOUND',
    });
    assert.equal((await context.services.work.item(priya, later.id)).version, current.version);
  });

  it('lets a team member take unallocated work, but not work someone else holds', async () => {
    const marcusTakes = await context.services.work.item(marcus, dueSoon.id);
    const taken = await context.services.work.take(marcus, dueSoon.id, marcusTakes.version);
    assert.equal(taken.holderName, 'Marcus Bell');
    await assert.rejects(context.services.work.take(sam, dueSoon.id, taken.version), { code: 'FORBIDDEN' });
    // Hand it back for the reminder story below.
    await context.services.work.allocate(marcus, dueSoon.id, { holderUserId: null, version: taken.version });
  });

  it('reminds once when work falls due soon and once more when it goes overdue; the unallocated go to the managers', async () => {
    const before = (await listNotifications(context.handle.db, priya.userId as string)).length;
    const first = await context.services.work.sendReminders();
    // Overdue: Sam's decision (moved to him) and Marcus's MASH item; due soon: the unallocated triage.
    assert.deepEqual(first, { dueSoon: 1, overdue: 2, notifications: 3 });
    const priyaNotes = await listNotifications(context.handle.db, priya.userId as string);
    assert.equal(priyaNotes.length, before + 1);
    assert.equal(priyaNotes[0]?.kind, 'work.due_soon');
    assert.equal(priyaNotes[0]?.referenceId, dueSoon.id);
    assert.deepEqual(await context.services.work.sendReminders(), { dueSoon: 0, overdue: 0, notifications: 0 });

    // Wednesday: Tuesday's triage is now overdue, so it is reminded again; Friday's work is not yet due soon.
    context.clock.set('2026-11-25T09:00:00Z');
    const wednesday = await context.services.work.sendReminders();
    assert.deepEqual(wednesday, { dueSoon: 0, overdue: 1, notifications: 1 });
    assert.equal((await listNotifications(context.handle.db, priya.userId as string))[0]?.kind, 'work.overdue');
    assert.equal((await context.services.work.item(priya, dueSoon.id)).dueText, '1 working day overdue');

    // Thursday: Friday's assessment falls due soon and Sam, who holds it, is told.
    context.clock.set('2026-11-26T09:00:00Z');
    assert.deepEqual(await context.services.work.sendReminders(), { dueSoon: 1, overdue: 0, notifications: 1 });
    assert.equal((await listNotifications(context.handle.db, sam.userId as string))[0]?.kind, 'work.due_soon');
    context.clock.set('2026-11-23T09:00:00Z');
  });

  it('runs reminders as a job that queues its own next run, and only one is ever waiting', async () => {
    await context.services.work.scheduleReminders();
    await context.services.work.scheduleReminders();
    const waiting = async () =>
      (
        await context.handle.db
          .selectFrom('job')
          .select(['id', 'due_at'])
          .where('kind', '=', REMINDER_JOB_KIND)
          .where('done_at', 'is', null)
          .execute()
      ).map((row) => ({ id: row.id, dueAt: new Date(row.due_at) }));
    const queued = await waiting();
    assert.equal(queued.length, 1);
    const runner = createJobRunner({
      db: context.handle.db,
      clock: context.clock,
      handlers: context.services.work.jobHandlers(),
      pollMs: 1000,
      batchSize: 5,
    });
    assert.equal(await runner.runOnce(), 1);
    assert.ok((await findJob(context.handle.db, queued[0]?.id as string))?.doneAt);
    const next = await waiting();
    assert.equal(next.length, 1);
    assert.equal(next[0]?.dueAt.toISOString(), '2026-11-23T09:05:00.000Z');
    // Not due until five minutes on.
    assert.equal(await runner.runOnce(), 0);
    context.clock.advance(5 * 60_000);
    assert.equal(await runner.runOnce(), 1);
  });
});
