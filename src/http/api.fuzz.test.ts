import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { createTestApp, createTestContext, type TestContext } from '../testing/test-context.ts';

type TestApp = FastifyInstance & { tokenFor(name: string): Promise<string> };

/** Tables holding the partnership's data. A refused request (4xx) must leave every one of them as it was. */
const DOMAIN_TABLES = [
  'partnership',
  'agency',
  'team',
  'app_user',
  'team_membership',
  'role_assignment',
  'api_token',
  'user_session',
  'person',
  'access_basis',
  'break_glass',
  'notification',
  'relationship',
  'household',
  'household_member',
  'person_name',
  'person_identifier',
  'person_address',
  'person_change',
  'chronology_entry',
  'chronology_entry_person',
  'chronology_withdrawal',
  'voice_entry',
] as const;
type DomainTable = (typeof DOMAIN_TABLES)[number];

/** The /api/v1 routes (see the OpenAPI document); `{id}` and `{role}` are filled in at random. */
const ROUTES = [
  'me',
  'me/notifications',
  'me/tokens',
  'me/tokens/{id}/revocation',
  'agencies',
  'users',
  'users/{id}/roles/{role}',
  'users/{id}/deactivation',
  'people',
  'people/{id}',
  'people/{id}/restriction',
  'people/{id}/access-log',
  'access/involvements',
  'access/involvements/{id}/end',
  'access/people/{id}/bases',
  'access/break-glass',
  'access/break-glass/{id}/end',
  'access/break-glass/reviews',
  'access/break-glass/{id}/review',
  'relationships',
  'relationships/{id}/end',
  'relationships/{id}/checks',
  'people/{id}/relationships',
  'households',
  'households/{id}',
  'households/{id}/members',
  'household-members/{id}/end',
  'household-members/{id}/checks',
  'people/{id}/households',
  'people/{id}/adults-around',
  'people/{id}/involvements',
  'people/{id}/genogram.svg',
  'people/{id}/ecomap.svg',
  'people/matches',
  'people/{id}/history',
  'people/{id}/corrections',
  'people/{id}/names',
  'people/{id}/identifiers',
  'people/{id}/addresses',
  'chronology-entries',
  'chronology-entries/{id}',
  'chronology-entries/{id}/history',
  'chronology-entries/{id}/amendments',
  'chronology-entries/{id}/withdrawal',
  'chronology-imports',
  'people/{id}/chronology',
  'people/{id}/family-chronology',
  'people/{id}/chronology/export',
  'people/{id}/voice',
] as const;

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

/**
 * Random requests a confused, buggy or hostile client might send to /api/v1: real route words in
 * any order, real and made-up ids, odd characters, any JSON (or not-JSON) body, any headers. Whoever
 * sends them — nobody, Sam the practitioner, Marcus in the MASH or Oliver the administrator — the
 * server must never fail with a 5xx, and a refusal must never change the partnership's data.
 */
