import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { type Actor, ROLES, type Role } from '../../platform/access/actor.ts';
import type { DatabaseHandle } from '../../platform/database/database.ts';
import { newId } from '../../platform/ids.ts';
import { createTestDatabase } from '../../testing/test-database.ts';
import { personVisibleTo } from './access.policy.ts';
import { ACCESS_BASIS_KINDS } from './access.schema.ts';

/**
 * Random actors × random records × random relationships, thrown at the real SQL rule and compared
 * with an oracle written here from the words, independently of access.policy.ts.
 */
const CASE_RECORD_ROLES: Role[] = ['practitioner', 'team_manager', 'mash_officer', 'designated_safeguarding_lead'];
const NOW = new Date('2026-11-23T12:00:00Z');
const HOUR = 3_600_000;

interface World {
  partnerships: string[];
  agencies: string[];
  teams: string[];
  users: string[];
  people: { id: string; partnership: string }[];
}

class Rollback extends Error {
  constructor(readonly visible: string[]) {
    super('rollback');
  }
}

describe('The person-visibility rule agrees with an independent oracle', () => {
  let handle: DatabaseHandle;
  const world: World = { partnerships: [], agencies: [], teams: [], users: [], people: [] };

  before(async () => {
    handle = await createTestDatabase();
    const db = handle.db;
    for (const code of ['northshire', 'southvale']) {
      const id = newId();
      world.partnerships.push(id);
      await db.insertInto('partnership').values({ id, code, name: code }).execute();
    }
    for (let index = 0; index < 3; index += 1) {
      const id = newId();
      world.agencies.push(id);
      await db
        .insertInto('agency')
        .values({
          id,
          partnership_id: world.partnerships[index % 2] as string,
          code: `agency-${index}`,
          name: `Agency ${index}`,
          kind: 'school',
        })
        .execute();
      const teamId = newId();
      world.teams.push(teamId);
      await db
        .insertInto('team')
        .values({ id: teamId, agency_id: id, name: `Team ${index}` })
        .execute();
    }
    for (let index = 0; index < 4; index += 1) {
      const id = newId();
      world.users.push(id);
      await db
        .insertInto('app_user')
        .values({
          id,
          agency_id: world.agencies[index % 3] as string,
          email: `user${index}@test.example`,
          email_normalised: `user${index}@test.example`,
          display_name: `User ${index}`,
          password_hash: null,
          oidc_issuer: null,
          oidc_subject: null,
          last_sign_in_at: null,
        })
        .execute();
    }
    for (let index = 0; index < 5; index += 1) {
      const id = newId();
      const partnership = world.partnerships[index === 4 ? 1 : 0] as string;
      world.people.push({ id, partnership });
      await db
        .insertInto('person')
        .values({
          id,
          partnership_id: partnership,
          given_name: `Child${index}`,
          family_name: 'Test',
          date_of_birth: null,
          restriction_reason: null,
          created_by: world.users[0] as string,
          created_at: NOW,
          updated_at: NOW,
        })
        .execute();
    }
  });
  after(() => handle.close());

  it('for random actors, relationships, restrictions and break-glass, the query returns exactly what the oracle allows', async () => {
    const pick = <T>(values: T[]) => fc.constantFrom(...values);
    const window = fc.record({
      startOffset: fc.integer({ min: -3, max: 1 }),
      endOffset: fc.option(fc.integer({ min: -2, max: 3 }), { nil: null }),
    });
    const basis = fc.record({
      person: fc.nat({ max: 4 }),
      kind: pick([...ACCESS_BASIS_KINDS]),
      user: fc.option(pick(world.users), { nil: null }),
      team: fc.option(pick(world.teams), { nil: null }),
      agency: fc.option(pick(world.agencies), { nil: null }),
      window,
    });
    const breakGlass = fc.record({
      person: fc.nat({ max: 4 }),
      user: pick(world.users),
      startOffset: fc.integer({ min: -2, max: 1 }),
      lengthHours: fc.integer({ min: 0, max: 2 }),
      ended: fc.boolean(),
    });
    const actor = fc.record({
      userId: pick(world.users),
      agencyId: fc.option(pick(world.agencies), { nil: null }),
      teamIds: fc.subarray(world.teams),
      roles: fc.subarray(ROLES as Role[]),
      partnershipId: pick(world.partnerships),
      kind: fc.constantFrom<'user' | 'system'>('user', 'user', 'user', 'system'),
    });
    const scenario = fc.record({
      actor,
      bases: fc.array(basis, { maxLength: 10 }),
      breakGlass: fc.array(breakGlass, { maxLength: 3 }),
      restricted: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
    });

    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const theActor: Actor = {
          kind: s.actor.kind,
          userId: s.actor.userId,
          label: 'property',
          displayName: 'Property',
          agencyId: s.actor.agencyId,
          partnershipId: s.actor.partnershipId,
          teamIds: s.actor.teamIds,
          roles: s.actor.roles,
        };
        const bases = s.bases.filter((b) => b.user || b.team || b.agency);
        const visible = await handle.db
          .transaction()
          .execute(async (tx) => {
            for (const [index, person] of world.people.entries()) {
              await tx
                .updateTable('person')
                .set({ is_restricted: s.restricted[index] ?? false })
                .where('id', '=', person.id)
                .execute();
            }
            for (const b of bases) {
              await tx
                .insertInto('access_basis')
                .values({
                  id: newId(),
                  person_id: world.people[b.person]?.id as string,
                  kind: b.kind,
                  user_id: b.user,
                  team_id: b.team,
                  agency_id: b.agency,
                  starts_at: new Date(NOW.getTime() + b.window.startOffset * HOUR),
                  ends_at: b.window.endOffset === null ? null : new Date(NOW.getTime() + b.window.endOffset * HOUR),
                  reason: null,
                  source_type: null,
                  source_id: null,
                  created_by: null,
                  created_at: NOW,
                })
                .execute();
            }
            for (const g of s.breakGlass) {
              const startedAt = new Date(NOW.getTime() + g.startOffset * HOUR);
              await tx
                .insertInto('break_glass')
                .values({
                  id: newId(),
                  user_id: g.user,
                  person_id: world.people[g.person]?.id as string,
                  reason_code: 'immediate_risk_to_life',
                  reason_text: 'property-based test scenario',
                  started_at: startedAt,
                  expires_at: new Date(startedAt.getTime() + g.lengthHours * HOUR),
                  ended_at: g.ended ? startedAt : null,
                  reviewed_by: null,
                  reviewed_at: null,
                  review_outcome: null,
                  review_note: null,
                })
                .execute();
            }
            const rows = await tx.selectFrom('person').select('id').where(personVisibleTo(theActor, NOW)).execute();
            throw new Rollback(rows.map((row) => row.id).sort());
          })
          .catch((error: unknown) => {
            if (error instanceof Rollback) {
              return error.visible;
            }
            throw error;
          });

        // The oracle, in the issue's own terms.
        const isLive = (start: number, end: number | null) => start <= NOW.getTime() && (end === null || end > NOW.getTime());
        const mayUseCaseRecords = theActor.kind === 'user' && theActor.roles.some((role) => CASE_RECORD_ROLES.includes(role));
        const expected = world.people
          .filter((person, index) => {
            if (!mayUseCaseRecords || person.partnership !== theActor.partnershipId) {
              return false;
            }
            const restricted = s.restricted[index] ?? false;
            const viaRelationship = bases.some((b) => {
              if (b.person !== index) {
                return false;
              }
              const start = NOW.getTime() + b.window.startOffset * HOUR;
              const end = b.window.endOffset === null ? null : NOW.getTime() + b.window.endOffset * HOUR;
              if (!isLive(start, end)) {
                return false;
              }
              const namesActor =
                b.user === theActor.userId ||
                (b.team !== null && theActor.teamIds.includes(b.team)) ||
                (b.agency !== null && b.agency === theActor.agencyId);
              return restricted ? b.kind === 'restricted_grant' && b.user === theActor.userId : namesActor;
            });
            const viaBreakGlass =
              !restricted &&
              s.breakGlass.some((g) => {
                const start = NOW.getTime() + g.startOffset * HOUR;
                return (
                  g.person === index &&
                  g.user === theActor.userId &&
                  !g.ended &&
                  start <= NOW.getTime() &&
                  start + g.lengthHours * HOUR > NOW.getTime()
                );
              });
            return viaRelationship || viaBreakGlass;
          })
          .map((person) => person.id)
          .sort();
        assert.deepEqual(visible, expected);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 150) },
    );
  });
});
