import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Actor } from '../../platform/access/actor.ts';
import { AppError, ErrorCode } from '../../platform/errors.ts';
import { createTestContext, type TestContext } from '../../testing/test-context.ts';

const basis = {
  lawfulBasis: 'public_task',
  specialCategory: true,
  specialCategoryCondition: 'dpa_sch1_para18_safeguarding',
  consent: 'not_sought',
  consentReason: 'Seeking consent could place Kai at risk.',
} as const;

function isCode(code: string) {
  return (error: unknown) => error instanceof AppError && error.code === code;
}

/**
 * Marcus Bell at the MASH asks police, health and education about Kai Doran, rated Amber; Tom Fletcher
 * answers for the police on time; the school answers late; the health visitors decline, with a reason.
 */
describe('MASH information requests and their returns', () => {
  let ctx: TestContext;
  let marcus: Actor;
  let tom: Actor;
  let referralId: string;
  let agencies: Map<string, string>;

  before(async () => {
    ctx = await createTestContext();
    marcus = await ctx.actor('marcus.bell');
    tom = await ctx.actor('tom.fletcher');
    const hannah = await ctx.actor('hannah.reid');
    const kai = await ctx.services.people.createPerson(hannah, { givenName: 'Kai', familyName: 'Doran', dateOfBirth: '2018-05-01' });
    const referral = await ctx.services.referrals.createReferral(hannah, {
      kind: 'child',
      referrerName: 'Hannah Reid',
      referrerOrganisation: 'Ashford Primary School',
      referrerPhone: '01632 960456',
      referrerEmail: 'hannah.reid@northshire.example',
      concern: 'Kai has come to school hungry every day this week.',
      receivingTeamId: marcus.teamIds[0],
      immediateDanger: false,
      parentConsent: 'given',
      earlyHelpPlanOpen: false,
      subjects: [{ personId: kai.id, role: 'subject' }],
    });
    referralId = referral.id;
    agencies = new Map((await ctx.services.informationSharing.partnerAgencies(marcus)).map((agency) => [agency.name, agency.id]));
  });
  after(async () => ctx.close());

  it('refuses requests before the referral is rated, and from a practitioner; nothing is written', async () => {
    const police = agencies.get('Northshire Police') as string;
    await assert.rejects(
      ctx.services.informationSharing.sendRequests(marcus, referralId, {
        agencyIds: [police],
        question: 'What do you know about Kai and his household?',
        ...basis,
      }),
      isCode(ErrorCode.INVALID_TRANSITION),
    );
    const sam = await ctx.actor('sam.okafor');
    await assert.rejects(
      ctx.services.informationSharing.sendRequests(sam, referralId, {
        agencyIds: [police],
        question: 'What do you know about Kai and his household?',
        ...basis,
      }),
      isCode(ErrorCode.FORBIDDEN),
    );
    assert.deepEqual(await ctx.services.informationSharing.listForReferral(marcus, referralId), []);
  });

  it('a request without a reason for not seeking consent, or special category data without a condition, is refused (I-01)', async () => {
    await ctx.services.referrals.rateReferral(marcus, referralId, { rating: 'amber', needsMash: true, rationale: 'Possible neglect.' });
    const police = agencies.get('Northshire Police') as string;
    await assert.rejects(
      ctx.services.informationSharing.sendRequests(marcus, referralId, {
        agencyIds: [police],
        question: 'What do you know about Kai and his household?',
        lawfulBasis: 'public_task',
        specialCategory: true,
        consent: 'not_sought',
      }),
      (error: unknown) =>
        error instanceof AppError &&
        error.code === ErrorCode.VALIDATION &&
        error.fields.some((field) => field.field === 'specialCategoryCondition') &&
        error.fields.some((field) => field.field === 'consentReason'),
    );
    assert.deepEqual(await ctx.services.informationSharing.listForReferral(marcus, referralId), []);
  });

  it('sends one request to each of police, health and education, due by the Amber target, each a decision to share', async () => {
    const chosen = ['Northshire Police', 'Northshire Community Health NHS Trust', 'Ashford Primary School'].map(
      (name) => agencies.get(name) as string,
    );
    const sent = await ctx.services.informationSharing.sendRequests(marcus, referralId, {
      agencyIds: chosen,
      question: 'What do you know about Kai, his mother and anyone living with them?',
      ...basis,
    });
    assert.equal(sent.length, 3);
    // Sent Monday 23 November at 09:00; Amber is 1 working day: the close of Tuesday 24 November.
    assert.ok(sent.every((request) => request.dueAt.toISOString() === '2026-11-24T23:59:59.999Z' && request.status === 'open'));
    const referral = await ctx.services.referrals.getReferral(marcus, referralId);
    assert.equal(referral.status, 'information_gathering');
    const decisions = await ctx.services.informationSharing.listDecisions(marcus, { referralId });
    assert.deepEqual(
      decisions.map((decision) => decision.decision),
      ['share', 'share', 'share'],
    );
    assert.ok(
      decisions.every((decision) => decision.flags.includes('no_appropriate_policy_document')),
      'I-02 flags a para 18 share with no policy document',
    );
    await assert.rejects(
      ctx.services.informationSharing.sendRequests(marcus, referralId, {
        agencyIds: [chosen[0] as string],
        question: 'Asking the police again',
        ...basis,
      }),
      isCode(ErrorCode.CONFLICT),
    );
  });

  it('Tom Fletcher sees the police request, returns on time; the school returns late; health declines with a reason', async () => {
    const mine = await ctx.services.informationSharing.listOpenForMyAgency(tom);
    assert.equal(mine.length, 1);
    const police = mine[0];
    assert.ok(police);
    ctx.clock.set('2026-11-23T14:00:00Z');
    const returned = await ctx.services.informationSharing.recordReturn(tom, police.id, {
      outcome: 'returned',
      summary: 'Two domestic incidents at the address this year; the mother’s partner has a caution for assault.',
      lawfulBasis: 'public_task',
      specialCategory: true,
      specialCategoryCondition: 'dpa_sch8_para4_safeguarding',
      consent: 'not_sought',
      consentReason: 'Law enforcement information shared to protect a child.',
    });
    assert.equal(returned.timeliness.state, 'on_time');

    const all = await ctx.services.informationSharing.listForReferral(marcus, referralId);
    const school = all.find((request) => request.agencyName === 'Ashford Primary School');
    const health = all.find((request) => request.agencyName === 'Northshire Community Health NHS Trust');
    assert.ok(school && health);
    // Once the police have answered, Tom no longer sees Kai's referral, let alone another agency's request.
    await assert.rejects(
      ctx.services.informationSharing.recordReturn(tom, school.id, { outcome: 'nothing_known', ...basis }),
      isCode(ErrorCode.NOT_FOUND),
    );

    ctx.clock.set('2026-11-25T10:00:00Z');
    const late = await ctx.services.informationSharing.recordReturn(marcus, school.id, {
      outcome: 'returned',
      summary: 'Attendance 81%; often hungry.',
      ...basis,
    });
    assert.equal(late.timeliness.state, 'late');
    const declined = await ctx.services.informationSharing.recordReturn(marcus, health.id, {
      outcome: 'declined',
      declinedReason: 'The family is not registered with our service; we hold nothing we could share.',
      ...basis,
    });
    assert.equal(declined.status, 'declined');
    const notShared = (await ctx.services.informationSharing.listDecisions(marcus, { referralId })).filter(
      (decision) => decision.decision === 'not_share',
    );
    assert.equal(notShared.length, 1);
    assert.match(notShared[0]?.why ?? '', /not registered/);
    const summary = await ctx.services.informationSharing.summaryForReferral(marcus, referralId);
    assert.deepEqual(
      { requested: summary.requested, returned: summary.returned, overdue: summary.overdue },
      { requested: 3, returned: 3, overdue: 0 },
    );
    await assert.rejects(
      ctx.services.informationSharing.recordReturn(marcus, health.id, { outcome: 'nothing_known', ...basis }),
      isCode(ErrorCode.CONFLICT),
    );
    ctx.clock.set('2026-11-23T09:00:00Z');
  });

  it('once the police have answered, their share no longer opens Kai’s record to Tom', async () => {
    const police = (await ctx.services.informationSharing.listForReferral(marcus, referralId)).find(
      (request) => request.agencyName === 'Northshire Police',
    );
    assert.equal(police?.status, 'returned');
    const kai = (await ctx.services.referrals.getReferral(marcus, referralId)).subjectPersonIds[0] as string;
    ctx.clock.set('2026-11-25T12:00:00Z');
    try {
      await assert.rejects(ctx.services.people.getPerson(tom, kai, 'test'), isCode(ErrorCode.NOT_FOUND));
    } finally {
      ctx.clock.set('2026-11-23T09:00:00Z');
    }
  });

  it('Tom sees his own agency’s answer but not the school’s', async () => {
    const seen = await ctx.services.informationSharing.listForReferral(marcus, referralId);
    const school = seen.find((request) => request.agencyName === 'Ashford Primary School');
    assert.ok(school?.returnSummary);
    const police = seen.find((request) => request.agencyName === 'Northshire Police');
    assert.match((await ctx.services.informationSharing.getRequest(tom, police?.id as string)).returnSummary ?? '', /caution for assault/);
    assert.equal((await ctx.services.informationSharing.getRequest(tom, school?.id as string)).returnSummary, null);
  });
});
