import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listAuditEntriesForSubject } from '../../platform/audit-trail/verify-chain.ts';
import { AppError, ErrorCode } from '../../platform/errors.ts';
import { createTestContext, type TestContext } from '../../testing/test-context.ts';

/**
 * Finding a person in Northshire. Sam records the adults around Ellie and Jayden Hartwell; then
 * practitioners search the way people type: misspelt, by nickname, by an old surname, by date of
 * birth, NHS number or postcode — and never find someone they are not allowed to see.
 */
describe('Finding a person by name, date of birth, identifier or postcode', () => {
  let context: TestContext;
  const ids: Record<string, string> = {};

  before(async () => {
    context = await createTestContext();
    const sam = await context.actor('sam.okafor');
    const people = context.services.people;
    for (const person of await people.listPeople(sam)) {
      ids[person.givenName.toLowerCase()] = person.id;
    }
    await people.addIdentifier(sam, ids.ellie as string, { kind: 'nhs_number', value: '999 000 0018' });
    await people.addIdentifier(sam, ids.jayden as string, { kind: 'upn', value: 'B801200005001' });
    ids.john = (await people.createPerson(sam, { givenName: 'John', familyName: 'Hartwell', dateOfBirth: '1988-02-14' })).id;
    ids.william = (await people.createPerson(sam, { givenName: 'William', familyName: 'Okonjo', dateOfBirth: '1979-10-02' })).id;
    ids.kayleigh = (
      await people.createPerson(sam, {
        givenName: 'Kayleigh',
        familyName: 'Hartwell',
        dateOfBirth: '1995-07-30',
        address: { line1: '14 Cooper Street', postcode: 'NS1 4AB', validFrom: '2024-03-01' },
        otherNames: [{ kind: 'previous', familyName: 'Dawson', validTo: '2018-06-02' }],
      })
    ).id;
    ids.dean = (
      await people.createPerson(sam, {
        givenName: 'Dean',
        familyName: 'Marsh',
        dateOfBirth: '1990-01-01',
        dateOfBirthIsEstimated: true,
        otherNames: [{ kind: 'alias', givenName: 'Deano', familyName: 'Walsh' }],
      })
    ).id;
  });
  after(() => context.close());

  const search = async (who: string, input: Parameters<TestContext['services']['people']['searchPeople']>[1]) =>
    context.services.people.searchPeople(await context.actor(who), input);

  it('“Jon Hartwel” finds John Hartwell first, saying the name sounds like what was typed', async () => {
    const results = await search('sam.okafor', { name: 'Jon Hartwel' });
    assert.equal(results[0]?.person.id, ids.john);
    assert.ok(
      results[0]?.reasons.some((reason) => /Hartwell (sounds|is spelt) like “Hartwel”/.test(reason)),
      results[0]?.reasons.join('; '),
    );
    assert.ok((results[0]?.score ?? 0) > 70);
    assert.ok(
      results.every((result) => result.person.id !== ids.william),
      'someone with neither name is not a result',
    );
  });

  it('“Bill” finds William, because Bill is a nickname of William', async () => {
    const results = await search('sam.okafor', { name: 'Bill' });
    assert.deepEqual(
      results.map((result) => result.person.id),
      [ids.william],
    );
    assert.ok(results[0]?.reasons.includes('“Bill” is a nickname of William (given name)'));
  });

  it('“Kayleigh Dawson” finds Kayleigh by her previous surname, and says so', async () => {
    const results = await search('sam.okafor', { name: 'Kayleigh Dawson' });
    assert.equal(results[0]?.person.id, ids.kayleigh);
    assert.ok(results[0]?.reasons.includes('Previous family name Dawson'), results[0]?.reasons.join('; '));
  });

  it('an alias is searched too: “Deano Walsh” finds Dean Marsh', async () => {
    const results = await search('sam.okafor', { name: 'Deano Walsh' });
    assert.equal(results[0]?.person.id, ids.dean);
    assert.ok(results[0]?.reasons.some((reason) => /^Alias family name Walsh/.test(reason)));
  });

  it('by date of birth: exact, or within a year of an estimated one', async () => {
    assert.deepEqual(
      (await search('sam.okafor', { dateOfBirth: '2019-04-12' })).map((result) => result.person.id),
      [ids.ellie],
    );
    const estimated = await search('sam.okafor', { dateOfBirth: '1990-06-01' });
    assert.deepEqual(
      estimated.map((result) => result.person.id),
      [ids.dean],
    );
    assert.deepEqual(estimated[0]?.reasons, ['Estimated date of birth within a year']);
  });

  it('by NHS number, typed with spaces, or UPN in lower case', async () => {
    const byNhs = await search('sam.okafor', { identifier: '999 000 0018' });
    assert.deepEqual(
      byNhs.map((result) => result.person.id),
      [ids.ellie],
    );
    assert.deepEqual(byNhs[0]?.reasons, ['Same NHS number']);
    assert.deepEqual(
      (await search('sam.okafor', { identifier: 'b801200005001' })).map((result) => result.person.id),
      [ids.jayden],
    );
  });

  it('by postcode, however it is typed', async () => {
    const results = await search('sam.okafor', { postcode: 'ns14ab' });
    assert.deepEqual(
      results.map((result) => result.person.id),
      [ids.kayleigh],
    );
    assert.deepEqual(results[0]?.reasons, ['Lives at NS1 4AB']);
  });

  it('everything given must match: the right name with the wrong date of birth finds nobody', async () => {
    assert.deepEqual(await search('sam.okafor', { name: 'John Hartwell', dateOfBirth: '2001-01-01' }), []);
    const both = await search('sam.okafor', { name: 'Hartwell', dateOfBirth: '1988-02-14' });
    assert.deepEqual(
      both.map((result) => result.person.id),
      [ids.john],
    );
    assert.equal(both[0]?.score, 100);
  });

  it('Tom, a police officer with no involvement, cannot find Ellie by any route', async () => {
    for (const input of [{ name: 'Ellie Hartwell' }, { name: 'Hartwell' }, { identifier: '9990000018' }, { dateOfBirth: '2019-04-12' }]) {
      assert.deepEqual(await search('tom.fletcher', input), [], JSON.stringify(input));
    }
  });

  it('Hannah at Ellie’s school finds the Hartwell children she works with, not the adults she does not', async () => {
    const results = await search('hannah.reid', { name: 'Hartwell' });
    assert.deepEqual(results.map((result) => result.person.givenName).sort(), ['Ellie', 'Jayden']);
  });

  it('for every persona and many searches, each person found is one that persona may open', async () => {
    const queries = [
      { name: 'Hartwell' },
      { name: 'Ellie' },
      { name: 'Mason Pryor' },
      { name: 'Jon' },
      { name: 'Kayleigh Dawson' },
      { dateOfBirth: '2019-04-12' },
      { dateOfBirth: '2025-06-20' },
      { identifier: '9990000018' },
      { postcode: 'NS1 4AB' },
    ];
    for (const persona of [
      'sam.okafor',
      'hannah.reid',
      'tom.fletcher',
      'aisha.rahman',
      'marcus.bell',
      'priya.nair',
      'lena.kowalski',
      'david.lowe',
    ]) {
      const actor = await context.actor(persona);
      const visible = new Set((await context.services.people.listPeople(actor, { limit: 200 })).map((person) => person.id));
      for (const query of queries) {
        for (const result of await context.services.people.searchPeople(actor, query)) {
          assert.ok(
            visible.has(result.person.id),
            `${persona} found ${result.person.givenName} by ${JSON.stringify(query)} without access`,
          );
        }
      }
    }
  });

  it('Oliver, the administrator, never sees case records, even by search', async () => {
    assert.deepEqual(await search('oliver.grant', { name: 'Ellie' }), []);
  });

  it('every person found is recorded in the audit trail as listed by a search', async () => {
    await search('hannah.reid', { name: 'Ellie Hartwell' });
    const entries = await listAuditEntriesForSubject(context.handle.db, 'person', ids.ellie as string);
    assert.ok(
      entries.some((entry) => entry.action === 'person.listed' && entry.purpose === 'search' && /hannah\.reid/.test(entry.actorLabel)),
    );
  });

  it('a search with nothing to search by, or a malformed postcode, is refused at the field', async () => {
    await assert.rejects(search('sam.okafor', {}), (error: unknown) => error instanceof AppError && error.code === ErrorCode.VALIDATION);
    await assert.rejects(
      search('sam.okafor', { postcode: 'NOWHERE' }),
      (error: unknown) => error instanceof AppError && error.fields[0]?.field === 'postcode',
    );
  });

  it('odd input is handled, not an error', async () => {
    assert.deepEqual(await search('sam.okafor', { name: "O'Brien-Smith, Zoë" }), []);
    assert.deepEqual(await search('sam.okafor', { name: 'a' }), []);
    await assert.rejects(
      search('sam.okafor', { name: '%_%' }),
      (error: unknown) => error instanceof AppError && error.code === ErrorCode.VALIDATION,
    );
  });
});
