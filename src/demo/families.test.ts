import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestContext, type TestContext } from '../testing/test-context.ts';
import { seedDemoFamilies } from './families.ts';

describe('Northshire’s demo families, as a visitor to the demo finds them', () => {
  let context: TestContext;
  let ellieId: string;

  before(async () => {
    context = await createTestContext();
    await seedDemoFamilies(context.services);
    const sam = await context.actor('sam.okafor');
    ellieId = (await context.services.people.listPeople(sam, { name: 'Ellie' }))[0]?.id as string;
  });
  after(() => context.close());

  it('Ellie’s family chronology merges entries from police, school, health, hospital, housing and children’s services', async () => {
    const sam = await context.actor('sam.okafor');
    const family = await context.services.chronology.familyChronology(sam, ellieId, { pageSize: 100 });
    const agencies = new Set(family.entries.map((entry) => entry.sourceAgencyName));
    assert.ok(agencies.size >= 5, [...agencies].join(', '));
    assert.equal(family.memberIds.length, 4, 'Ellie, Jayden, Kayleigh and Dean');
  });

  it('Dean, Kayleigh’s partner, is among the adults around Ellie and has not been seen', async () => {
    const sam = await context.actor('sam.okafor');
    const adults = await context.services.relationships.adultsAroundChild(sam, ellieId);
    const dean = adults.find((adult) => adult.person.name.startsWith('Dean'));
    assert.ok(dean, JSON.stringify(adults.map((adult) => adult.person.name)));
    assert.equal(dean.lastSeenOn, null);
    assert.equal(dean.notSeen, true);
  });

  it('adds a few hundred generated people with thousands of entries', async () => {
    const { sql } = await import('kysely');
    const counts = (
      await sql<{
        people: string;
        entries: string;
      }>`select (select count(*) from person) as people, (select count(*) from chronology_entry) as entries`.execute(context.handle.db)
    ).rows[0];
    assert.ok(Number(counts?.people) >= 300);
    assert.ok(Number(counts?.entries) >= 2500);
  });
});
