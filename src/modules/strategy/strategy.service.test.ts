import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../platform/access/actor.ts';
import { withTransaction } from '../../platform/database/transaction.ts';
import { AppError, ErrorCode } from '../../platform/errors.ts';
import { decidedReferral, FULL_ATTENDANCE, teamId } from '../../testing/strategy-fixtures.ts';
import { createTestContext, type TestContext } from '../../testing/test-context.ts';

async function rejects(promise: Promise<unknown>, code: string, message?: RegExp): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.code, code, error.message);
    if (message) {
      assert.match(`${error.message} ${error.fields.map((field) => field.message).join(' ')}`, message);
    }
    return error;
  }
  assert.fail('expected an error');
}

describe('Strategy discussions: Marcus Bell holds one for Ellie, Priya Nair starts a section 47 enquiry', () => {
  let context: TestContext;
  let ellieId: string;

  before(async () => {
    context = await createTestContext();
    const sam = await context.actor('sam.okafor');
    ellieId = (await context.services.people.listPeople(sam, { name: 'Ellie' }))[0]?.id as string;
  });
  after(() => context.close());

  function discussion(referralId: string, overrides: Record<string, unknown> = {}) {
    return {
      referralId,
      kind: 'meeting' as const,
      heldAt: '2026-12-17T10:00:00Z',
      chair: 'Priya Nair',
      attendees: [...FULL_ATTENDANCE],
      immediateRiskConsidered: true,
      immediateRiskAction: 'Ellie to stay with her grandmother tonight; police to visit the home',
      viewsEstablished: true,
      harmSuspected: true,
      outcome: 'Significant harm suspected: section 47 enquiry to start',
      actions: [{ description: 'Visit Ellie at school', ownerName: 'Sam Okafor', ownerAgency: 'Children’s Services', dueOn: '2026-12-18' }],
      ...overrides,
    };
  }

  it('records the discussion on time, closes the strategy clock, writes the chronology, and answers the four questions', async () => {
    context.clock.set('2026-12-17T12:00:00Z');
    const referralId = await decidedReferral(context, {
      kind: 'child',
      team: 'Multi-Agency Safeguarding Hub',
      personIds: [ellieId],
      receivedAt: '2026-12-16T15:00:00Z',
    });
    const marcus = await context.actor('marcus.bell');
    const referral = await context.services.referrals.getForModule(context.handle.db, marcus, referralId);
    await withTransaction(context.handle.db, (tx) => context.services.strategy.openStrategyClock(tx, referral));
    context.clock.set('2026-12-17T12:00:00Z');

    const held = await context.services.strategy.recordDiscussion(marcus, discussion(referralId));

    assert.equal(held.onTime, true);
    assert.equal(held.dueAt.toISOString(), '2026-12-17T23:59:59.999Z');
    assert.deepEqual(held.missingAgencies, []);
    assert.deepEqual(
      held.auditAnswers.map((answer) => [answer.question, answer.answer]),
      [
        ['heldInTime', true],
        ['immediateRisk', true],
        ['agenciesInvolved', true],
        ['viewsAndWishes', true],
      ],
    );
    assert.equal(held.actions.length, 1);
    const item = await context.handle.db
      .selectFrom('work_item')
      .select(['completed_at', 'outcome'])
      .where('reference_id', '=', referralId)
      .where('kind', '=', 'strategy_discussion')
      .executeTakeFirstOrThrow();
    assert.ok(item.completed_at, 'the strategy clock is stopped');
    const entries = await context.services.chronology.personChronology(marcus, ellieId, {});
    assert.ok(
      entries.entries.some(
        (entry) => entry.originType === 'strategy_discussion' && /Strategy meeting held \(on time\)/.test(entry.summary),
      ),
    );
    const listed = await context.services.strategy.listForReferral(marcus, referralId);
    assert.deepEqual(
      listed.map((row) => row.id),
      [held.id],
    );
  });

  it('Priya starts a section 47 enquiry: the conference is due 12 January 2027, 15 working days on, held by the Child Protection Team', async () => {
    context.clock.set('2026-12-17T12:00:00Z');
    const referralId = await decidedReferral(context, {
      kind: 'child',
      team: 'Assessment Team East',
      personIds: [ellieId],
      receivedAt: '2026-12-16T15:00:00Z',
    });
    context.clock.set('2026-12-17T12:00:00Z');
    const priya = await context.actor('priya.nair');
    const held = await context.services.strategy.recordDiscussion(priya, discussion(referralId));

    const enquiry = await context.services.strategy.startSection47(priya, held.id, { leadSocialWorker: 'Sam Okafor' });

    assert.equal(enquiry.icpcDueOn, '2027-01-12');
    assert.equal(enquiry.icpcWorkingDaysLeft, 15);
    assert.notEqual(new Date(`${enquiry.icpcDueOn}T12:00:00Z`).getUTCDay() % 6, 0, 'never a weekend (C-05)');
    assert.equal(enquiry.teamId, await teamId(context, 'Child Protection Team'));
    const referral = await context.services.referrals.getForModule(context.handle.db, priya, referralId);
    assert.equal(referral.route, 'section_47');
    const item = await context.handle.db
      .selectFrom('work_item')
      .select(['kind', 'team_id', 'due_at', 'completed_at'])
      .where('reference_id', '=', enquiry.id)
      .executeTakeFirstOrThrow();
    assert.equal(item.kind, 'icpc');
    assert.equal(item.team_id, enquiry.teamId);
    assert.equal(new Date(item.due_at).toISOString(), enquiry.icpcDueAt.toISOString());
    const reread = await context.services.strategy.getDiscussion(priya, held.id);
    assert.equal(reread.section47EnquiryId, enquiry.id);
    const summary = await context.services.strategy.summaryForReferral(priya, referralId);
    assert.equal(summary.section47?.icpcDueOn, '2027-01-12');

    await rejects(context.services.strategy.startSection47(priya, held.id), ErrorCode.CONFLICT);

    context.clock.set('2027-01-13T09:00:00Z');
    const overdue = await context.services.strategy.getSection47(priya, enquiry.id);
    assert.equal(overdue.icpcOverdue, true, 'no conference 15 working days on (C-06)');
    assert.equal(overdue.icpcWorkingDaysLeft, -1);
    await rejects(
      context.services.strategy.recordConference(priya, enquiry.id, { heldAt: '2026-12-16T09:00:00Z' }),
      ErrorCode.VALIDATION,
      /before the enquiry started/,
    );
    const held15 = await context.services.strategy.recordConference(priya, enquiry.id, { heldAt: '2027-01-12T14:00:00Z' });
    assert.equal(held15.icpcLate, false);
    assert.equal(held15.icpcOverdue, false);
    const icpcItem = await context.handle.db
      .selectFrom('work_item')
      .select('completed_at')
      .where('reference_id', '=', enquiry.id)
      .executeTakeFirstOrThrow();
    assert.ok(icpcItem.completed_at, 'the conference clock is stopped');
    await rejects(context.services.strategy.recordConference(priya, enquiry.id, { heldAt: '2027-01-12T14:00:00Z' }), ErrorCode.CONFLICT);
  });

  it('with the conference anchored on the last discussion, a later discussion moves the due date', async () => {
    const partnershipId = await context.services.calendar.onlyPartnershipId();
    await context.services.calendar.changeClocks(systemActor('test'), { icpcAnchor: 'last' }, partnershipId);
    try {
      context.clock.set('2026-12-17T12:00:00Z');
      const referralId = await decidedReferral(context, {
        kind: 'child',
        team: 'Assessment Team East',
        personIds: [ellieId],
        receivedAt: '2026-12-16T15:00:00Z',
      });
      context.clock.set('2026-12-17T12:00:00Z');
      const priya = await context.actor('priya.nair');
      const first = await context.services.strategy.recordDiscussion(priya, discussion(referralId));
      const enquiry = await context.services.strategy.startSection47(priya, first.id);
      assert.equal(enquiry.icpcDueOn, '2027-01-12');
      context.clock.set('2026-12-22T12:00:00Z');
      await context.services.strategy.recordDiscussion(priya, discussion(referralId, { heldAt: '2026-12-22T09:00:00Z' }));
      const moved = await context.services.strategy.getSection47(priya, enquiry.id);
      assert.equal(moved.icpcDueOn, '2027-01-15');
      const open = await context.handle.db
        .selectFrom('work_item')
        .select('due_at')
        .where('reference_id', '=', enquiry.id)
        .where('completed_at', 'is', null)
        .execute();
      assert.equal(open.length, 1);
      assert.equal(new Date(open[0]?.due_at as Date).toISOString(), moved.icpcDueAt.toISOString());
    } finally {
      await context.services.calendar.changeClocks(systemActor('test'), { icpcAnchor: 'initiating' }, partnershipId);
    }
  });

  it('refuses a discussion dated before the referral, in the future, or on a referral not decided for one; nothing is written', async () => {
    context.clock.set('2026-12-17T12:00:00Z');
    const referralId = await decidedReferral(context, {
      kind: 'child',
      team: 'Multi-Agency Safeguarding Hub',
      personIds: [ellieId],
      receivedAt: '2026-12-16T15:00:00Z',
    });
    context.clock.set('2026-12-17T12:00:00Z');
    const marcus = await context.actor('marcus.bell');
    await rejects(
      context.services.strategy.recordDiscussion(marcus, discussion(referralId, { heldAt: '2026-12-16T14:00:00Z' })),
      ErrorCode.VALIDATION,
      /before the referral was received/,
    );
    await rejects(
      context.services.strategy.recordDiscussion(marcus, discussion(referralId, { heldAt: '2026-12-18T09:00:00Z' })),
      ErrorCode.VALIDATION,
      /in the past/,
    );
    assert.deepEqual(await context.services.strategy.listForReferral(marcus, referralId), []);

    const assessed = await decidedReferral(context, {
      kind: 'child',
      team: 'Multi-Agency Safeguarding Hub',
      personIds: [ellieId],
      receivedAt: '2026-12-16T15:00:00Z',
      route: 'child_and_family_assessment',
    });
    await rejects(
      context.services.strategy.recordDiscussion(marcus, discussion(assessed)),
      ErrorCode.INVALID_TRANSITION,
      /significant harm/,
    );
  });

  it('a section 47 enquiry needs a discussion that found significant harm suspected, and a role that decides', async () => {
    context.clock.set('2026-12-17T12:00:00Z');
    const referralId = await decidedReferral(context, {
      kind: 'child',
      team: 'Assessment Team East',
      personIds: [ellieId],
      receivedAt: '2026-12-16T15:00:00Z',
    });
    context.clock.set('2026-12-17T12:00:00Z');
    const priya = await context.actor('priya.nair');
    const notHarm = await context.services.strategy.recordDiscussion(
      priya,
      discussion(referralId, { harmSuspected: false, outcome: 'Child and family assessment instead' }),
    );
    await rejects(context.services.strategy.startSection47(priya, notHarm.id), ErrorCode.INVALID_TRANSITION, /significant harm suspected/);
    const sam = await context.actor('sam.okafor');
    await rejects(context.services.strategy.startSection47(sam, notHarm.id), ErrorCode.FORBIDDEN);
    const tom = await context.actor('tom.fletcher');
    await rejects(context.services.strategy.getDiscussion(tom, notHarm.id), ErrorCode.NOT_FOUND);
  });

  it('an adult concern for Lena Kowalski’s team: views not established with a plan, health missing, held late; figures per team', async () => {
    context.clock.set('2027-01-06T12:00:00Z');
    const lena = await context.actor('lena.kowalski');
    const person = await context.services.people.createPerson(lena, {
      givenName: 'Doris',
      familyName: 'Pennington',
      dateOfBirth: '1941-02-08',
    });
    const referralId = await decidedReferral(context, {
      kind: 'adult',
      team: 'Adult Safeguarding Hub',
      personIds: [person.id],
      receivedAt: '2027-01-04T09:00:00Z',
    });
    await rejects(
      context.services.strategy.recordDiscussion(lena, {
        ...discussion(referralId, { heldAt: '2027-01-05T15:00:00Z', viewsEstablished: false }),
        attendees: [FULL_ATTENDANCE[0], FULL_ATTENDANCE[1]],
      }),
      ErrorCode.VALIDATION,
      /why the person’s views and wishes were not established/,
    );
    const held = await context.services.strategy.recordDiscussion(lena, {
      ...discussion(referralId, {
        heldAt: '2027-01-05T15:00:00Z',
        viewsEstablished: false,
        viewsNotEstablishedReason: 'Doris was in hospital and too unwell to talk',
        viewsPlan: 'Lena to visit Doris on the ward with her daughter on Friday',
        outcome: 'An enquiry is needed',
      }),
      attendees: [FULL_ATTENDANCE[0], FULL_ATTENDANCE[1]],
    });
    assert.equal(held.onTime, false, '30 hours after receipt, against 24 hours');
    assert.deepEqual(held.missingAgencies, ['health']);
    assert.deepEqual(
      held.auditAnswers.map((answer) => answer.answer),
      [false, true, false, true],
    );
    assert.match(held.auditAnswers[3]?.reason as string, /plan agreed/);

    const nadia = await context.actor('nadia.farouk');
    await rejects(context.services.strategy.startSection47(nadia, held.id), ErrorCode.INVALID_TRANSITION, /for a child/);
    const started = await context.services.strategy.startAdultEnquiry(nadia, held.id);
    assert.equal(started.referral.route, 's42_enquiry');
    const s42Item = await context.handle.db
      .selectFrom('work_item')
      .select('kind')
      .where('reference_id', '=', referralId)
      .where('kind', '=', 's42_enquiry')
      .executeTakeFirst();
    assert.ok(s42Item);

    const hub = await teamId(context, 'Adult Safeguarding Hub');
    for (const reader of ['nadia.farouk', 'grace.mensah']) {
      const figures = await context.services.strategy.auditFigures(await context.actor(reader), {
        teamId: hub,
        from: '2027-01-01',
        to: '2027-01-31',
      });
      assert.equal(figures.discussions, 1);
      assert.deepEqual(
        figures.figures.map((figure) => [figure.question, figure.yes, figure.no, figure.percentYes]),
        [
          ['heldInTime', 0, 1, 0],
          ['immediateRisk', 1, 0, 100],
          ['agenciesInvolved', 0, 1, 0],
          ['viewsAndWishes', 1, 0, 100],
        ],
      );
    }
    await rejects(context.services.strategy.auditFigures(lena, { teamId: hub, from: '2027-01-01', to: '2027-01-31' }), ErrorCode.FORBIDDEN);
    await rejects(
      context.services.strategy.auditFigures(nadia, { teamId: hub, from: '2027-01-31', to: '2027-01-01' }),
      ErrorCode.VALIDATION,
      /end date/,
    );
  });
});
