import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestContext, type TestContext } from '../testing/test-context.ts';
import { seedDemoFamilies } from './families.ts';

describe('Northshire’s review queue after the demo is seeded, as Marcus Bell at the MASH finds it', () => {
  let context: TestContext;

  before(async () => {
    context = await createTestContext();
    await seedDemoFamilies(context.services);
  });
  after(() => context.close());

  it('has the twins and Mia’s health record to review, and the police’s Kayleigh linked automatically', async () => {
    const marcus = await context.actor('marcus.bell');
    const open = await context.services.duplicates.list(marcus, { status: 'open' });
    const names = open.items.map((item) =>
      [item.snapshot.a, item.snapshot.b]
        .map((input) => `${input.forename} ${input.surname}`)
        .sort()
        .join(' + '),
    );
    assert.ok(names.includes('Adaeze Nwosu + Amara Nwosu'), names.join('; '));
    assert.ok(names.includes('Maya Brenan + Mia Brennan'), names.join('; '));
    assert.equal(open.items.find((item) => item.snapshot.a.surname === 'Nwosu')?.guard, 'forenames-differ');
    const linked = await context.services.duplicates.list(marcus, { status: 'linked' });
    const linkedNames = linked.items.map((item) =>
      [item.snapshot.a, item.snapshot.b]
        .map((input) => `${input.forename} ${input.surname}`)
        .sort()
        .join(' + '),
    );
    assert.deepEqual(linkedNames, ['Kayleigh Hartwel + Kayleigh Hartwell']);
    const kayleigh = (await context.services.people.listPeople(marcus, { name: 'Kayleigh' })).filter(
      (person) => person.givenName === 'Kayleigh',
    );
    assert.equal(kayleigh.length, 1, 'one Kayleigh now, with the police’s record merged into hers');
    assert.equal(kayleigh[0]?.familyName, 'Hartwell', 'the record with her family and history is the one kept');
  });
});
