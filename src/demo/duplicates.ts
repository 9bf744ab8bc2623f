import { type Actor, systemActor } from '../platform/access/actor.ts';
import type { Services } from '../services.ts';
import { DEMO_PARTNERSHIP_CODE, demoActor } from './northshire.ts';

/**
 * The same people recorded twice, as happens when agencies keep their own systems: health's "Maya
 * Brenan" is Mia Brennan (day and month of birth swapped, the family's previous address); the police
 * hold "Kayleigh Hartwel" at Kayleigh's address; and health visitors see twins, Amara and Adaeze
 * Nwosu, who share everything but their names. A scan at the end fills the review queue: the twins
 * wait for a person (never merged automatically), Mia and Maya wait for a person, and the police's
 * Kayleigh is linked automatically. Invented, like everyone in Northshire.
 */
export async function seedDemoDuplicates(services: Services): Promise<void> {
  const demo = systemActor('demo');
  const actor = (name: string) => demoActor(services, name);
  const partnership = await services.agencies.findPartnershipByCode(DEMO_PARTNERSHIP_CODE);
  if (!partnership) {
    return;
  }
  const aisha = await actor('aisha.rahman');
  const tom = await actor('tom.fletcher');
  const marcus = await actor('marcus.bell');
  const hannah = await actor('hannah.reid');
  const mashTeam = marcus.teamIds[0] as string;
  // The MASH checks every agency's records: its team is involved with each record of a pair.
  const mash = (personId: string) =>
    services.access.recordInvolvement(demo, { personId, kind: 'allocated_team', teamId: mashTeam, reason: 'MASH check of records held' });
  const find = async (reader: Actor, name: string, given: string) =>
    (await services.people.listPeople(reader, { name })).find((person) => person.givenName === given)?.id;

  const mia = await find(hannah, 'Brennan', 'Mia');
  const maya = (
    await services.people.createPerson(aisha, {
      givenName: 'Maya',
      familyName: 'Brenan',
      dateOfBirth: '2017-02-03',
      sex: 'female',
      address: { line1: '41 Mill Row', town: 'Northshire', postcode: 'NS1 9ZZ', validFrom: '2018-05-01' },
      identifiers: [{ kind: 'nhs_number', value: '943 476 5919' }],
    })
  ).id;
  await services.chronology.recordEntry(aisha, {
    occurredAt: '2026-09-14T14:30',
    category: 'appointment_missed',
    summary: 'Maya not brought to her school-age health review; letter sent to the address held.',
    nature: 'fact',
    significance: 'low',
    personIds: [maya],
  });
  for (const id of [mia, maya]) {
    if (id) {
      await mash(id);
    }
  }

  const policeKayleigh = (
    await services.people.createPerson(tom, {
      kind: 'adult',
      givenName: 'Kayleigh',
      familyName: 'Hartwel',
      dateOfBirth: '1996-02-14',
      sex: 'female',
      address: { line1: '14 Fernlea Rd', town: 'Northbridge', postcode: 'NS4 2QT' },
      identifiers: [{ kind: 'police_reference', value: 'NSP-2026-004417' }],
    })
  ).id;
  await mash(policeKayleigh);

  for (const given of ['Amara', 'Adaeze']) {
    const twin = (
      await services.people.createPerson(aisha, {
        givenName: given,
        familyName: 'Nwosu',
        dateOfBirth: '2020-08-14',
        sex: 'female',
        address: { line1: '7 Mill Street', town: 'Northshire', postcode: 'NS2 4BX' },
      })
    ).id;
    await mash(twin);
  }

  await services.duplicates.scan(systemActor('demo'), partnership.id);
}
