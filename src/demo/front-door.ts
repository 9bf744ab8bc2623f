import { subMonths } from 'date-fns';
import { type Actor, systemActor } from '../platform/access/actor.ts';
import { createFixedClock } from '../platform/clock.ts';
import { createServices, type Services } from '../services.ts';
import { DEMO_PARTNERSHIP_CODE, demoActor } from './northshire.ts';

/**
 * Northshire's front door with live work in every state, some of it overdue: a draft, referrals
 * waiting to be rated (one past its target), rated and being gathered on, decided onto each route,
 * an open police notification, and an adult concern at its section 42 decision with the advocacy duty
 * unmet. Plus the Brennans — four children in one home and a referral about one of them eight months
 * ago — for trying the MASH journey end to end. Past events are written through the same services on
 * a clock set back to when they happened, so every clock, work item and chronology entry is real.
 */
export async function seedDemoFrontDoor(services: Services): Promise<void> {
  const now = services.clock.now();
  const at = (when: Date) => createServices(services.db, services.config, createFixedClock(when));
  const actor = (name: string) => demoActor(services, name);
  const demo = systemActor('demo');
  const partnership = await services.agencies.findPartnershipByCode(DEMO_PARTNERSHIP_CODE);
  const agencies = new Map((await services.agencies.listAgencies(partnership?.id)).map((agency) => [agency.code, agency.id]));
  const hannah = await actor('hannah.reid');
  const tom = await actor('tom.fletcher');
  const marcus = await actor('marcus.bell');
  const aisha = await actor('aisha.rahman');
  const lena = await actor('lena.kowalski');
  const nadia = await actor('nadia.farouk');
  const sam = await actor('sam.okafor');
  // A referral made in the past needs its referrer involved by then: record that at the same moment.
  const involvedSince = async (when: Date, personId: string, agencyCode: string) => {
    await at(when).access.recordInvolvement(demo, { personId, kind: 'agency_involved', agencyId: agencies.get(agencyCode) as string });
  };
  const mashTeam = marcus.teamIds[0] as string;
  const adultHub = nadia.teamIds[0] as string;
  const find = async (reader: Actor, name: string, given: string) =>
    (await services.people.listPeople(reader, { name })).find((person) => person.givenName === given)?.id as string;

  // The Brennans: Lisa and her four children at 22 Copse Road, known to Ashford Primary since last year.
  const known = at(workingMorning(subMonths(now, 10)));
  const lisa = (
    await known.people.createPerson(hannah, {
      kind: 'adult',
      givenName: 'Lisa',
      familyName: 'Brennan',
      dateOfBirth: '1991-05-14',
      sex: 'female',
      address: { line1: '22 Copse Road', town: 'Northshire', postcode: 'NS4 7HD' },
    })
  ).id;
  const children: Record<string, string> = {};
  for (const [given, born, sex] of [
    ['Mia', '2017-03-02', 'female'],
    ['Noah', '2019-01-20', 'male'],
    ['Ava', '2021-06-11', 'female'],
    ['Leo', '2024-02-08', 'male'],
  ] as const) {
    children[given] = (await known.people.createPerson(hannah, { givenName: given, familyName: 'Brennan', dateOfBirth: born, sex })).id;
  }
  const home = await services.relationships.createHousehold(hannah, {
    personId: lisa,
    label: 'Lisa Brennan’s home, 22 Copse Road',
    postcode: 'NS4 7HD',
    role: 'resident',
    startsOn: '2023-09-01',
  });
  for (const child of Object.values(children)) {
    await services.relationships.addHouseholdMember(hannah, home.id, { personId: child, role: 'resident', startsOn: '2023-09-01' });
    await services.relationships.recordRelationship(hannah, {
      personId: child,
      relatedPersonId: lisa,
      kind: 'mother',
      hasParentalResponsibility: true,
      prEvidenceSeen: false,
    });
  }
  for (const given of ['Ava', 'Leo']) {
    await services.access.recordInvolvement(demo, {
      personId: children[given] as string,
      kind: 'agency_involved',
      agencyId: agencies.get('community-health') as string,
    });
  }

  const referrer = (who: Actor, organisation: string) => ({
    referrerName: who.displayName,
    referrerOrganisation: organisation,
    referrerPhone: '01632 960123',
    referrerEmail: `${who.label.replace('user:', '')}`,
  });

  // Eight months ago Hannah referred Noah: a mark on his cheek, explained; Marcus rated it Green and signposted.
  const eightMonthsAgo = workingMorning(subMonths(now, 8));
  const then = at(eightMonthsAgo);
  const earlier = await then.referrals.createReferral(hannah, {
    kind: 'child',
    ...referrer(hannah, 'Ashford Primary School'),
    concern:
      'Noah came to school with a small bruise on his cheek. He said his sister pushed him into a door; Mum said the same at pick-up.',
    receivingTeamId: mashTeam,
    immediateDanger: false,
    parentConsent: 'given',
    viewsOfChild: 'Noah said it was an accident and he wanted to go out to play.',
    earlyHelpPlanOpen: false,
    subjects: [{ personId: children.Noah as string, role: 'subject' }],
  });
  await then.referrals.rateReferral(marcus, earlier.id, {
    rating: 'green',
    needsMash: false,
    rationale: 'Consistent explanation, no other concerns known.',
  });
  await then.referrals.decideReferral(marcus, earlier.id, {
    route: 'signposting',
    rationale: 'Signposted to the school nurse and the family hub.',
  });

  // Waiting to be rated, past its 1 working day: Tom's referral about Tyler Quinn, missing overnight.
  const tyler = await find(tom, 'Quinn', 'Tyler');
  if (tyler) {
    const when = workingMorning(new Date(now.getTime() - 5 * 86_400_000));
    await involvedSince(when, tyler, 'police');
    const overdue = at(when);
    await overdue.referrals.createReferral(tom, {
      kind: 'child',
      ...referrer(tom, 'Northshire Police'),
      concern: 'Tyler was reported missing overnight and found at 04:00 in a car in NS2 with two older males not known to the family.',
      receivingTeamId: mashTeam,
      immediateDanger: false,
      parentConsent: 'not_sought',
      withoutConsentReason: 'Possible criminal exploitation: telling the family first could alert those involved.',
      earlyHelpPlanOpen: false,
      subjects: [{ personId: tyler, role: 'subject', consent: 'not_sought' }],
    });
  }

  // Decided onto a child and family assessment ten weeks ago, and not yet finished: overdue in the tray.
  const jayden = await find(marcus, 'Hartwell', 'Jayden');
  const jaydenId = jayden ?? (await find(sam, 'Hartwell', 'Jayden'));
  if (jaydenId) {
    const when = workingMorning(new Date(now.getTime() - 70 * 86_400_000));
    await involvedSince(when, jaydenId, 'ashford-primary');
    const long = at(when);
    const assessed = await long.referrals.createReferral(hannah, {
      kind: 'child',
      ...referrer(hannah, 'Ashford Primary School'),
      concern: 'Jayden has been late most days this half term and says he looks after his sister in the mornings.',
      receivingTeamId: mashTeam,
      immediateDanger: false,
      parentConsent: 'given',
      earlyHelpPlanOpen: false,
      subjects: [{ personId: jaydenId, role: 'subject' }],
    });
    await long.referrals.rateReferral(marcus, assessed.id, {
      rating: 'amber',
      needsMash: true,
      rationale: 'Possible neglect; young carer.',
    });
    await long.referrals.decideReferral(marcus, assessed.id, {
      route: 'child_and_family_assessment',
      rationale: 'Needs a child and family assessment.',
    });
  }

  // A draft Hannah has not finished, and an open police domestic abuse notification for the MASH.
  await services.referrals.saveDraft(hannah, { kind: 'child', data: { concern: 'Ellie said Dean shouts at Mum at night.' } });
  await services.referrals.createContact(tom, {
    kind: 'police_domestic_abuse_notification',
    reportedBy: 'PC Jo Hale, Northshire Police',
    sourceReference: 'NP-DA-26-0412',
    summary: 'Verbal argument at 14 Fernlea Road at 23:10; Kayleigh Hartwell and Dean Morrow present; two children asleep upstairs.',
    subjects: [
      { name: 'Kayleigh Hartwell', role: 'carer' },
      { name: 'Dean Morrow', role: 'other' },
    ],
  });

  // Rated Red yesterday: the Pryor baby's bruise, with the MASH gathering information.
  const mason = await find(aisha, 'Pryor', 'Mason');
  if (mason) {
    const when = workingMorning(new Date(now.getTime() - 2 * 3_600_000));
    await involvedSince(when, mason, 'community-health');
    const morning = at(when);
    const bruise = await morning.referrals.createReferral(aisha, {
      kind: 'child',
      ...referrer(aisha, 'Northshire Community Health'),
      concern: 'Mason, six months and not yet rolling, has a 2 cm bruise on his upper arm. Mum says Liam “was playing with him”.',
      receivingTeamId: mashTeam,
      immediateDanger: false,
      parentConsent: 'not_sought',
      withoutConsentReason: 'Non-mobile baby with a bruise: seeking consent could place him at further risk.',
      earlyHelpPlanOpen: false,
      subjects: [{ personId: mason, role: 'subject' }],
    });
    await morning.referrals.rateReferral(marcus, bruise.id, {
      rating: 'red',
      needsMash: true,
      rationale: 'Bruising to a non-mobile baby: section 47 threshold.',
    });
    // Asked police and health within the hour; the police answered, health's return is past its 4 hours.
    const partners = new Map((await services.informationSharing.partnerAgencies(marcus)).map((agency) => [agency.name, agency.id]));
    const asked = await at(new Date(when.getTime() + 30 * 60_000)).informationSharing.sendRequests(marcus, bruise.id, {
      agencyIds: ['Northshire Police', 'Northshire Community Health NHS Trust'].flatMap((name) => partners.get(name) ?? []),
      question: 'What do you know about Mason, Chantelle Pryor and Liam Carter?',
      ...mashBasis,
    });
    const police = asked.find((request) => request.agencyName === 'Northshire Police');
    if (police) {
      await at(new Date(when.getTime() + 2 * 3_600_000)).informationSharing.recordReturn(tom, police.id, {
        ...mashBasis,
        outcome: 'returned',
        summary: 'Liam Carter: two call-outs for domestic abuse with a previous partner (2024); bail conditions ended in March.',
        specialCategoryCondition: 'dpa_sch8_para4_safeguarding',
      });
    }
  }

  // Ellie Hartwell, after a disclosure to the police this week: decided for a strategy discussion, held
  // with police, health and the school, and a section 47 enquiry started, its conference clock running.
  const ellie = await find(sam, 'Hartwell', 'Ellie');
  if (ellie) {
    const when = workingMorning(new Date(now.getTime() - 4 * 86_400_000));
    await involvedSince(when, ellie, 'police');
    const then47 = at(when);
    const referral = await then47.referrals.createReferral(tom, {
      kind: 'child',
      ...referrer(tom, 'Northshire Police'),
      concern: 'Ellie told an officer at a domestic incident that Dean hit her mum and pushed her when she tried to stop him.',
      receivingTeamId: mashTeam,
      immediateDanger: false,
      parentConsent: 'not_sought',
      withoutConsentReason: 'Disclosure of assault by a man in the home: consent could place Ellie at risk.',
      earlyHelpPlanOpen: false,
      subjects: [{ personId: ellie, role: 'subject' }],
    });
    await then47.referrals.rateReferral(marcus, referral.id, { rating: 'red', needsMash: true, rationale: 'Disclosure of physical harm.' });
    await then47.referrals.decideReferral(marcus, referral.id, { route: 'strategy_discussion', rationale: 'Significant harm suspected.' });
    const held = at(new Date(when.getTime() + 3 * 3_600_000));
    const discussion = await held.strategy.recordDiscussion(marcus, {
      referralId: referral.id,
      kind: 'discussion',
      heldAt: new Date(when.getTime() + 2 * 3_600_000),
      chair: 'Rachel Osei, MASH team manager',
      attendees: [
        {
          name: 'Rachel Osei',
          agencyType: 'local_authority',
          agencyName: 'Northshire Council Children’s Services',
          role: 'MASH team manager',
        },
        { name: 'DC Tom Fletcher', agencyType: 'police', agencyName: 'Northshire Police', role: 'Public Protection Unit' },
        { name: 'Aisha Rahman', agencyType: 'health', agencyName: 'Northshire Community Health NHS Trust', role: 'Health visitor' },
        { name: 'Hannah Reid', agencyType: 'education', agencyName: 'Ashford Primary School', role: 'Designated safeguarding lead' },
      ],
      immediateRiskConsidered: true,
      immediateRiskAction: 'Dean Morrow to stay away from the home under bail conditions; Ellie and Jayden seen at school today.',
      viewsEstablished: true,
      harmSuspected: true,
      outcome: 'Section 47 enquiries for Ellie and Jayden; joint visit tomorrow.',
    });
    await held.strategy.startSection47(marcus, discussion.id);
  }

  // An adult concern: Margaret Ellison's self-neglect, at its section 42 decision, with no advocate yet.
  const margaret = await find(lena, 'Ellison', 'Margaret');
  if (margaret) {
    const when = workingMorning(new Date(now.getTime() - 86_400_000));
    await involvedSince(when, margaret, 'adults');
    const yesterday = at(when);
    const concern = await yesterday.referrals.createReferral(lena, {
      kind: 'adult',
      ...referrer(lena, 'Northshire Adult Social Care'),
      concern: 'Margaret’s home is cold and without food; she has refused carers twice this month and has a pressure sore.',
      receivingTeamId: adultHub,
      viewsAndOutcomes: 'She wants to stay at home with her cat and “not be a bother”.',
      abuseCategories: ['self_neglect'],
      mentalCapacityConcern: true,
      mentalCapacityDetail: 'Fluctuating understanding of the risk from the cold.',
      substantialDifficulty: true,
      personConsent: 'not_sought',
      withoutConsentReason: 'Her capacity to consent to the enquiry is in doubt; a capacity assessment is planned.',
      subjects: [{ personId: margaret, role: 'subject' }],
    });
    await services.referrals.decideReferral(nadia, concern.id, {
      route: 's42_decision',
      rationale: 'All three tests are met: care and support needs, self-neglect, and unable to protect herself.',
      s42: { careAndSupportNeeds: true, experiencingOrAtRisk: true, unableToProtect: true, outcome: 'enquiry' },
    });
  }
}

/** How the MASH records sharing with its partners in the demo: public task, special category, no consent sought. */
const mashBasis = {
  lawfulBasis: 'public_task',
  specialCategory: true,
  specialCategoryCondition: 'dpa_sch1_para18_safeguarding',
  policyDocumentRef: 'NSP-APD-2026',
  consent: 'not_sought',
  consentReason: 'Seeking consent could place a child at risk of significant harm.',
} as const;

/** 10:00 UK time on the nearest weekday at or before `day` (and not after it), so demo events happen in office hours. */
function workingMorning(day: Date): Date {
  const result = new Date(day.getTime() - 86_400_000);
  while (result.getUTCDay() === 0 || result.getUTCDay() === 6) {
    result.setUTCDate(result.getUTCDate() - 1);
  }
  result.setUTCHours(10, 0, 0, 0);
  return result;
}
