import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { seedDemoFamilies } from '../../demo/families.ts';
import type { Actor } from '../../platform/access/actor.ts';
import { newId } from '../../platform/ids.ts';
import { createTestContext, type TestContext } from '../../testing/test-context.ts';
import { personVisibleTo } from '../access/index.ts';
import { referralVisibleTo } from './referrals.policy.ts';

class Rollback extends Error {
  constructor(readonly visible: string[]) {
    super('rollback');
  }
}

/**
 * Random referrals (drafts and submitted, by different writers, about different people) thrown at the
 * SQL rule and compared with the rule in words: a draft only for its writer; a submitted referral for
 * whoever may see at least one person it is about; nothing for roles without case records.
 */
describe('The referral-visibility rule agrees with an oracle written from its words', () => {
  let context: TestContext;
  let actors: Actor[];
  let personIds: string[];
  let partnershipId: string;

  before(async () => {
    context = await createTestContext();
    await seedDemoFamilies(context.services);
    actors = await Promise.all(
      ['hannah.reid', 'marcus.bell', 'lena.kowalski', 'tom.fletcher', 'aisha.rahman', 'grace.mensah'].map((name) => context.actor(name)),
    );
    const rows = await context.handle.db.selectFrom('person').select(['id', 'partnership_id']).orderBy('id').limit(12).execute();
    personIds = rows.map((row) => row.id);
    partnershipId = rows[0]?.partnership_id as string;
  });
  after(() => context.close());

  it('for any mix of referrals and readers', async () => {
    const referral = fc.record({
      draft: fc.boolean(),
      creator: fc.nat({ max: 5 }),
      subjects: fc.uniqueArray(fc.nat({ max: 11 }), { minLength: 1, maxLength: 4 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(referral, { minLength: 1, maxLength: 6 }), fc.nat({ max: 5 }), async (referrals, readerIndex) => {
        const reader = actors[readerIndex] as Actor;
        const now = context.clock.now();
        const ids = referrals.map(() => newId());
        let visible: string[] = [];
        let oracle: string[] = [];
        try {
          await context.handle.db.transaction().execute(async (tx) => {
            for (const [index, item] of referrals.entries()) {
              await tx
                .insertInto('referral')
                .values({
                  id: ids[index] as string,
                  partnership_id: partnershipId,
                  kind: 'child',
                  status: item.draft ? 'draft' : 'received',
                  received_at: item.draft ? null : now,
                  receiving_team_id: item.draft ? null : (actors[1]?.teamIds[0] as string),
                  concern: item.draft ? null : 'property-based scenario',
                  created_by: actors[item.creator]?.userId ?? null,
                  created_at: now,
                  updated_at: now,
                })
                .execute();
              await tx
                .insertInto('referral_subject')
                .values(
                  item.subjects.map((subject, position) => ({
                    referral_id: ids[index] as string,
                    person_id: personIds[subject] as string,
                    role: 'subject',
                    position,
                    consent: null,
                  })),
                )
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
            oracle = referrals.flatMap((item, index) => {
              const mayRead = item.draft
                ? actors[item.creator]?.userId === reader.userId
                : item.subjects.some((subject) => seen.has(personIds[subject] as string));
              return hasCaseRecords && mayRead ? [ids[index] as string] : [];
            });
            visible = (
              await tx
                .selectFrom('referral')
                .select('referral.id')
                .where('referral.id', 'in', ids)
                .where(referralVisibleTo(reader, now))
                .execute()
            ).map((row) => row.id);
            throw new Rollback(visible);
          });
        } catch (error) {
          if (!(error instanceof Rollback)) {
            throw error;
          }
        }
        assert.deepEqual([...visible].sort(), [...oracle].sort());
      }),
      { numRuns: 40 },
    );
  });
});
