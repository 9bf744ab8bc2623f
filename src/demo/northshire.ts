import { type Actor, type Role, systemActor } from '../platform/access/actor.ts';
import type { Services } from '../services.ts';

/**
 * The fictional Northshire Safeguarding Partnership. Every agency, place and person here is
 * invented; the email domain is the reserved `.example` so no message can ever be delivered.
 */
export const DEMO_PARTNERSHIP_CODE = 'northshire';
export const DEMO_PASSWORD = 'northshire-demo-2026';

const AGENCIES = [
  {
    code: 'police',
    name: 'Northshire Police',
    kind: 'police',
    statutory: true,
    teams: ['Public Protection Unit', 'Child Abuse Investigation Team'],
  },
  {
    code: 'icb',
    name: 'NHS Northshire Integrated Care Board',
    kind: 'integrated_care_board',
    statutory: true,
    teams: ['Designated Safeguarding Team'],
  },
  {
    code: 'childrens',
    name: 'Northshire Council Children’s Services',
    kind: 'children_social_care',
    statutory: true,
    teams: ['Multi-Agency Safeguarding Hub', 'Assessment Team East', 'Child Protection Team'],
  },
  {
    code: 'adults',
    name: 'Northshire Council Adult Social Care',
    kind: 'adult_social_care',
    statutory: true,
    teams: ['Adult Safeguarding Hub'],
  },
  {
    code: 'hospitals',
    name: 'Northshire Hospitals NHS Foundation Trust',
    kind: 'health_trust',
    statutory: false,
    teams: ['Emergency Department', 'Maternity'],
  },
  {
    code: 'community-health',
    name: 'Northshire Community Health NHS Trust',
    kind: 'health_trust',
    statutory: false,
    teams: ['Health Visiting', 'School Nursing'],
  },
  { code: 'riverside-gp', name: 'Riverside Medical Practice', kind: 'gp_practice', statutory: false, teams: ['Practice Safeguarding'] },
  { code: 'millbrook-gp', name: 'Millbrook Surgery', kind: 'gp_practice', statutory: false, teams: ['Practice Safeguarding'] },
  { code: 'ashford-primary', name: 'Ashford Primary School', kind: 'school', statutory: false, teams: ['Safeguarding Team'] },
  { code: 'northshire-academy', name: 'Northshire Academy', kind: 'school', statutory: false, teams: ['Safeguarding Team'] },
  { code: 'probation', name: 'Probation Service – Northshire', kind: 'probation', statutory: false, teams: ['Offender Management'] },
  { code: 'homes', name: 'Northshire Homes', kind: 'housing', statutory: false, teams: ['Tenancy Support'] },
  { code: 'safer-homes', name: 'Safer Homes Northshire', kind: 'domestic_abuse_service', statutory: false, teams: ['IDVA Service'] },
  {
    code: 'recovery',
    name: 'Northshire Recovery Partnership',
    kind: 'drug_and_alcohol_service',
    statutory: false,
    teams: ['Family Recovery'],
  },
  {
    code: 'business-unit',
    name: 'Northshire Safeguarding Partnership Business Unit',
    kind: 'partnership_business_unit',
    statutory: false,
    teams: ['Business Unit'],
  },
] as const;

type AgencyCode = (typeof AGENCIES)[number]['code'];

const USERS: { email: string; name: string; agency: AgencyCode; team: string; roles: Role[]; job: string }[] = [
  {
    email: 'sam.okafor',
    name: 'Sam Okafor',
    agency: 'childrens',
    team: 'Assessment Team East',
    roles: ['practitioner'],
    job: 'Social worker',
  },
  {
    email: 'priya.nair',
    name: 'Priya Nair',
    agency: 'childrens',
    team: 'Assessment Team East',
    roles: ['team_manager'],
    job: 'Team manager',
  },
  {
    email: 'marcus.bell',
    name: 'Marcus Bell',
    agency: 'childrens',
    team: 'Multi-Agency Safeguarding Hub',
    roles: ['mash_officer'],
    job: 'MASH officer',
  },
  {
    email: 'rachel.osei',
    name: 'Rachel Osei',
    agency: 'childrens',
    team: 'Multi-Agency Safeguarding Hub',
    roles: ['team_manager'],
    job: 'MASH team manager',
  },
  {
    email: 'tom.fletcher',
    name: 'Tom Fletcher',
    agency: 'police',
    team: 'Public Protection Unit',
    roles: ['practitioner'],
    job: 'Detective constable',
  },
  {
    email: 'aisha.rahman',
    name: 'Aisha Rahman',
    agency: 'community-health',
    team: 'Health Visiting',
    roles: ['practitioner'],
    job: 'Health visitor',
  },
  {
    email: 'hannah.reid',
    name: 'Hannah Reid',
    agency: 'ashford-primary',
    team: 'Safeguarding Team',
    roles: ['designated_safeguarding_lead'],
    job: 'Designated safeguarding lead',
  },
  {
    email: 'lena.kowalski',
    name: 'Lena Kowalski',
    agency: 'adults',
    team: 'Adult Safeguarding Hub',
    roles: ['practitioner'],
    job: 'Social worker (adults)',
  },
  {
    email: 'nadia.farouk',
    name: 'Nadia Farouk',
    agency: 'adults',
    team: 'Adult Safeguarding Hub',
    roles: ['team_manager'],
    job: 'Adult safeguarding manager',
  },
  {
    email: 'grace.mensah',
    name: 'Grace Mensah',
    agency: 'business-unit',
    team: 'Business Unit',
    roles: ['partnership_business_officer'],
    job: 'Partnership business officer',
  },
  {
    email: 'david.lowe',
    name: 'David Lowe',
    agency: 'business-unit',
    team: 'Business Unit',
    roles: ['independent_scrutineer'],
    job: 'Independent scrutineer',
  },
  {
    email: 'ruth.adeyemi',
    name: 'Ruth Adeyemi',
    agency: 'childrens',
    team: 'Child Protection Team',
    roles: ['privacy_officer'],
    job: 'Privacy officer',
  },
  {
    email: 'oliver.grant',
    name: 'Oliver Grant',
    agency: 'business-unit',
    team: 'Business Unit',
    roles: ['system_administrator'],
    job: 'System administrator',
  },
];

