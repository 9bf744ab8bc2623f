import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { seedDemoFamilies } from '../../demo/families.ts';
import { withTransaction } from '../../platform/database/transaction.ts';
import { AppError, ErrorCode } from '../../platform/errors.ts';
import { createTestContext, type TestContext } from '../../testing/test-context.ts';
import type { CreateReferralInput } from './referrals.schema.ts';

type ChildReferral = Extract<CreateReferralInput, { kind: 'child' }>;

function rejectsWith(code: string, check?: (error: AppError) => boolean) {
  return (error: unknown) => error instanceof AppError && error.code === code && (check ? check(error) : true);
}

async function count(context: TestContext, table: string): Promise<number> {
  const result = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(context.handle.db);
  return result.rows[0]?.n ?? 0;
}

async function openItems(context: TestContext, referralId: string) {
  const result = await sql<{ kind: string; due_at: Date }>`
    select kind, due_at from work_item where reference_id = ${referralId} and completed_at is null order by kind`.execute(
    context.handle.db,
  );
  return result.rows;
}

describe('The front door: Requests for Help and adult concerns, triage, the decision and the routes onward', () => {
  let context: TestContext;
  let ellie: string;
  let jayden: string;
  let tyler: string;
  let margaret: string;
  let mashTeam: string;
  let adultHub: string;
  let hartwellReferral: string;

  const requestForHelp = (overrides: Partial<ChildReferral> = {}): ChildReferral => ({
    kind: 'child',
    referrerName: 'Hannah Reid',
    referrerOrganisation: 'Ashford Primary School',
    referrerPhone: '01632 960001',
    referrerEmail: 'hannah.reid@ashford.example',
    concern: 'Jayden said Dean hit Ellie last night. Both children came to school hungry.',
    immediateDanger: false,
    parentConsent: 'not_sought',
    withoutConsentReason: 'Seeking consent may place the children at risk of harm',
    viewsOfChild: 'Jayden says he does not want to go home when Dean is there.',
    earlyHelpPlanOpen: false,
    subjects: [
      { personId: ellie, role: 'subject' },
      { personId: jayden, role: 'subject' },
    ],
    ...overrides,
  });

  before(async () => {
    context = await createTestContext();
    await seedDemoFamilies(context.services);
    const sam = await context.actor('sam.okafor');
    const hartwells = await context.services.people.listPeople(sam, { name: 'Hartwell' });
    const byName = (name: string) => hartwells.find((person) => person.givenName === name)?.id as string;
    ellie = byName('Ellie');
    jayden = byName('Jayden');
    const marcus = await context.actor('marcus.bell');
    tyler = (await context.services.people.listPeople(marcus, { name: 'Quinn' })).find((person) => person.givenName === 'Tyler')
      ?.id as string;
    const lena = await context.actor('lena.kowalski');
    margaret = (await context.services.people.listPeople(lena, { name: 'Ellison' })).find((person) => person.givenName === 'Margaret')
      ?.id as string;
    const teams = await context.services.agencies.listTeams();
    mashTeam = teams.find((team) => team.name === 'Multi-Agency Safeguarding Hub')?.id as string;
    adultHub = teams.find((team) => team.name === 'Adult Safeguarding Hub')?.id as string;
  });
  after(() => context.close());

  it('Hannah, the school DSL, sends a Request for Help about Ellie and Jayden to the MASH; it is received on a 1-working-day clock', async () => {
    const hannah = await context.actor('hannah.reid');
    const referral = await context.services.referrals.createReferral(hannah, { ...requestForHelp(), receivingTeamId: mashTeam });
    hartwellReferral = referral.id;
    assert.equal(referral.status, 'received');
    assert.equal(referral.kind, 'child');
    assert.equal(referral.receivingTeamId, mashTeam);
    assert.deepEqual(referral.subjectPersonIds, [ellie, jayden]);
    // Received at 09:00 on Monday 23 November: decided by the end of Tuesday, UK time.
    assert.equal(referral.decisionDueAt?.toISOString(), '2026-11-24T23:59:59.999Z');
    const items = await openItems(context, referral.id);
    assert.deepEqual(
      items.map((item) => item.kind),
      ['referral_triage'],
    );
    const marcus = await context.actor('marcus.bell');
    const page = await context.services.chronology.personChronology(marcus, ellie, { pageSize: 5 });
    assert.ok(page.entries.some((entry) => entry.originType === 'referral' && entry.summary.includes('Request for Help received')));
  });

  it('Marcus in the MASH sees it through his team; Lena in adult services, with no part in the family, gets a not-found', async () => {
    const marcus = await context.actor('marcus.bell');
    const seen = await context.services.referrals.getReferral(marcus, hartwellReferral);
    assert.equal(seen.subjects.length, 2);
    const lena = await context.actor('lena.kowalski');
    await assert.rejects(context.services.referrals.getReferral(lena, hartwellReferral), rejectsWith(ErrorCode.NOT_FOUND));
    const list = await context.services.referrals.listReferrals(lena, {});
    assert.ok(!list.some((item) => item.id === hartwellReferral));
  });

  it('a double-submitted form makes one referral', async () => {
    const hannah = await context.actor('hannah.reid');
    const before = await count(context, 'referral');
    const input = { ...requestForHelp(), receivingTeamId: mashTeam, formToken: 'form-token-hannah-0001' };
    const [first, second] = await Promise.all([
      context.services.referrals.createReferral(hannah, input),
      context.services.referrals.createReferral(hannah, input),
    ]);
    assert.equal(first.id, second.id);
    assert.equal(await count(context, 'referral'), before + 1);
  });

  it('Tom refers Tyler, who is 15, without recording his consent or a reason: a clear error and nothing written', async () => {
    const tom = await context.actor('tom.fletcher');
    const before = await Promise.all(
      ['referral', 'referral_subject', 'chronology_entry', 'work_item'].map((table) => count(context, table)),
    );
    const input: CreateReferralInput = {
      ...requestForHelp({ withoutConsentReason: undefined, parentConsent: 'given' }),
      referrerName: 'Tom Fletcher',
      referrerOrganisation: 'Northshire Police',
      receivingTeamId: mashTeam,
      subjects: [{ personId: tyler, role: 'subject' }],
    };
    await assert.rejects(
      context.services.referrals.createReferral(tom, input),
      rejectsWith(ErrorCode.VALIDATION, (error) =>
        error.fields.some((field) => field.field === 'subjects.0.consent' && /is 15/.test(field.message)),
      ),
    );
    await assert.rejects(
      context.services.referrals.createReferral(tom, { ...input, subjects: [{ personId: tyler, role: 'subject', consent: 'refused' }] }),
      rejectsWith(ErrorCode.VALIDATION, (error) => error.fields.some((field) => field.field === 'withoutConsentReason')),
    );
    const afterCounts = await Promise.all(
      ['referral', 'referral_subject', 'chronology_entry', 'work_item'].map((table) => count(context, table)),
    );
    assert.deepEqual(afterCounts, before);
  });

  it('a referral about someone the referrer may not see is refused without saying who they are', async () => {
    const hannah = await context.actor('hannah.reid');
    await assert.rejects(
      context.services.referrals.createReferral(hannah, {
        ...requestForHelp(),
        receivingTeamId: mashTeam,
        subjects: [{ personId: margaret, role: 'subject' }],
      }),
      rejectsWith(ErrorCode.VALIDATION, (error) => error.fields[0]?.field === 'subjects.0.personId' && !error.message.includes('Margaret')),
    );
  });

  it('nobody decides an unrated child referral, and Hannah cannot decide at all', async () => {
    const marcus = await context.actor('marcus.bell');
    const hannah = await context.actor('hannah.reid');
    await assert.rejects(
      context.services.referrals.decideReferral(marcus, hartwellReferral, {
        route: 'child_and_family_assessment',
        rationale: 'Complex needs',
      }),
      rejectsWith(ErrorCode.INVALID_TRANSITION, (error) => /Rate the referral/.test(error.message)),
    );
    await assert.rejects(
      context.services.referrals.rateReferral(hannah, hartwellReferral, { rating: 'amber', needsMash: true, rationale: 'x' }),
      rejectsWith(ErrorCode.FORBIDDEN),
    );
    await assert.rejects(
      context.services.referrals.decideReferral(hannah, hartwellReferral, { route: 'no_further_action', rationale: 'x' }),
      rejectsWith(ErrorCode.FORBIDDEN),
    );
    assert.equal((await context.services.referrals.getReferral(marcus, hartwellReferral)).status, 'received');
  });

  it('Marcus rates it Amber (1 working day) and needs MASH; the triage item closes and a decision item opens', async () => {
    const marcus = await context.actor('marcus.bell');
    const rated = await context.services.referrals.rateReferral(marcus, hartwellReferral, {
      rating: 'amber',
      needsMash: true,
      rationale: 'Possible physical harm and neglect; Dean unknown to services',
    });
    assert.equal(rated.status, 'rated');
    assert.equal(rated.rating, 'amber');
    assert.equal(rated.needsMash, true);
    assert.equal(rated.ratingDueAt?.toISOString(), '2026-11-24T23:59:59.999Z');
    assert.deepEqual(
      (await openItems(context, hartwellReferral)).map((item) => item.kind),
      ['referral_decision'],
    );
  });

  it('section 47 is not a decision: it starts only from a strategy discussion', async () => {
    const marcus = await context.actor('marcus.bell');
    await assert.rejects(
      context.services.referrals.decideReferral(marcus, hartwellReferral, { route: 'section_47', rationale: 'Significant harm' }),
      rejectsWith(ErrorCode.INVALID_TRANSITION, (error) => /strategy discussion/.test(error.message)),
    );
    await assert.rejects(
      context.services.referrals.decideReferral(marcus, hartwellReferral, { route: 'early_help_assessment', rationale: 'Early help' }),
      rejectsWith(ErrorCode.VALIDATION, (error) => error.fields[0]?.field === 'leadProfessional'),
    );
  });

  it('Marcus decides: child and family assessment, due 45 working days from the referral, in the chronology', async () => {
    const marcus = await context.actor('marcus.bell');
    const decided = await context.services.referrals.decideReferral(marcus, hartwellReferral, {
      route: 'child_and_family_assessment',
      rationale: 'Complex needs; assess the whole household including Dean',
    });
    assert.equal(decided.status, 'decided');
    assert.equal(decided.decisionRoute, 'child_and_family_assessment');
    assert.equal(decided.decidedLate, false);
    assert.equal(decided.onwardWork.length, 1);
    assert.equal(decided.onwardWork[0]?.kind, 'child_and_family_assessment');
    // 45 working days from Monday 23 November 2026, skipping Christmas, Boxing Day (substitute Monday 28th) and New Year.
    const calendar = await context.services.calendar.load(decided.partnershipId);
    assert.equal(
      decided.onwardWork[0]?.dueAt.toISOString(),
      calendar.due(new Date('2026-11-23T09:00:00Z'), { unit: 'working_days', amount: 45 }).toISOString(),
    );
    assert.deepEqual(
      (await openItems(context, hartwellReferral)).map((item) => item.kind),
      ['child_and_family_assessment'],
    );
    const page = await context.services.chronology.personChronology(marcus, jayden, { pageSize: 10 });
    assert.ok(page.entries.some((entry) => entry.originType === 'referral.decision'));
    assert.ok(page.entries.some((entry) => entry.originType === 'referral.rating'));
    await assert.rejects(
      context.services.referrals.decideReferral(marcus, hartwellReferral, { route: 'advice', rationale: 'again' }),
      rejectsWith(ErrorCode.INVALID_TRANSITION),
    );
  });

  it('the strategy module may not jump from an assessment to section 47, but may after a strategy discussion', async () => {
    const marcus = await context.actor('marcus.bell');
    const { db } = context.services;
    await assert.rejects(
      withTransaction(db, (tx) =>
        context.services.referrals.recordRouteFromModule(tx, marcus, hartwellReferral, {
          route: 'section_47',
          rationale: 'x',
          at: context.clock.now(),
        }),
      ),
      rejectsWith(ErrorCode.INVALID_TRANSITION),
    );
    await withTransaction(db, (tx) =>
      context.services.referrals.recordRouteFromModule(tx, marcus, hartwellReferral, {
        route: 'strategy_discussion',
        rationale: 'New disclosure during assessment',
        at: context.clock.now(),
      }),
    );
    const summary = await withTransaction(db, (tx) =>
      context.services.referrals.recordRouteFromModule(tx, marcus, hartwellReferral, {
        route: 'section_47',
        rationale: 'Strategy discussion agreed threshold met',
        at: context.clock.now(),
        onward: { kind: 'section_47', dueAt: new Date('2026-12-14T23:59:59.999Z') },
      }),
    );
    assert.equal(summary.route, 'section_47');
    assert.equal(summary.decisionRoute, 'child_and_family_assessment');
    const referral = await context.services.referrals.getReferral(marcus, hartwellReferral);
    assert.deepEqual(
      referral.routes.map((route) => route.route),
      ['child_and_family_assessment', 'strategy_discussion', 'section_47'],
    );
  });

  it('a second referral about Jayden eight months on shows his household, the earlier referral as a re-referral, and the onward work', async () => {
    context.clock.set('2027-07-20T10:00:00Z');
    const hannah = await context.actor('hannah.reid');
    const second = await context.services.referrals.createReferral(hannah, {
      ...requestForHelp(),
      receivingTeamId: mashTeam,
      subjects: [{ personId: jayden, role: 'subject' }],
    });
    const marcus = await context.actor('marcus.bell');
    const triage = await context.services.referrals.getTriageContext(marcus, second.id);
    const names = triage.householdMembers.map((member) => member.person.name);
    assert.ok(names.includes('Ellie Hartwell'), `household shows Ellie: ${names.join(', ')}`);
    assert.ok(names.includes('Kayleigh Hartwell'));
    assert.ok(!names.includes('Jayden Hartwell'), 'the subject is not listed as another member');
    assert.ok(triage.householdMembers.some((member) => member.isChild && !member.onReferral));
    assert.equal(triage.isRereferral, true);
    assert.ok(triage.previousReferrals.some((item) => item.id === hartwellReferral && item.withinRereferralWindow));
    assert.ok(triage.onwardWork.some((work) => work.kind === 'child_and_family_assessment'));
    assert.ok(triage.recentChronology.length > 0);
    context.clock.set('2026-11-23T09:00:00Z');
  });

  it('Tyler’s move from another area shows as a move into the area', async () => {
    const tom = await context.actor('tom.fletcher');
    const referral = await context.services.referrals.createReferral(tom, {
      ...requestForHelp(),
      referrerName: 'Tom Fletcher',
      referrerOrganisation: 'Northshire Police',
      receivingTeamId: mashTeam,
      parentConsent: 'refused',
      withoutConsentReason: 'Tyler is missing; sharing is needed to protect him',
      subjects: [{ personId: tyler, role: 'subject', consent: 'not_sought' }],
    });
    const marcus = await context.actor('marcus.bell');
    const triage = await context.services.referrals.getTriageContext(marcus, referral.id);
    assert.ok(
      triage.moves.some((move) => move.personId === tyler && /NS on 2026-03-15/.test(move.description)),
      JSON.stringify(triage.moves),
    );
  });

  it('Lena raises a concern about Margaret; an unknown abuse category is refused; advocacy is flagged when no one can support her', async () => {
    const lena = await context.actor('lena.kowalski');
    const concern = {
      kind: 'adult' as const,
      referrerName: 'Lena Kowalski',
      referrerOrganisation: 'Northshire Adult Social Care',
      referrerPhone: '01632 960002',
      referrerEmail: 'lena@adults.example',
      concern: 'Margaret is not eating and the house is unheated; she declines help.',
      viewsAndOutcomes: 'Margaret wants to stay in her own home.',
      abuseCategories: ['self_neglect' as const],
      mentalCapacityConcern: true,
      substantialDifficulty: true,
      personConsent: 'given' as const,
      receivingTeamId: adultHub,
      subjects: [{ personId: margaret, role: 'subject' as const }],
    };
    const before = await count(context, 'referral');
    await assert.rejects(
      context.services.referrals.createReferral(lena, { ...concern, abuseCategories: ['witchcraft' as 'self_neglect'] }),
      rejectsWith(ErrorCode.VALIDATION, (error) => error.fields.some((field) => field.field === 'abuseCategories.0')),
    );
    assert.equal(await count(context, 'referral'), before);
    const referral = await context.services.referrals.createReferral(lena, concern);
    assert.equal(referral.advocacyNeeded, true);
    assert.deepEqual(
      (await openItems(context, referral.id)).map((item) => item.kind),
      ['referral_decision'],
    );

    const nadia = await context.actor('nadia.farouk');
    await assert.rejects(
      context.services.referrals.decideReferral(nadia, referral.id, {
        route: 's42_decision',
        rationale: 'Self-neglect',
        s42: { careAndSupportNeeds: true, experiencingOrAtRisk: true, unableToProtect: false, outcome: 'enquiry' },
      }),
      rejectsWith(ErrorCode.INVALID_TRANSITION, (error) => /all three tests/.test(error.message)),
    );
    await assert.rejects(
      context.services.referrals.decideReferral(nadia, referral.id, {
        route: 'early_help_assessment',
        rationale: 'x',
        leadProfessional: 'x',
      }),
      rejectsWith(ErrorCode.INVALID_TRANSITION),
    );
    const decided = await context.services.referrals.decideReferral(nadia, referral.id, {
      route: 's42_decision',
      rationale: 'Care and support needs, self-neglect, unable to protect herself',
      s42: { careAndSupportNeeds: true, experiencingOrAtRisk: true, unableToProtect: true, outcome: 'enquiry' },
    });
    assert.equal(decided.s42Decision?.outcome, 'enquiry');
    assert.equal(decided.route, 's42_enquiry');
    assert.deepEqual(decided.onwardWork.map((work) => work.kind).sort(), ['advocacy', 's42_enquiry']);
    assert.deepEqual(
      (await openItems(context, referral.id)).map((item) => item.kind),
      ['advocacy', 's42_enquiry'],
    );
    const arranged = await context.services.referrals.recordAdvocateArranged(nadia, referral.id);
    assert.ok(arranged.advocateArrangedAt);
    assert.deepEqual(
      (await openItems(context, referral.id)).map((item) => item.kind),
      ['s42_enquiry'],
    );
  });

  it('Tom’s police domestic-abuse notification waits at the front door until Marcus turns it into a referral, once', async () => {
    const tom = await context.actor('tom.fletcher');
    const contact = await context.services.referrals.createContact(tom, {
      kind: 'police_domestic_abuse_notification',
      reportedBy: 'PC Tom Fletcher',
      sourceReference: 'DA-2026-0412',
      summary: 'Domestic incident at 41 Larch Close; Tyler present.',
      subjects: [{ personId: tyler, name: 'Tyler Quinn', role: 'subject' }],
    });
    assert.equal(contact.status, 'open');
    const marcus = await context.actor('marcus.bell');
    assert.ok((await context.services.referrals.listContacts(marcus)).some((item) => item.id === contact.id));
    const hannah = await context.actor('hannah.reid');
    assert.ok(!(await context.services.referrals.listContacts(hannah)).some((item) => item.id === contact.id));
    const input: CreateReferralInput = {
      ...requestForHelp(),
      referrerName: 'PC Tom Fletcher',
      referrerOrganisation: 'Northshire Police',
      concern: contact.summary,
      parentConsent: 'not_sought',
      subjects: [{ personId: tyler, role: 'subject', consent: 'not_sought' }],
    };
    const referral = await context.services.referrals.createReferralFromContact(marcus, contact.id, input);
    assert.equal(referral.contactId, contact.id);
    assert.equal(referral.receivingTeamId, mashTeam, 'a MASH officer receives into their own team');
    assert.equal((await context.services.referrals.getContact(marcus, contact.id)).status, 'referred');
    await assert.rejects(context.services.referrals.createReferralFromContact(marcus, contact.id, input), rejectsWith(ErrorCode.CONFLICT));
    await assert.rejects(context.services.referrals.createReferralFromContact(tom, contact.id, input), rejectsWith(ErrorCode.FORBIDDEN));
  });

  it('a draft is saved, seen only by its writer, and submitted later as the referral', async () => {
    const hannah = await context.actor('hannah.reid');
    const draft = await context.services.referrals.saveDraft(hannah, { kind: 'child', data: { concern: 'Half written' } });
    assert.equal(draft.status, 'draft');
    assert.deepEqual(draft.draftData, { concern: 'Half written' });
    const marcus = await context.actor('marcus.bell');
    await assert.rejects(context.services.referrals.getReferral(marcus, draft.id), rejectsWith(ErrorCode.NOT_FOUND));
    const submitted = await context.services.referrals.submitDraft(hannah, draft.id, { ...requestForHelp(), receivingTeamId: mashTeam });
    assert.equal(submitted.id, draft.id);
    assert.equal(submitted.status, 'received');
    assert.equal(submitted.draftData, null);
    await assert.rejects(
      context.services.referrals.submitDraft(hannah, draft.id, { ...requestForHelp(), receivingTeamId: mashTeam }),
      rejectsWith(ErrorCode.INVALID_TRANSITION),
    );
  });
});
