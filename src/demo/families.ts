import { stringify } from 'csv-stringify/sync';
import { IMPORT_COLUMNS } from '../modules/chronology/index.ts';
import { systemActor } from '../platform/access/actor.ts';
import type { Services } from '../services.ts';
import { seedDemoDuplicates } from './duplicates.ts';
import { seedDemoFrontDoor } from './front-door.ts';
import { DEMO_PARTNERSHIP_CODE, demoActor } from './northshire.ts';
import { generatePopulation } from './population/generate-population.ts';

/**
 * Northshire's demo families, with histories from several agencies. They are invented, but shaped
 * like the families in the reviews this project comes from: a mother's new partner nobody has seen;
 * a baby with a bruise and a man who "visits"; a teenager going missing after a move from another
 * area; an older woman neglecting herself. Then a few hundred generated people so lists, searches and
 * chronologies look lived-in. Run once, after the partnership is seeded (never in tests, which want
 * an empty chronology to tell their own stories).
 */
export async function seedDemoFamilies(services: Services): Promise<void> {
  const demo = systemActor('demo');
  const actor = (name: string) => demoActor(services, name);
  const partnership = await services.agencies.findPartnershipByCode(DEMO_PARTNERSHIP_CODE);
  const agencies = new Map((await services.agencies.listAgencies(partnership?.id)).map((agency) => [agency.code, agency.id]));
  const agency = (code: string) => agencies.get(code) as string;
  const involve = async (personIds: string[], codes: string[]) => {
    for (const personId of personIds) {
      for (const code of codes) {
        await services.access.recordInvolvement(demo, { personId, kind: 'agency_involved', agencyId: agency(code) });
      }
    }
  };
  let reference = 0;
  /** Loads one agency's entries the way a partner's system would: through the CSV import. */
  const entries = async (
    code: string,
    author: string,
    rows: Array<[string, string, string, string, 'fact' | 'opinion', 'low' | 'medium' | 'high', string[]]>,
  ) => {
    const csv = stringify(
      rows.map(([occurredAt, category, summary, sensitivity, nature, significance, people]) => [
        occurredAt,
        'no',
        category,
        summary,
        nature,
        significance,
        sensitivity,
        people.join(';'),
        `DEMO-${code.toUpperCase()}-${++reference}`,
        author,
      ]),
      {
        header: true,
        columns: [...IMPORT_COLUMNS, 'author'],
      },
    );
    const report = await services.chronology.importCsv(demo, { csv, agencyId: agency(code), dryRun: false });
    if (report.errors.length > 0) {
      throw new Error(`Demo entries for ${code} were refused: ${JSON.stringify(report.errors)}`);
    }
  };

  // The Hartwells: Ellie (7) and Jayden (10), their mother Kayleigh, her partner Dean whom no
  // professional has met, and their father Gary, who has parental responsibility but lives apart.
  const sam = await actor('sam.okafor');
  const hartwells = await services.people.listPeople(sam, { name: 'Hartwell' });
  const ellie = hartwells.find((person) => person.givenName === 'Ellie')?.id as string;
  const jayden = hartwells.find((person) => person.givenName === 'Jayden')?.id as string;
  const address = { line1: '14 Fernlea Road', town: 'Northbridge', postcode: 'NS4 2QT', validFrom: '2024-06-01' };
  const kayleigh = (
    await services.people.createPerson(sam, {
      kind: 'adult',
      givenName: 'Kayleigh',
      familyName: 'Hartwell',
      dateOfBirth: '1996-02-14',
      sex: 'female',
      ethnicityCode: 'WBRI',
      address,
    })
  ).id;
  const dean = (
    await services.people.createPerson(sam, {
      kind: 'adult',
      givenName: 'Dean',
      familyName: 'Morrow',
      dateOfBirth: '1990-07-30',
      sex: 'male',
    })
  ).id;
  const gary = (
    await services.people.createPerson(sam, {
      kind: 'adult',
      givenName: 'Gary',
      familyName: 'Hartwell',
      dateOfBirth: '1993-11-02',
      sex: 'male',
      address: { line1: '3 Quarry Lane', town: 'Millbrook', postcode: 'NS9 5LB' },
    })
  ).id;
  const household = await services.relationships.createHousehold(sam, {
    personId: kayleigh,
    label: 'Kayleigh Hartwell’s home, 14 Fernlea Road',
    postcode: 'NS4 2QT',
    role: 'resident',
    startsOn: '2024-06-01',
  });
  await services.relationships.addHouseholdMember(sam, household.id, { personId: ellie, role: 'resident', startsOn: '2024-06-01' });
  await services.relationships.addHouseholdMember(sam, household.id, { personId: jayden, role: 'resident', startsOn: '2024-06-01' });
  await services.relationships.addHouseholdMember(sam, household.id, {
    personId: dean,
    role: 'present_not_related',
    startsOn: '2026-03-01',
  });
  for (const child of [ellie, jayden]) {
    await services.relationships.recordRelationship(sam, {
      personId: child,
      relatedPersonId: kayleigh,
      kind: 'mother',
      hasParentalResponsibility: true,
      prEvidenceSeen: true,
      prEvidenceNote: 'Birth certificate seen',
    });
    await services.relationships.recordRelationship(sam, {
      personId: child,
      relatedPersonId: gary,
      kind: 'father',
      hasParentalResponsibility: true,
      prEvidenceSeen: false,
      notes: 'Named on the birth certificate, Kayleigh says; not yet seen',
    });
    await services.relationships.recordRelationship(sam, {
      personId: child,
      relatedPersonId: dean,
      kind: 'parents_partner',
      startsOn: '2026-03-01',
    });
  }
  await services.relationships.recordRelationship(sam, { personId: ellie, relatedPersonId: jayden, kind: 'sibling' });
  await services.relationships.recordRelationship(sam, { personId: jayden, relatedPersonId: ellie, kind: 'sibling' });
  const kayleighMember = (await services.relationships.getHousehold(sam, household.id)).members.find(
    (member) => member.person.id === kayleigh,
  );
  if (kayleighMember) {
    await services.relationships.recordAdultChecks(sam, kayleighMember.id, {
      seenOn: '2026-11-18',
      assessedOn: '2026-10-02',
      note: 'Seen at home by Sam Okafor; assessed in the child and family assessment',
    });
  }
  const family = [ellie, jayden, kayleigh, dean];
  await involve([...family, gary], ['police', 'hospitals', 'homes']);
  await involve([kayleigh, dean], ['childrens']);
  await entries('police', 'PC Tom Fletcher', [
    [
      '2026-04-12T23:40',
      'police_callout',
      'Neighbour called about shouting at 14 Fernlea Road. Kayleigh had a red mark on her cheek; said she walked into a door. Dean Morrow present, calm. Children upstairs, not spoken to.',
      'standard',
      'fact',
      'high',
      [kayleigh, dean, ellie, jayden],
    ],
    [
      '2026-07-03T01:15',
      'police_callout',
      'Second call-out: Kayleigh reported Dean had pushed her; she withdrew the allegation the same night. DASH risk assessment: medium.',
      'standard',
      'fact',
      'high',
      [kayleigh, dean, ellie, jayden],
    ],
    [
      '2026-07-03T09:00',
      'referral',
      'Notification of domestic abuse incident sent to the MASH; children were present in the house.',
      'standard',
      'fact',
      'medium',
      [ellie, jayden],
    ],
    [
      '2026-10-28T22:05',
      'police_callout',
      'Call-out after a 999 call was cut off. Dean had left before officers arrived. Jayden answered the door.',
      'standard',
      'fact',
      'high',
      [kayleigh, dean, ellie, jayden],
    ],
  ]);
  await entries('ashford-primary', 'Hannah Reid', [
    [
      '2026-05-20T09:10',
      'school_attendance',
      'Ellie late for the fourth time this half term; Jayden’s attendance 86%.',
      'standard',
      'fact',
      'low',
      [ellie, jayden],
    ],
    [
      '2026-09-15T12:30',
      'disclosure',
      'Jayden told his teacher “Dean shouts at Mum and the baby cries” — there is no baby in the family; asked, he would not say more.',
      'standard',
      'fact',
      'high',
      [jayden],
    ],
    [
      '2026-10-06T15:20',
      'school_attendance',
      'Ellie has come to school hungry three times this week; given breakfast club.',
      'standard',
      'fact',
      'medium',
      [ellie],
    ],
    [
      '2026-11-10T10:00',
      'meeting',
      'Team around the family meeting; Dean was not invited and has not been spoken to by any agency. In my view the children are frightened of him.',
      'standard',
      'opinion',
      'high',
      [ellie, jayden, kayleigh],
    ],
  ]);
  await entries('community-health', 'Aisha Rahman', [
    ['2026-02-11T10:00', 'appointment_missed', 'Ellie was not brought to her vision screening.', 'standard', 'fact', 'low', [ellie]],
    [
      '2026-06-23T14:00',
      'appointment_missed',
      'Jayden was not brought to the school nurse review of his asthma plan.',
      'standard',
      'fact',
      'medium',
      [jayden],
    ],
    [
      '2026-08-04T11:00',
      'home_visit',
      'Mother disclosed low mood and that she is taking antidepressants; GP informed.',
      'sensitive',
      'fact',
      'medium',
      [kayleigh],
    ],
  ]);
  await entries('hospitals', 'Dr Priti Shah, Emergency Department', [
    [
      '2026-08-30T19:45',
      'ae_attendance',
      'Jayden attended with a swollen left wrist, “fell off his bike”. X-ray: buckle fracture. Brought by Dean Morrow, who gave his name as “a family friend”.',
      'standard',
      'fact',
      'high',
      [jayden, dean],
    ],
  ]);
  await entries('homes', 'Tenancy Support Officer', [
    [
      '2026-09-01T10:00',
      'other',
      'Rent arrears of £1,240; notice seeking possession served. Kayleigh says Dean is not living there.',
      'standard',
      'fact',
      'medium',
      [kayleigh, dean],
    ],
  ]);
  await entries('childrens', 'Sam Okafor', [
    [
      '2026-07-04T10:30',
      'decision',
      'MASH decision: strategy discussion not required; child and family assessment to start.',
      'standard',
      'fact',
      'medium',
      [ellie, jayden],
    ],
    [
      '2026-09-20T16:00',
      'home_visit',
      'Home visit. Both children seen; Ellie seen with Jayden, not alone. Kayleigh said Dean “stays sometimes”. Dean not present.',
      'standard',
      'fact',
      'medium',
      [ellie, jayden, kayleigh],
    ],
    [
      '2026-10-02T12:00',
      'assessment',
      'Child and family assessment completed: children in need; Dean’s role in the household not assessed.',
      'standard',
      'opinion',
      'high',
      [ellie, jayden, kayleigh],
    ],
  ]);
  await services.chronology.recordVoice(sam, jayden, {
    heardOn: '2026-11-18',
    method: 'seen_alone',
    heardIndividually: true,
    words: 'I don’t like it when Dean is there. I look after Ellie.',
    isVerbatim: true,
    wishesAndFeelings: 'Wants Mum to be happy; wants Dean to go',
  });
  await services.chronology.recordVoice(sam, ellie, {
    heardOn: '2026-11-18',
    method: 'play_or_drawing',
    heardIndividually: false,
    words: 'Drew her family: Mum, Jayden, and herself; left Dean out.',
    isVerbatim: false,
  });

  // The Pryors: Mason, six months old, and his mother Chantelle, expecting again; "Liam", who visits
  // and says he is not the father, has never been seen by anyone.
  const aisha = await actor('aisha.rahman');
  const mason = (await services.people.listPeople(aisha, { name: 'Mason' }))[0]?.id as string;
  const chantelle = (
    await services.people.createPerson(aisha, {
      kind: 'adult',
      givenName: 'Chantelle',
      familyName: 'Pryor',
      dateOfBirth: '2004-05-09',
      sex: 'female',
      address: { line1: 'Flat 6, Harbour Court', town: 'Riverside', postcode: 'NS2 8HW' },
    })
  ).id;
  const unborn = (
    await services.people.createPerson(aisha, {
      kind: 'unborn',
      givenName: 'Unborn',
      familyName: 'Pryor',
      expectedDeliveryDate: '2027-04-02',
    })
  ).id;
  const liam = (
    await services.people.createPerson(aisha, {
      kind: 'adult',
      givenName: 'Liam',
      familyName: 'Carter',
      dateOfBirth: '1999-01-01',
      dateOfBirthIsEstimated: true,
      sex: 'male',
    })
  ).id;
  const flat = await services.relationships.createHousehold(aisha, {
    personId: chantelle,
    label: 'Flat 6, Harbour Court',
    postcode: 'NS2 8HW',
    role: 'resident',
  });
  await services.relationships.addHouseholdMember(aisha, flat.id, { personId: mason, role: 'resident' });
  await services.relationships.addHouseholdMember(aisha, flat.id, { personId: liam, role: 'regular_visitor' });
  await services.relationships.recordRelationship(aisha, {
    personId: mason,
    relatedPersonId: chantelle,
    kind: 'mother',
    hasParentalResponsibility: true,
    prEvidenceSeen: true,
    prEvidenceNote: 'Birth registration seen at the new birth visit',
  });
  await services.relationships.recordRelationship(aisha, {
    personId: mason,
    relatedPersonId: liam,
    kind: 'parents_partner',
    notes: 'Says he is not Mason’s father; father not named',
  });
  await services.relationships.recordRelationship(aisha, { personId: unborn, relatedPersonId: chantelle, kind: 'mother' });
  await involve([mason, chantelle, liam, unborn], ['hospitals', 'riverside-gp']);
  await entries('community-health', 'Aisha Rahman', [
    [
      '2026-07-01T10:00',
      'home_visit',
      'New birth visit. Mason feeding well. Chantelle says a friend, Liam, helps out; he was not there.',
      'standard',
      'fact',
      'low',
      [mason, chantelle],
    ],
    ['2026-09-14T10:00', 'appointment_missed', 'Mason was not brought to his 12-week review.', 'standard', 'fact', 'medium', [mason]],
    [
      '2026-11-16T11:30',
      'home_visit',
      'Visit: a man’s jacket and boots in the hall; Chantelle said nobody else lives there. In my view Liam may be living at the flat.',
      'standard',
      'opinion',
      'high',
      [mason, chantelle, liam],
    ],
  ]);
  await entries('hospitals', 'Maternity Safeguarding Midwife', [
    [
      '2026-10-30T09:00',
      'appointment_attended',
      'Booking appointment for second pregnancy, EDD 2 April 2027. Chantelle disclosed she “argues a lot” with her partner.',
      'standard',
      'fact',
      'medium',
      [chantelle, unborn],
    ],
  ]);
  await entries('hospitals', 'Dr Tom Hale, Emergency Department', [
    [
      '2026-11-19T20:10',
      'ae_attendance',
      'Mason (5 months, not yet rolling) brought with a bruise to the left ear. Explanation: “banged on the cot”. Non-mobile baby with bruising: protocol followed, referred to the MASH.',
      'standard',
      'fact',
      'high',
      [mason, chantelle],
    ],
  ]);

  // The Quinns: Tyler, 15, who moved with his mother Donna from Westhaven in the spring, and has
  // since gone missing three times. Their last area's history arrived late.
  const marcus = await actor('marcus.bell');
  const donna = (
    await services.people.createPerson(marcus, {
      kind: 'adult',
      givenName: 'Donna',
      familyName: 'Quinn',
      dateOfBirth: '1985-03-22',
      sex: 'female',
      otherNames: [{ kind: 'previous', familyName: 'Maddox', validTo: '2009-08-01' }],
      address: { line1: '41 Larch Close', town: 'Eastmere', postcode: 'NS7 3DF', validFrom: '2026-03-15' },
    })
  ).id;
  const tyler = (
    await services.people.createPerson(marcus, {
      kind: 'child',
      givenName: 'Tyler',
      familyName: 'Quinn',
      dateOfBirth: '2011-06-08',
      sex: 'male',
      address: { line1: '41 Larch Close', town: 'Eastmere', postcode: 'NS7 3DF', validFrom: '2026-03-15' },
    })
  ).id;
  const larch = await services.relationships.createHousehold(marcus, {
    personId: donna,
    label: '41 Larch Close',
    postcode: 'NS7 3DF',
    role: 'resident',
    startsOn: '2026-03-15',
  });
  await services.relationships.addHouseholdMember(marcus, larch.id, { personId: tyler, role: 'resident', startsOn: '2026-03-15' });
  await services.relationships.recordRelationship(marcus, {
    personId: tyler,
    relatedPersonId: donna,
    kind: 'mother',
    hasParentalResponsibility: true,
    prEvidenceSeen: false,
  });
  await involve([tyler, donna], ['police', 'northshire-academy']);
  await entries('police', 'PC Tom Fletcher', [
    [
      '2026-06-02T23:00',
      'missing_episode',
      'Tyler reported missing by his mother; found 14 hours later in a flat in the town centre with older males.',
      'standard',
      'fact',
      'high',
      [tyler, donna],
    ],
    [
      '2026-08-19T02:30',
      'missing_episode',
      'Missing overnight; returned with a new phone and £200 he would not explain.',
      'standard',
      'fact',
      'high',
      [tyler],
    ],
    [
      '2026-10-24T21:00',
      'missing_episode',
      'Third missing episode; stopped in a car in another force area. Possible criminal exploitation.',
      'confidential',
      'opinion',
      'high',
      [tyler],
    ],
  ]);
  await entries('northshire-academy', 'Head of Year 11', [
    [
      '2026-09-30T11:00',
      'school_exclusion',
      'Suspended for two days after carrying a knife sheath into school (no knife found).',
      'standard',
      'fact',
      'high',
      [tyler],
    ],
    [
      '2026-11-12T09:00',
      'school_attendance',
      'Attendance this term 61%; frequently leaves at lunchtime.',
      'standard',
      'fact',
      'medium',
      [tyler],
    ],
  ]);
  await entries('childrens', 'Marcus Bell', [
    [
      '2026-10-25T10:00',
      'referral',
      'Referral from police after the third missing episode; previous authority (Westhaven) asked for its records.',
      'standard',
      'fact',
      'high',
      [tyler, donna],
    ],
  ]);

  // Margaret Ellison, 84, living alone, declining help; her son Robert is her carer at weekends.
  const lena = await actor('lena.kowalski');
  const margaret = (
    await services.people.createPerson(lena, {
      kind: 'adult',
      givenName: 'Margaret',
      familyName: 'Ellison',
      dateOfBirth: '1942-01-17',
      sex: 'female',
      address: { line1: '7 Mill Row', town: 'Millbrook', postcode: 'NS9 1AE' },
    })
  ).id;
  const robert = (
    await services.people.createPerson(lena, {
      kind: 'adult',
      givenName: 'Robert',
      familyName: 'Ellison',
      dateOfBirth: '1968-09-04',
      sex: 'male',
    })
  ).id;
  await services.relationships.recordRelationship(lena, { personId: robert, relatedPersonId: margaret, kind: 'mother' });
  await involve([margaret, robert], ['millbrook-gp', 'hospitals']);
  await entries('adults', 'Lena Kowalski', [
    [
      '2026-08-12T14:00',
      'home_visit',
      'Home cold and cluttered; little food; Margaret declined a care package and said “I manage”.',
      'standard',
      'fact',
      'medium',
      [margaret],
    ],
    [
      '2026-11-03T10:00',
      'assessment',
      'Section 42 enquiry opened: self-neglect. Mental capacity to refuse care to be assessed.',
      'standard',
      'fact',
      'high',
      [margaret],
    ],
  ]);
  await entries('hospitals', 'Frailty Team', [
    [
      '2026-10-21T06:30',
      'ae_attendance',
      'Found on the floor by her son after an overnight fall; dehydrated. Discharged home the next day.',
      'standard',
      'fact',
      'high',
      [margaret, robert],
    ],
  ]);

  await seedDemoFrontDoor(services);

  // A few hundred more, so lists, searches and chronologies look like a real partnership's.
  if (partnership) {
    await generatePopulation(services.db, services.clock, { partnershipId: partnership.id, people: 300, entriesPerPerson: 10, seed: 2026 });
  }

  // Records held twice by different agencies, and twins, then a scan so the review queue has work in it.
  await seedDemoDuplicates(services);
}