export const DEMO_EMAIL_DOMAIN = 'northshire.example';

/** A demo persona loaded as an actor, by the first part of their email ('marcus.bell'). */
export async function demoActor(services: Services, name: string): Promise<Actor> {
  const user = await services.agencies.findUserByEmail(`${name}@${DEMO_EMAIL_DOMAIN}`);
  const loaded = user ? await services.agencies.loadActor(user.id) : undefined;
  if (!loaded) {
    throw new Error(`Demo user ${name} is missing`);
  }
  return loaded;
}

export interface DemoSignIn {
  email: string;
  name: string;
  job: string;
  roles: Role[];
}

export function demoSignIns(): DemoSignIn[] {
  return USERS.map((user) => ({ email: `${user.email}@${DEMO_EMAIL_DOMAIN}`, name: user.name, job: user.job, roles: user.roles }));
}

/** Seeds Northshire once; later calls find it and change nothing. Returns whether it seeded. */
export async function seedDemoPartnership(services: Services): Promise<boolean> {
  const existing = await services.agencies.findPartnershipByCode(DEMO_PARTNERSHIP_CODE);
  if (existing) {
    return false;
  }
  const seeder = systemActor('demo-seed');
  const { id: partnershipId } = await services.agencies.createPartnership(seeder, {
    code: DEMO_PARTNERSHIP_CODE,
    name: 'Northshire Safeguarding Partnership',
  });
  const teamIds = new Map<string, string>();
  const agencyIds = new Map<string, string>();
  for (const agency of AGENCIES) {
    const created = await services.agencies.createAgency(seeder, {
      partnershipId,
      code: agency.code,
      name: agency.name,
      kind: agency.kind,
      isStatutoryPartner: agency.statutory,
    });
    agencyIds.set(agency.code, created.id);
    for (const teamName of agency.teams) {
      const team = await services.agencies.createTeam(seeder, { agencyId: created.id, name: teamName });
      teamIds.set(`${agency.code}/${teamName}`, team.id);
    }
  }
  const actors = new Map<string, Actor>();
  for (const user of USERS) {
    const created = await services.agencies.createUser(seeder, {
      email: `${user.email}@${DEMO_EMAIL_DOMAIN}`,
      displayName: user.name,
      agencyId: agencyIds.get(user.agency) as string,
      roles: user.roles,
      teamIds: [teamIds.get(`${user.agency}/${user.team}`) as string],
      isDemo: true,
    });
    await services.identity.setPassword(seeder, created.id, DEMO_PASSWORD);
    const actor = await services.agencies.loadActor(created.id);
    if (actor) {
      actors.set(user.email, actor);
    }
  }

  // A few children so that a practitioner's home page has something on it; the fuller family
  // (relationships, chronology) arrives with the people-and-chronology work.
  const sam = actors.get('sam.okafor') as Actor;
  const ellie = await services.people.createPerson(sam, { givenName: 'Ellie', familyName: 'Hartwell', dateOfBirth: '2019-04-12' });
  const jayden = await services.people.createPerson(sam, { givenName: 'Jayden', familyName: 'Hartwell', dateOfBirth: '2016-09-03' });
  for (const person of [ellie, jayden]) {
    await services.access.recordInvolvement(seeder, {
      personId: person.id,
      kind: 'allocated_team',
      teamId: teamIds.get('childrens/Assessment Team East') as string,
    });
    await services.access.recordInvolvement(seeder, {
      personId: person.id,
      kind: 'agency_involved',
      agencyId: agencyIds.get('ashford-primary') as string,
    });
    await services.access.recordInvolvement(seeder, {
      personId: person.id,
      kind: 'agency_involved',
      agencyId: agencyIds.get('community-health') as string,
    });
  }
  const aisha = actors.get('aisha.rahman') as Actor;
  await services.people.createPerson(aisha, { givenName: 'Mason', familyName: 'Pryor', dateOfBirth: '2025-06-20' });
  return true;
}