describe('Fuzzing the API: random requests never break the server, and refusals write nothing', () => {
  let context: TestContext;
  let app: TestApp;
  const known: Record<string, string> = {};
  const tokens: Record<string, string> = {};

  async function snapshot(): Promise<{ counts: Record<DomainTable, number>; auditSeq: number }> {
    const counts = {} as Record<DomainTable, number>;
    for (const table of DOMAIN_TABLES) {
      const row = await context.handle.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .executeTakeFirstOrThrow();
      counts[table] = Number(row.count);
    }
    const head = await context.handle.db.selectFrom('audit_chain_head').select('seq').where('chain', '=', 'main').executeTakeFirstOrThrow();
    return { counts, auditSeq: Number(head.seq) };
  }

  before(async () => {
    context = await createTestContext();
    app = await createTestApp(context);
    for (const name of ['sam.okafor', 'marcus.bell', 'oliver.grant', 'ruth.adeyemi']) {
      tokens[name] = await app.tokenFor(name);
    }
    const sam = await context.actor('sam.okafor');
    const people = await context.services.people.listPeople(sam);
    known.ellie = people.find((person) => person.givenName === 'Ellie')?.id as string;
    known.jayden = people.find((person) => person.givenName === 'Jayden')?.id as string;
    known.sam = sam.userId as string;
    known.marcus = (await context.actor('marcus.bell')).userId as string;
    known.agency = sam.agencyId as string;
    known.team = sam.teamIds[0] as string;
  });
  after(async () => {
    await app.close();
    await context.close();
  });

  it('never a 5xx; every error is problem+json; no 4xx changes a domain table or adds an audit event other than a recorded refusal', async () => {
    const idArbitrary = fc.oneof(
      fc.constantFrom(...Object.values(known)),
      fc.uuid(),
      fc.constantFrom(
        '00000000-0000-0000-0000-000000000000',
        'not-a-uuid',
        '1',
        '-1',
        '%00',
        '..',
        '%2e%2e',
        '{id}',
        "'; drop table person; --",
      ),
    );
    const segment = fc.oneof(
      {
        weight: 5,
        arbitrary: fc.constantFrom('people', 'me', 'tokens', 'notifications', 'access', 'involvements', 'bases', 'break-glass'),
      },
      {
        weight: 3,
        arbitrary: fc.constantFrom('reviews', 'review', 'end', 'restriction', 'access-log', 'users', 'roles', 'agencies', 'revocation'),
      },
      { weight: 2, arbitrary: fc.constantFrom('practitioner', 'system_administrator', 'privacy_officer', 'deactivation') },
      { weight: 4, arbitrary: idArbitrary },
      { weight: 1, arbitrary: fc.string({ maxLength: 12 }).map((text) => encodeURIComponent(text)) },
    );
    /** Most requests aim at a real route (so they get past routing to validation and the services); the rest wander. */
    const routeShaped = fc
      .record({
        template: fc.constantFrom(...ROUTES),
        id: idArbitrary,
        role: fc.constantFrom('practitioner', 'system_administrator', 'privacy_officer', 'mash_officer', 'wizard'),
      })
      .map(({ template, id, role }) => template.replace('{id}', id).replace('{role}', role).split('/').filter(Boolean));
    const path = fc.oneof(
      { weight: 3, arbitrary: routeShaped },
      { weight: 1, arbitrary: fc.array(segment, { minLength: 0, maxLength: 5 }) },
    );
    const query = fc.option(
      fc
        .dictionary(
          fc.constantFrom('name', 'limit', 'purpose', 'x'),
          fc.oneof(fc.string({ maxLength: 20 }), fc.integer({ min: -5, max: 500 }).map(String)),
        )
        .map((params) => new URLSearchParams(params).toString()),
      { nil: undefined },
    );
    const plausibleBody = fc.record(
      {
        givenName: fc.oneof(fc.string({ maxLength: 30 }), fc.constant('Ruby')),
        familyName: fc.oneof(fc.string({ maxLength: 30 }), fc.constant('Hartwell')),
        dateOfBirth: fc.oneof(fc.constant('2019-04-12'), fc.constant('2019-02-30'), fc.string({ maxLength: 12 })),
        personId: idArbitrary,
        userId: idArbitrary,
        teamId: idArbitrary,
        agencyId: idArbitrary,
        kind: fc.constantFrom(
          'allocated_worker',
          'allocated_team',
          'agency_involved',
          'sharing_decision',
          'restricted_grant',
          'person',
          'mother',
          'resident',
          'x',
        ),
        reason: fc.string({ maxLength: 40 }),
        reasonCode: fc.constantFrom('immediate_risk_to_life', 'out_of_hours_emergency', 'nope'),
        reasonText: fc.oneof(fc.string({ maxLength: 40 }), fc.constant('Hospital reports an unexplained injury tonight')),
        outcome: fc.constantFrom('justified', 'not_justified', 'maybe'),
        label: fc.string({ maxLength: 20 }),
        expiresInDays: fc.oneof(fc.integer({ min: -10, max: 400 }), fc.double()),
        email: fc.oneof(fc.emailAddress(), fc.string({ maxLength: 20 })),
        displayName: fc.string({ maxLength: 20 }),
        roles: fc.array(fc.constantFrom('practitioner', 'system_administrator', 'bogus'), { maxLength: 3 }),
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      { weight: 3, arbitrary: fc.constant(undefined) },
      { weight: 4, arbitrary: plausibleBody.map((value) => ({ json: value as unknown })) },
      { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => ({ json: value as unknown })) },
      { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((raw) => ({ raw })) },
    );
    const request = fc.record({
      method: fc.constantFrom(...METHODS),
      path,
      query,
      body,
      who: fc.constantFrom(undefined, 'sam.okafor', 'marcus.bell', 'oliver.grant', 'ruth.adeyemi', 'garbage'),
      contentType: fc.constantFrom(
        undefined,
        'application/json',
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/json; charset=latin1',
      ),
      idempotencyKey: fc.option(fc.oneof(fc.uuid(), fc.string({ maxLength: 10 })), { nil: undefined }),
      ifMatch: fc.option(fc.oneof(fc.constantFrom('W/"1"', '"2"', '*', 'W/"999999999999999999999"'), fc.string({ maxLength: 10 })), {
        nil: undefined,
      }),
    });

    await fc.assert(
      fc.asyncProperty(request, async (input) => {
        const url = `/api/v1/${input.path.join('/')}${input.query ? `?${input.query}` : ''}`;
        const headers: Record<string, string> = {};
        if (input.who === 'garbage') {
          headers.authorization = 'Bearer wpt_garbage';
        } else if (input.who) {
          headers.authorization = `Bearer ${tokens[input.who]}`;
        }
        if (input.contentType) {
          headers['content-type'] = input.contentType;
        }
        if (input.idempotencyKey !== undefined) {
          headers['idempotency-key'] = input.idempotencyKey;
        }
        if (input.ifMatch !== undefined) {
          headers['if-match'] = input.ifMatch;
        }
        const options: InjectOptions = { method: input.method, url, headers };
        if (input.body && input.method !== 'GET' && input.method !== 'HEAD') {
          options.payload = 'raw' in input.body ? input.body.raw : JSON.stringify(input.body.json);
          headers['content-type'] ??= 'application/json';
        }

        const before = await snapshot();
        const response = await app.inject(options);
        const description = `${input.method} ${url} as ${input.who ?? 'nobody'} → ${response.statusCode} ${response.body.slice(0, 300)}`;

        assert.ok(response.statusCode < 500, description);
        if (response.statusCode < 400) {
          return;
        }
        // Dot segments ('..', '%2e%2e') can walk a path out of /api/v1, to pages that answer in HTML.
        const stillInApi = new URL(url, 'http://localhost').pathname.startsWith('/api/v1');
        if (input.method !== 'HEAD' && stillInApi) {
          assert.match(String(response.headers['content-type']), /^application\/problem\+json/, description);
          const problem = response.json();
          assert.equal(problem.status, response.statusCode, description);
          assert.equal(typeof problem.code, 'string', description);
        }
        const afterward = await snapshot();
        assert.deepEqual(afterward.counts, before.counts, `a refusal changed the data: ${description}`);
        const added = await context.handle.db
          .selectFrom('audit_event')
          .select(['action', 'outcome'])
          .where('seq', '>', before.auditSeq)
          .execute();
        assert.deepEqual(
          added.filter((event) => event.outcome !== 'denied'),
          [],
          `a refusal recorded something other than the refusal: ${description}`,
        );
      }),
      // FUZZ_RUNS=5000 for a longer hunt; FUZZ_SEED to replay a failure fast-check reported.
      { numRuns: Number(process.env.FUZZ_RUNS ?? 120), seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
    );
  });
});
