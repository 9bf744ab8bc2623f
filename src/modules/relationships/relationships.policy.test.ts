import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { systemActor } from '../../platform/access/actor.ts';
import { createTestContext, type TestContext } from '../../testing/test-context.ts';
import { HOUSEHOLD_ROLES } from './relationships.schema.ts';

/**
 * ADR 0011 as a property: on a child's family page, Sam sees every adult around the child by name —
 * except restricted records he may not open, which never show a name, age or id — and can open exactly
 * those records he could open anyway. Checked against a deliberately simple oracle over random families.
 */
describe('Who is named on a child’s family page (property test against an oracle)', () => {
  let context: TestContext;

  before(async () => {
    context = await createTestContext();
  });
  after(() => context.close());

  it('a restricted adult the reader may not open is never named; everyone else is, and only the readable can be opened', async () => {
    const sam = await context.actor('sam.okafor');
    const tom = await context.actor('tom.fletcher');
    const priya = await context.actor('priya.nair');
    let family = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            createdBy: fc.constantFrom('sam', 'tom'),
            restricted: fc.boolean(),
            role: fc.constantFrom(...HOUSEHOLD_ROLES),
            age: fc.integer({ min: 12, max: 70 }),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        async (adults) => {
          family += 1;
          const child = await context.services.people.createPerson(sam, {
            givenName: 'Child',
            familyName: `Family${family}`,
            dateOfBirth: '2018-05-05',
          });
          const household = await context.services.relationships.createHousehold(sam, { personId: child.id, label: `Home ${family}` });
          const expected: { id: string; name: string; shown: boolean; canOpen: boolean }[] = [];
          for (const [index, adult] of adults.entries()) {
            const creator = adult.createdBy === 'sam' ? sam : tom;
            const name = `Adult${index}`;
            const person = await context.services.people.createPerson(creator, {
              givenName: name,
              familyName: `Family${family}`,
              dateOfBirth: `${2026 - adult.age}-01-01`,
            });
            if (adult.restricted) {
              await context.services.access.recordInvolvement(systemActor('test'), {
                personId: person.id,
                kind: 'allocated_worker',
                userId: priya.userId as string,
              });
              await context.services.people.restrictPerson(priya, person.id, { reason: 'Restricted for the property test' });
            }
            await context.services.relationships.addHouseholdMember(sam, household.id, { personId: person.id, role: adult.role });
            // The oracle: Sam created it (so he is allocated, and a restriction grants him access), or it is not restricted.
            const canOpen = adult.createdBy === 'sam';
            if (adult.age >= 18) {
              expected.push({ id: person.id, name: `${name} Family${family}`, shown: canOpen || !adult.restricted, canOpen });
            }
          }

          const view = await context.services.relationships.getFamilyView(sam, child.id);
          assert.equal(view.adultsAround.length, expected.length);
          const text = JSON.stringify(view);
          for (const adult of expected) {
            const entry = view.adultsAround.find((candidate) => candidate.person.id === adult.id);
            if (adult.shown) {
              assert.equal(entry?.person.name, adult.name);
              assert.equal(entry?.person.canOpen, adult.canOpen);
            } else {
              assert.equal(entry, undefined, 'no id for a hidden restricted adult');
              assert.ok(!text.includes(adult.id) && !text.includes(adult.name), 'nothing names a hidden restricted adult');
            }
          }
          const hidden = expected.filter((adult) => !adult.shown).length;
          assert.equal(view.adultsAround.filter((adult) => adult.person.name === 'Restricted record').length, hidden);
        },
      ),
      { numRuns: 12 },
    );
  });
});
