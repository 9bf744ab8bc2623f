import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestContext, type TestContext } from '../../testing/test-context.ts';
import { HELD_ELSEWHERE_PROMPT } from './people.schema.ts';

describe('The live duplicate check: likely people ranked by the matching model, explained, and only where the user may know they exist', () => {
  let context: TestContext;
  let johnId: string;
  let ameliaId: string;
  let islaId: string;
  let masonId: string;
  let lilyId: string;

  before(async () => {
    context = await createTestContext();
    const sam = await context.actor('sam.okafor');
    const address = { line1: '27 Mill Lane', postcode: 'NS4 2PQ' };
    johnId = (await context.services.people.createPerson(sam, { givenName: 'John', familyName: 'Hartwell', dateOfBirth: '2019-03-04' })).id;
    // Twins: the same family name, birthday and home; only their given names differ.
    ameliaId = (
      await context.services.people.createPerson(sam, {
        givenName: 'Amelia',
        familyName: 'Okonkwo',
        dateOfBirth: '2018-07-21',
        sex: 'female',
        address,
      })
    ).id;
    islaId = (
      await context.services.people.createPerson(sam, {
        givenName: 'Isla',
        familyName: 'Okonkwo',
        dateOfBirth: '2018-07-21',
        sex: 'female',
        address,
      })
    ).id;
    // Known only to health: Aisha, a health visitor, recorded baby Mason in the seed.
    masonId = (await context.services.people.listPeople(await context.actor('aisha.rahman'), { name: 'Mason' }))[0]?.id as string;
    // A restricted record: only Priya, who restricted it, and Sam, its allocated worker, may open it.
    lilyId = (await context.services.people.createPerson(sam, { givenName: 'Lily', familyName: 'Dawes', dateOfBirth: '2017-11-02' })).id;
    await context.services.people.restrictPerson(await context.actor('priya.nair'), lilyId, { reason: 'Adoption placement' });
  });
  after(() => context.close());

  it('Marcus, a MASH officer, types “Jon Hartwel, 03/04/2019”: John Hartwell, born 4 March 2019, comes first, the swapped day and month explained', async () => {
    const marcus = await context.actor('marcus.bell');
    const result = await context.services.people.findLikelyMatches(marcus, {
      givenName: 'Jon',
      familyName: 'Hartwel',
      dateOfBirth: '2019-04-03',
    });
    assert.equal(result.heldElsewhere, false);
    assert.equal(result.heldElsewherePrompt, null);
    const [first] = result.items;
    assert.equal(first?.person.id, johnId);
    assert.ok((first?.probability ?? 0) >= 0.5, first?.summary);
    assert.match(first?.summary ?? '', /the same person \(\d+(\.\d)?%/);
    const dateOfBirth = first?.evidence.find((field) => field.field === 'Date of birth');
    assert.match(dateOfBirth?.words ?? '', /03\/04\/2019 and 04\/03\/2019, the same with day and month swapped/);
    assert.ok((dateOfBirth?.weight ?? 0) > 0, 'a swapped date still counts for them');
    assert.match(first?.evidence.find((field) => field.field === 'Given name')?.words ?? '', /Jon and John/);
    assert.deepEqual(
      first?.evidence.map((field) => field.weight),
      [...(first?.evidence.map((field) => field.weight) ?? [])].sort((a, b) => b - a),
      'strongest evidence first',
    );
    assert.equal(first?.guard, null);
    assert.equal(
      result.items.findIndex((match) => match.person.givenName === 'Jayden'),
      -1,
      'a different child with the same family name is not offered',
    );
  });

  it('adding Amelia again offers her first and her twin Isla too, with the warning that twins look like this', async () => {
    const sam = await context.actor('sam.okafor');
    const result = await context.services.people.findLikelyMatches(sam, {
      givenName: 'Amelia',
      familyName: 'Okonkwo',
      dateOfBirth: '2018-07-21',
      address: { line1: '27 Mill Lane', postcode: 'NS4 2PQ' },
    });
    assert.deepEqual(
      result.items.map((match) => match.person.id),
      [ameliaId, islaId],
    );
    const [amelia, isla] = result.items;
    assert.ok((amelia?.weight ?? 0) > (isla?.weight ?? 0));
    assert.equal(amelia?.guard, null);
    assert.match(isla?.guard ?? '', /twins and siblings/);
    assert.ok(isla?.evidence.some((field) => field.field === 'Given name' && field.weight < 0));
  });

  it('Tom, a police officer, checks for a baby known only to health: he is told to ask the MASH and learns nothing else; the privacy officer sees why', async () => {
    const tom = await context.actor('tom.fletcher');
    const result = await context.services.people.findLikelyMatches(tom, {
      givenName: 'Mason',
      familyName: 'Prior',
      dateOfBirth: '2025-06-20',
    });
    assert.deepEqual(result, { items: [], heldElsewhere: true, heldElsewherePrompt: HELD_ELSEWHERE_PROMPT });
    const said = JSON.stringify(result);
    assert.doesNotMatch(said, new RegExp(masonId), 'not the record’s id');
    assert.doesNotMatch(said, /Pryor|Aisha|health/i, 'not the stored name, nor who holds it');

    const log = await context.services.people.getAccessLog(await context.actor('ruth.adeyemi'), masonId);
    assert.ok(
      log.some(
        (entry) =>
          entry.action === 'person.possible-match-withheld' &&
          entry.outcome === 'denied' &&
          entry.purpose === 'duplicate check' &&
          /tom\.fletcher|Tom Fletcher/.test(entry.actorLabel),
      ),
      'the withheld match is on the record’s access log',
    );
  });

  it('Aisha, who may see Mason, is shown him with the explanation instead', async () => {
    const aisha = await context.actor('aisha.rahman');
    const result = await context.services.people.findLikelyMatches(aisha, {
      givenName: 'Mason',
      familyName: 'Prior',
      dateOfBirth: '2025-06-20',
    });
    assert.equal(result.heldElsewhere, false);
    assert.equal(result.items[0]?.person.id, masonId);
    assert.ok(result.items[0]?.reasons.some((reason) => /Pryor/.test(reason)));
  });

  it('a restricted record never appears, nor is it hinted at, to anyone without a grant', async () => {
    const input = { givenName: 'Lily', familyName: 'Dawes', dateOfBirth: '2017-11-02' };
    for (const name of ['tom.fletcher', 'marcus.bell', 'hannah.reid']) {
      const result = await context.services.people.findLikelyMatches(await context.actor(name), input);
      assert.deepEqual(result, { items: [], heldElsewhere: false, heldElsewherePrompt: null }, name);
    }
    const priya = await context.services.people.findLikelyMatches(await context.actor('priya.nair'), input);
    assert.equal(priya.items[0]?.person.id, lilyId, 'Priya, who holds a grant, is shown it');
    assert.equal(priya.items[0]?.person.isRestricted, true);
  });

  it('someone with a different name, birthday and home is no likely match, and nobody is told of one', async () => {
    const marcus = await context.actor('marcus.bell');
    assert.deepEqual(
      await context.services.people.findLikelyMatches(marcus, {
        givenName: 'Zainab',
        familyName: 'Quigley',
        dateOfBirth: '2012-01-30',
        address: { line1: '4 Harbour Row', postcode: 'NS9 9ZZ' },
      }),
      { items: [], heldElsewhere: false, heldElsewherePrompt: null },
    );
  });
});
