import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../platform/access/actor.ts';
import { listAuditEntriesForSubject } from '../../platform/audit-trail/verify-chain.ts';
import { AppError, ErrorCode } from '../../platform/errors.ts';
import { createTestContext, type TestContext } from '../../testing/test-context.ts';
import { genogramFacts, genogramSvg } from './relationships.pictures.ts';

function assertAppError(code: string, field?: string) {
  return (error: unknown) =>
    error instanceof AppError && error.code === code && (field === undefined || error.fields.some((f) => f.field === field));
}

async function countRelationships(context: TestContext): Promise<number> {
  const row = await context.handle.db
    .selectFrom('relationship')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

describe('Ellie lives with her mother Kayleigh and Kayleigh’s new partner Dean, whom nobody has seen', () => {
  let context: TestContext;
  let ellieId: string;
  let jaydenId: string;
  let kayleighId: string;
  let deanId: string;
  let liamId: string;
  let householdId: string;
  let kayleighMemberId: string;
  let deanMemberId: string;

  before(async () => {
    context = await createTestContext();
    const sam = await context.actor('sam.okafor');
    const people = await context.services.people.listPeople(sam);
    ellieId = people.find((person) => person.givenName === 'Ellie')?.id as string;
    jaydenId = people.find((person) => person.givenName === 'Jayden')?.id as string;
    const create = async (givenName: string, familyName: string, dateOfBirth?: string) =>
      (await context.services.people.createPerson(sam, { givenName, familyName, ...(dateOfBirth ? { dateOfBirth } : {}) })).id;
    kayleighId = await create('Kayleigh', 'Hartwell', '1999-03-02');
    deanId = await create('Dean', 'Marsh', '1994-07-19');
    liamId = await create('Liam', 'Hartwell');
  });
  after(() => context.close());

  it('Sam records the household: Ellie, Jayden and Kayleigh live there, Dean is present but not related', async () => {
    const sam = await context.actor('sam.okafor');
    const household = await context.services.relationships.createHousehold(sam, {
      personId: ellieId,
      label: 'Kayleigh Hartwell’s home',
      postcode: 'ns1 4ab',
      startsOn: '2024-05-01',
    });
    householdId = household.id;
    assert.equal(household.postcode, 'NS1 4AB');
    assert.equal(household.members[0]?.person.name, 'Ellie Hartwell');
    kayleighMemberId = (
      await context.services.relationships.addHouseholdMember(sam, householdId, { personId: kayleighId, role: 'resident' })
    ).id;
    await context.services.relationships.addHouseholdMember(sam, householdId, { personId: jaydenId, role: 'resident' });
    const dean = await context.services.relationships.addHouseholdMember(sam, householdId, {
      personId: deanId,
      role: 'present_not_related',
      startsOn: '2026-09-01',
    });
    deanMemberId = dean.id;
    assert.equal(dean.person.name, 'Dean Marsh');
    assert.equal(dean.roleLabel, 'Present, not related (a lodger, a parent’s new partner)');
  });

  it('and the relationships: Kayleigh is Ellie’s mother with parental responsibility, evidence seen; Dean is her mother’s partner', async () => {
    const sam = await context.actor('sam.okafor');
    const mother = await context.services.relationships.recordRelationship(sam, {
      personId: ellieId,
      relatedPersonId: kayleighId,
      kind: 'mother',
      hasParentalResponsibility: true,
      prEvidenceSeen: true,
      prEvidenceNote: 'Birth certificate seen at the home visit',
    });
    assert.equal(mother.hasParentalResponsibility, true);
    await context.services.relationships.recordRelationship(sam, {
      personId: ellieId,
      relatedPersonId: deanId,
      kind: 'parents_partner',
      hasParentalResponsibility: false,
    });
    await context.services.relationships.recordRelationship(sam, {
      personId: kayleighId,
      relatedPersonId: deanId,
      kind: 'partner',
      startsOn: '2026-06-01',
    });
    await context.services.relationships.recordRelationship(sam, { personId: ellieId, relatedPersonId: jaydenId, kind: 'sibling' });

    const fromEllie = await context.services.relationships.listRelationships(sam, ellieId);
    assert.deepEqual(fromEllie.map((view) => `${view.other.name}: ${view.label}`).sort(), [
      'Dean Marsh: Parent’s partner',
      'Jayden Hartwell: Sibling',
      'Kayleigh Hartwell: Mother',
    ]);
    const fromKayleigh = await context.services.relationships.listRelationships(sam, kayleighId);
    assert.deepEqual(fromKayleigh.map((view) => `${view.other.name}: ${view.label}`).sort(), [
      'Dean Marsh: Partner',
      'Ellie Hartwell: Child',
    ]);
  });

  it('the adults around Ellie are Kayleigh and Dean — not Jayden, who is ten — and Dean is flagged not seen and not assessed', async () => {
    const sam = await context.actor('sam.okafor');
    await context.services.relationships.recordAdultChecks(sam, kayleighMemberId, {
      seenOn: '2026-11-20',
      assessedOn: '2026-11-20',
      note: 'Seen and assessed by Sam at the home visit',
    });
    const adults = await context.services.relationships.adultsAroundChild(sam, ellieId);
    assert.deepEqual(
      adults.map((adult) => adult.person.name),
      ['Kayleigh Hartwell', 'Dean Marsh'],
    );
    const [kayleigh, dean] = adults;
    assert.equal(kayleigh?.relationshipLabel, 'Mother');
    assert.equal(kayleigh?.hasParentalResponsibility, true);
    assert.equal(kayleigh?.prEvidenceSeen, true);
    assert.equal(kayleigh?.lastSeenOn, '2026-11-20');
    assert.equal(kayleigh?.notSeen, false);
    assert.equal(kayleigh?.notAssessed, false);
    assert.equal(dean?.relationshipLabel, 'Parent’s partner');
    assert.equal(dean?.hasParentalResponsibility, false);
    assert.equal(dean?.householdRoles[0]?.role, 'present_not_related');
    assert.equal(dean?.notSeen, true);
    assert.equal(dean?.notAssessed, true);
    assert.equal(dean?.person.age, 32);
  });

  it('Liam, Ellie’s father, lives elsewhere: he is among the adults around her, parental responsibility not known, until seen', async () => {
    const sam = await context.actor('sam.okafor');
    const father = await context.services.relationships.recordRelationship(sam, {
      personId: ellieId,
      relatedPersonId: liamId,
      kind: 'father',
    });
    assert.equal(father.hasParentalResponsibility, null, 'never assumed');
    let liam = (await context.services.relationships.adultsAroundChild(sam, ellieId)).find((adult) => adult.person.id === liamId);
    assert.ok(liam);
    assert.equal(liam.relationshipLabel, 'Father');
    assert.equal(liam.hasParentalResponsibility, null);
    assert.deepEqual(liam.householdRoles, []);
    assert.equal(liam.person.age, null, 'date of birth not known: counted as an adult');
    assert.deepEqual(liam.checksTarget, { kind: 'relationship', id: father.id });
    await context.services.relationships.recordRelationshipChecks(sam, father.id, {
      seenOn: '2026-11-18',
      note: 'Seen at his flat by Sam',
    });
    liam = (await context.services.relationships.adultsAroundChild(sam, ellieId)).find((adult) => adult.person.id === liamId);
    assert.equal(liam?.lastSeenOn, '2026-11-18');
    assert.equal(liam?.notSeen, false);
    assert.equal(liam?.notAssessed, true);
  });

  it('a seen date in the future is refused', async () => {
    const sam = await context.actor('sam.okafor');
    await assert.rejects(
      context.services.relationships.recordAdultChecks(sam, deanMemberId, { seenOn: '2027-01-01', note: 'Typo' }),
      assertAppError(ErrorCode.VALIDATION, 'seenOn'),
    );
    await assert.rejects(
      context.services.relationships.recordAdultChecks(sam, deanMemberId, { note: 'No dates' }),
      assertAppError(ErrorCode.VALIDATION, 'seenOn'),
    );
  });

  it('the family chronology can ask who shares Ellie’s household, and Mason, with no household, is on his own', async () => {
    const ids = await context.services.relationships.householdMemberIds(ellieId, context.clock.now());
    assert.equal(ids[0], ellieId);
    assert.deepEqual(new Set(ids), new Set([ellieId, kayleighId, jaydenId, deanId]));
    const before = await context.services.relationships.householdMemberIds(ellieId, new Date('2026-08-01T12:00:00Z'));
    assert.ok(!before.includes(deanId), 'Dean joined in September');
    const aisha = await context.actor('aisha.rahman');
    const [mason] = await context.services.people.listPeople(aisha, { name: 'Mason' });
    assert.deepEqual(await context.services.relationships.householdMemberIds(mason?.id as string, context.clock.now()), [mason?.id]);
  });

  it('every write and every read of the family is in the audit trail', async () => {
    const entries = await listAuditEntriesForSubject(context.handle.db, 'person', ellieId);
    const actions = new Set(entries.map((entry) => entry.action));
    for (const action of ['household.created', 'relationship.recorded', 'person.family.viewed']) {
      assert.ok(actions.has(action), action);
    }
    const deanEntries = await listAuditEntriesForSubject(context.handle.db, 'person', deanId);
    assert.ok(
      deanEntries.some((entry) => entry.action === 'person.listed' && entry.purpose === 'family view'),
      'Dean’s access log shows he was named on Ellie’s family page',
    );
    assert.ok(deanEntries.some((entry) => entry.action === 'household.member-added'));
    for (const entry of entries) {
      assert.doesNotMatch(entry.details, /Kayleigh|Birth certificate|home visit/, 'identifiers only, never names or narrative');
    }
  });

  it('Dean moves out: the relationships end and the membership ends, so he is no longer among the adults around Ellie, and the history stays', async () => {
    const sam = await context.actor('sam.okafor');
    const fromEllie = await context.services.relationships.listRelationships(sam, ellieId);
    const deanLink = fromEllie.find((view) => view.other.id === deanId);
    assert.ok(deanLink);
    const partnerLink = (await context.services.relationships.listRelationships(sam, kayleighId)).find((view) => view.other.id === deanId);
    await assert.rejects(
      context.services.relationships.endRelationship(sam, partnerLink?.id as string, { endsOn: '2026-05-31' }),
      assertAppError(ErrorCode.VALIDATION, 'endsOn'),
      'an end before the start is refused',
    );
    await context.services.relationships.endRelationship(sam, partnerLink?.id as string, { endsOn: '2026-11-22' });
    await context.services.relationships.endRelationship(sam, deanLink.id, { endsOn: '2026-11-22' });
    await assert.rejects(
      context.services.relationships.endRelationship(sam, deanLink.id, { endsOn: '2026-11-22' }),
      assertAppError(ErrorCode.INVALID_TRANSITION),
    );
    await context.services.relationships.endHouseholdMembership(sam, deanMemberId, { endsOn: '2026-11-22' });

    const adults = await context.services.relationships.adultsAroundChild(sam, ellieId);
    assert.ok(!adults.some((adult) => adult.person.id === deanId));
    const ended = (await context.services.relationships.listRelationships(sam, ellieId)).find((view) => view.id === deanLink.id);
    assert.equal(ended?.isCurrent, false);
    assert.equal(ended?.endsOn, '2026-11-22');
    const [household] = await context.services.relationships.getHouseholds(sam, ellieId);
    const deanMember = household?.members.find((member) => member.person.id === deanId);
    assert.equal(deanMember?.isCurrent, false);

    const genogram = await context.services.relationships.getGenogram(sam, ellieId);
    assert.ok(genogramFacts(genogram).includes('Dean Marsh: parent’s partner of Ellie Hartwell (no PR) — ended.'));
    assert.ok(genogramFacts(genogram).includes('Kayleigh Hartwell: mother of Ellie Hartwell (PR, evidence seen).'));
    assert.match(genogramSvg(genogram), /Liam Hartwell/);
  });

  it('Ellie’s former home at her father’s: who moved in after she left is no part of her record', async () => {
    const sam = await context.actor('sam.okafor');
    const flat = await context.services.relationships.createHousehold(sam, {
      personId: ellieId,
      label: 'Liam Hartwell’s flat',
      startsOn: '2020-01-01',
    });
    await context.services.relationships.endHouseholdMembership(sam, flat.members[0]?.id as string, { endsOn: '2022-01-01' });
    await context.services.relationships.addHouseholdMember(sam, flat.id, { personId: liamId, role: 'resident', startsOn: '2019-06-01' });
    const tashaId = (
      await context.services.people.createPerson(sam, { givenName: 'Tasha', familyName: 'Reeve', dateOfBirth: '1997-08-08' })
    ).id;
    await context.services.relationships.addHouseholdMember(sam, flat.id, { personId: tashaId, role: 'resident', startsOn: '2025-02-01' });

    const households = await context.services.relationships.getHouseholds(sam, ellieId);
    const former = households.find((household) => household.id === flat.id);
    assert.deepEqual(former?.members.map((member) => member.person.name).sort(), ['Ellie Hartwell', 'Liam Hartwell']);
    assert.ok(!(await context.services.relationships.adultsAroundChild(sam, ellieId)).some((adult) => adult.person.id === tashaId));
  });

  it('Hannah, the school’s safeguarding lead, sees the adults around Ellie by name, but cannot open Kayleigh’s own record', async () => {
    const hannah = await context.actor('hannah.reid');
    const view = await context.services.relationships.getFamilyView(hannah, ellieId);
    const kayleigh = view.adultsAround.find((adult) => adult.person.id === kayleighId);
    assert.equal(kayleigh?.person.name, 'Kayleigh Hartwell');
    assert.equal(kayleigh?.person.canOpen, false);
    await assert.rejects(context.services.people.getPerson(hannah, kayleighId), assertAppError(ErrorCode.NOT_FOUND));
  });

  it('Tom, a police officer whose agency is not involved with Ellie, cannot see her family at all, and the refusal is audited', async () => {
    const tom = await context.actor('tom.fletcher');
    await assert.rejects(context.services.relationships.adultsAroundChild(tom, ellieId), assertAppError(ErrorCode.NOT_FOUND));
    await assert.rejects(context.services.relationships.listInvolvements(tom, ellieId), assertAppError(ErrorCode.NOT_FOUND));
    await assert.rejects(context.services.relationships.getHousehold(tom, householdId), assertAppError(ErrorCode.NOT_FOUND));
    await assert.rejects(
      context.services.relationships.addHouseholdMember(tom, householdId, { personId: deanId, role: 'regular_visitor' }),
      assertAppError(ErrorCode.NOT_FOUND),
    );
    const entries = await listAuditEntriesForSubject(context.handle.db, 'person', ellieId);
    assert.ok(
      entries.some(
        (entry) => entry.action === 'person.family.viewed' && entry.outcome === 'denied' && entry.actorLabel.includes('tom.fletcher'),
      ),
    );
  });

  it('the agencies and workers involved with Ellie are named, with when their involvement started', async () => {
    const sam = await context.actor('sam.okafor');
    const involvements = await context.services.relationships.listInvolvements(sam, ellieId);
    const summary = involvements.map(
      (involvement) => `${involvement.kindLabel}: ${involvement.workerName ?? involvement.teamName ?? involvement.agencyName}`,
    );
    assert.ok(summary.includes('Allocated worker: Sam Okafor'));
    assert.ok(summary.includes('Allocated team: Assessment Team East'));
    assert.ok(summary.includes('Agency involved: Ashford Primary School'));
    assert.ok(summary.includes('Agency involved: Northshire Community Health NHS Trust'));
    const sams = involvements.find((involvement) => involvement.workerName === 'Sam Okafor');
    assert.equal(sams?.agencyName, 'Northshire Council Children’s Services');
    assert.equal(sams?.isCurrent, true);
    const { data } = await context.services.relationships.getEcomap(sam, ellieId);
    assert.equal(data.centre.name, 'Ellie Hartwell');
    assert.ok(data.agencies.some((agency) => agency.name === 'Ashford Primary School'));
    assert.ok(data.workers.some((worker) => worker.name === 'Sam Okafor' && worker.agencyKey !== null));
  });
});

describe('Bad input about relationships and households: a clear message and nothing written', () => {
  let context: TestContext;
  let ellieId: string;
  let kayleighId: string;

  before(async () => {
    context = await createTestContext();
    const sam = await context.actor('sam.okafor');
    ellieId = (await context.services.people.listPeople(sam, { name: 'Ellie' }))[0]?.id as string;
    kayleighId = (
      await context.services.people.createPerson(sam, { givenName: 'Kayleigh', familyName: 'Hartwell', dateOfBirth: '1999-03-02' })
    ).id;
  });
  after(() => context.close());

  it('a relationship to oneself is refused', async () => {
    const sam = await context.actor('sam.okafor');
    await assert.rejects(
      context.services.relationships.recordRelationship(sam, { personId: ellieId, relatedPersonId: ellieId, kind: 'sibling' }),
      (error: unknown) =>
        error instanceof AppError &&
        error.code === ErrorCode.VALIDATION &&
        error.fields.some(
          (field) => field.field === 'relatedPersonId' && field.message === 'A person cannot have a relationship with themselves',
        ),
    );
    assert.equal(await countRelationships(context), 0);
  });

  it('an unknown kind, an end before the start, or evidence of PR for someone without it, each name the field', async () => {
    const sam = await context.actor('sam.okafor');
    const base = { personId: ellieId, relatedPersonId: kayleighId };
    await assert.rejects(
      context.services.relationships.recordRelationship(sam, { ...base, kind: 'cousin' as 'mother' }),
      assertAppError(ErrorCode.VALIDATION, 'kind'),
    );
    await assert.rejects(
      context.services.relationships.recordRelationship(sam, { ...base, kind: 'mother', startsOn: '2020-01-01', endsOn: '2019-12-31' }),
      assertAppError(ErrorCode.VALIDATION, 'endsOn'),
    );
    await assert.rejects(
      context.services.relationships.recordRelationship(sam, {
        ...base,
        kind: 'mother',
        hasParentalResponsibility: null,
        prEvidenceSeen: true,
      }),
      assertAppError(ErrorCode.VALIDATION, 'prEvidenceSeen'),
    );
    await assert.rejects(
      context.services.relationships.recordRelationship(sam, {
        ...base,
        kind: 'mother',
        hasParentalResponsibility: true,
        prEvidenceSeen: true,
      }),
      assertAppError(ErrorCode.VALIDATION, 'prEvidenceNote'),
      'say what evidence was seen',
    );
    await assert.rejects(
      context.services.relationships.recordRelationship(sam, { ...base, kind: 'sibling', hasParentalResponsibility: true }),
      assertAppError(ErrorCode.VALIDATION, 'hasParentalResponsibility'),
    );
    await assert.rejects(
      context.services.relationships.recordRelationship(sam, { ...base, kind: 'mother', startsOn: '2019-02-30' }),
      assertAppError(ErrorCode.VALIDATION, 'startsOn'),
    );
    assert.equal(await countRelationships(context), 0);
  });

  it('people in different partnerships cannot be linked, and an unknown person gets the same answer', async () => {
    const system = systemActor('test');
    const { id: partnershipId } = await context.services.agencies.createPartnership(system, {
      code: 'southvale',
      name: 'Southvale Safeguarding Partnership',
    });
    const agency = await context.services.agencies.createAgency(system, {
      partnershipId,
      code: 'sv-childrens',
      name: 'Southvale Children’s Services',
      kind: 'children_social_care',
    });
    const user = await context.services.agencies.createUser(system, {
      email: 'olu.bakare@southvale.example',
      displayName: 'Olu Bakare',
      agencyId: agency.id,
      roles: ['practitioner'],
    });
    const olu = await context.services.agencies.loadActor(user.id);
    const stranger = await context.services.people.createPerson(olu as NonNullable<typeof olu>, { givenName: 'Ava', familyName: 'Stone' });
    const sam = await context.actor('sam.okafor');
    const attempts = [stranger.id, '00000000-0000-4000-8000-000000000000'];
    const messages: string[] = [];
    for (const relatedPersonId of attempts) {
      await assert.rejects(
        context.services.relationships.recordRelationship(sam, { personId: ellieId, relatedPersonId, kind: 'friend' }),
        (error: unknown) => {
          assert.ok(error instanceof AppError && error.code === ErrorCode.VALIDATION);
          messages.push(error.fields[0]?.message as string);
          return true;
        },
      );
    }
    assert.equal(messages[0], 'Select a person already recorded in this partnership');
    assert.equal(messages[1], messages[0]);
    assert.equal(await countRelationships(context), 0);
  });

  it('a household needs a name, and a real postcode when one is given; someone cannot be added twice', async () => {
    const sam = await context.actor('sam.okafor');
    await assert.rejects(
      context.services.relationships.createHousehold(sam, { personId: ellieId, label: ' ', postcode: 'not a postcode' }),
      (error: unknown) =>
        error instanceof AppError &&
        error.fields
          .map((field) => field.field)
          .sort()
          .join() === 'label,postcode',
    );
    const household = await context.services.relationships.createHousehold(sam, { personId: ellieId, label: 'Home' });
    await context.services.relationships.addHouseholdMember(sam, household.id, { personId: kayleighId, role: 'resident' });
    await assert.rejects(
      context.services.relationships.addHouseholdMember(sam, household.id, { personId: kayleighId, role: 'regular_visitor' }),
      assertAppError(ErrorCode.VALIDATION, 'personId'),
    );
    await assert.rejects(
      context.services.relationships.addHouseholdMember(sam, household.id, { personId: kayleighId, role: 'lodger' as 'resident' }),
      assertAppError(ErrorCode.VALIDATION, 'role'),
    );
  });

  it('a business officer, who never sees case records, cannot record a relationship', async () => {
    const grace = await context.actor('grace.mensah');
    await assert.rejects(
      context.services.relationships.recordRelationship(grace, { personId: ellieId, relatedPersonId: kayleighId, kind: 'mother' }),
      assertAppError(ErrorCode.FORBIDDEN),
    );
  });
});

describe('A restricted adult around a child', () => {
  let context: TestContext;
  let ellieId: string;
  let ryanId: string;

  before(async () => {
    context = await createTestContext();
    const sam = await context.actor('sam.okafor');
    ellieId = (await context.services.people.listPeople(sam, { name: 'Ellie' }))[0]?.id as string;
    // Police hold Ryan's record; Sam can link him to Ellie without opening it (ADR 0011).
    const tom = await context.actor('tom.fletcher');
    ryanId = (await context.services.people.createPerson(tom, { givenName: 'Ryan', familyName: 'Cole', dateOfBirth: '1990-02-14' })).id;
    const household = await context.services.relationships.createHousehold(sam, { personId: ellieId, label: 'Kayleigh Hartwell’s home' });
    await context.services.relationships.addHouseholdMember(sam, household.id, { personId: ryanId, role: 'regular_visitor' });
  });
  after(() => context.close());

  it('before the restriction Sam sees Ryan by name and age, but may not open his record', async () => {
    const sam = await context.actor('sam.okafor');
    const [ryan] = await context.services.relationships.adultsAroundChild(sam, ellieId);
    assert.equal(ryan?.person.name, 'Ryan Cole');
    assert.equal(ryan?.person.age, 36);
    assert.equal(ryan?.person.canOpen, false);
    assert.equal(ryan?.relationshipLabel, 'Not related');
    await assert.rejects(context.services.people.getPerson(sam, ryanId), assertAppError(ErrorCode.NOT_FOUND));
  });

  it('once his record is restricted he appears as “Restricted record”, with no name, age or id — but still flagged not seen', async () => {
    const priya = await context.actor('priya.nair');
    await context.services.access.recordInvolvement(systemActor('test'), {
      personId: ryanId,
      kind: 'allocated_worker',
      userId: priya.userId as string,
    });
    await context.services.people.restrictPerson(priya, ryanId, { reason: 'Witness in a criminal trial' });

    const sam = await context.actor('sam.okafor');
    const before = (await listAuditEntriesForSubject(context.handle.db, 'person', ryanId)).length;
    const view = await context.services.relationships.getFamilyView(sam, ellieId);
    const [adult] = view.adultsAround;
    assert.deepEqual(adult?.person, {
      id: null,
      name: 'Restricted record',
      dateOfBirth: null,
      age: null,
      isRestricted: true,
      canOpen: false,
    });
    assert.equal(adult?.notSeen, true);
    assert.equal(adult?.householdRoles[0]?.role, 'regular_visitor');
    assert.ok(!JSON.stringify(view).includes('Ryan'));
    assert.ok(!JSON.stringify(view).includes(ryanId));
    assert.ok(!genogramSvg(view.genogram).includes('Ryan'));
    const after = await listAuditEntriesForSubject(context.handle.db, 'person', ryanId);
    assert.equal(after.length, before, 'nothing about Ryan was read, so nothing is logged against him');

    const [asPriyaSees] = await context.services.relationships.adultsAroundChild(priya, ellieId);
    assert.equal(asPriyaSees?.person.name, 'Ryan Cole', 'Priya holds a grant to Ryan’s record');
    assert.equal(asPriyaSees?.person.canOpen, true);
  });
});
