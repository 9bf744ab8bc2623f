import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { seedDemoFamilies } from '../../demo/families.ts';
import type { Actor } from '../../platform/access/actor.ts';
import { newId } from '../../platform/ids.ts';
import { createTestContext, type TestContext } from '../../testing/test-context.ts';
import { personVisibleTo } from '../access/index.ts';
import { discussionVisibleTo } from './strategy.policy.ts';

class Rollback extends Error {}

/**
 * Random discussions on referrals about random people, read by different roles, compared with the rule
 * in words: a reader sees a discussion when they have case records and may see a person its referral is about.
 */
describe('The strategy-discussion visibility rule agrees with an oracle written from its words', () => {
  let context: TestContext;
  let actors: Actor[];
  let personIds: string[];
  let partnershipId: string;

  before(async () => {
    context = await createTestContext();
    await seedDemoFamilies(context.services);
    actors = await Promise.all(
      ['hannah.reid', 'marcus.bell', 'lena.kowalski', 'tom.fletcher', 'priya.nair', 'grace.mensah'].map((name) => context.actor(name)),
    );
    const rows = await context.handle.db.selectFrom('person').select(['id', 'partnership_id']).orderBy('id').limit(10).execute();
    personIds = rows.map((row) => row.id);
    partnershipId = rows[0]?.partnership_id as string;
  });
  after(() => context.close());

  it('for any mix of discussions and readers', async () => {
    const scenario = fc.array(fc.uniqueArray(fc.nat({ max: 9 }), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 });
    await fc.assert(
      fc.asyncProperty(scenario, fc.nat({ max: 5 }), async (referrals, readerIndex) => {
        const reader = actors[readerIndex] as Actor;
        const now = context.clock.now();
        const ids = referrals.map(() => ({ referral: newId(), discussion: newId() }));
        let visible: string[] = [];
        let oracle: string[] = [];
        try {
          await context.handle.db.transaction().execute(async (tx) => {
            for (const [index, subjects] of referrals.entries()) {
              const { referral, discussion } = ids[index] as { referral: string; discussion: string };
              await tx
                .insertInto('referral')
                .values({
                  id: referral,
                  partnership_id: partnershipId,
                  kind: 'child',
                  status: 'decided',
                  received_at: now,
                  receiving_team_id: actors[1]?.teamIds[0] as string,
                  concern: 'property-based scenario',
                  decision_route: 'strategy_discussion',
                  route: 'strategy_discussion',
                  created_at: now,
                  updated_at: now,
                })
                .execute();
              await tx
                .insertInto('referral_subject')
                .values(
                  subjects.map((subject, position) => ({
                    referral_id: referral,
                    person_id: personIds[subject] as string,
                    role: 'subject',
                    position,
                    consent: null,
                  })),
                )
                .execute();
              await tx
                .insertInto('strategy_discussion')
                .values({
                  id: discussion,
                  partnership_id: partnershipId,
                  referral_id: referral,
                  referral_kind: 'child',
                  referral_received_at: now,
                  receiving_team_id: null,
                  kind: 'discussion',
                  held_at: now,
                  due_at: now,
                  clock_label: 'scenario',
                  chair: 'scenario',
                  immediate_risk_considered: false,
                  immediate_risk_action: null,
                  views_established: true,
                  views_not_established_reason: null,
                  views_plan: null,
                  harm_suspected: true,
                  outcome: 'scenario',
                  recorded_by: null,
                  recorded_by_label: 'scenario',
                  recorded_at: now,
                })
                .execute();
            }
            const seen = new Set(
              (
                await tx
                  .selectFrom('person')
                  .select('person.id')
                  .where('person.id', 'in', personIds)
                  .where(personVisibleTo(reader, now))
                  .execute()
              ).map((row) => row.id),
            );
            const hasCaseRecords = reader.roles.some((role) => role !== 'partnership_business_officer');
            oracle = referrals.flatMap((subjects, index) =>
              hasCaseRecords && subjects.some((subject) => seen.has(personIds[subject] as string))
                ? [ids[index]?.discussion as string]
                : [],
            );
            visible = (
              await tx
                .selectFrom('strategy_discussion')
                .select('strategy_discussion.id')
                .where(
                  'strategy_discussion.id',
                  'in',
                  ids.map((id) => id.discussion),
                )
                .where(discussionVisibleTo(reader, now))
                .execute()
            ).map((row) => row.id);
            throw new Rollback();
          });
        } catch (error) {
          if (!(error instanceof Rollback)) {
            throw error;
          }
        }
        assert.deepEqual([...visible].sort(), [...oracle].sort());
      }),
      { numRuns: 30 },
    );
  });
});
