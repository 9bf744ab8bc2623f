import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { DEMO_EMAIL_DOMAIN, DEMO_PASSWORD } from '../demo/northshire.ts';
import { HOUR_MS } from '../platform/clock.ts';
import { createTestApp, createTestContext, type TestContext } from '../testing/test-context.ts';
import { SESSION_COOKIE } from './authenticate.ts';

type TestApp = FastifyInstance & { tokenFor(name: string): Promise<string> };
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

const NOBODY = '00000000-0000-4000-8000-000000000000';

/** A problem+json answer with the status and code we expect; returns the parsed problem. */
function assertProblem(response: LightMyRequestResponse, status: number, code: string) {
  assert.equal(response.statusCode, status, response.body);
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  const problem = response.json();
  assert.equal(problem.status, status);
  assert.equal(problem.code, code);
  assert.equal(typeof problem.title, 'string');
  assert.ok(problem.title.length > 0);
  assert.equal(typeof problem.detail, 'string');
  assert.match(problem.type, /^https:\/\/wholepicture\.dev\/problems\//);
  return problem as { code: string; title: string; status: number; detail: string; errors?: { field: string; message: string }[] };
}

describe('The HTTP API, as Northshire’s practitioners and their tools use it', () => {
  let context: TestContext;
  let app: TestApp;
  let ellieId: string;
  let jaydenId: string;
  let masonId: string;

  async function call(name: string | undefined, method: Method, url: string, payload?: unknown, headers: Record<string, string> = {}) {
    const authorization = name ? { authorization: `Bearer ${await app.tokenFor(name)}` } : {};
    return app.inject({
      method,
      url,
      headers: { ...authorization, ...headers },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
  }

  async function countRows(table: 'person' | 'access_basis' | 'break_glass'): Promise<number> {
    const row = await context.handle.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  before(async () => {
    context = await createTestContext();
    app = await createTestApp(context);
    const people = await context.services.people.listPeople(await context.actor('sam.okafor'));
    ellieId = people.find((person) => person.givenName === 'Ellie')?.id as string;
    jaydenId = people.find((person) => person.givenName === 'Jayden')?.id as string;
    masonId = (await context.services.people.listPeople(await context.actor('aisha.rahman'), { name: 'Mason' }))[0]?.id as string;
    assert.ok(ellieId && jaydenId && masonId, 'the demo seeds Ellie, Jayden and Mason');
  });
  after(async () => {
    await app.close();
    await context.close();
  });

  describe('without a token', () => {
    it('every /api/v1 route answers 401 problem+json, and says how to authenticate', async () => {
      for (const url of ['/api/v1/me', '/api/v1/people', `/api/v1/people/${ellieId}`, '/api/v1/agencies', '/api/v1/no-such-route']) {
        const problem = assertProblem(await call(undefined, 'GET', url), 401, 'UNAUTHENTICATED');
        assert.match(problem.detail, /bearer token/i, url);
      }
      assertProblem(await call(undefined, 'POST', '/api/v1/people', { givenName: 'Ruby', familyName: 'Pryor' }), 401, 'UNAUTHENTICATED');
    });

    it('a made-up, a malformed or a revoked token is treated the same as none', async () => {
      for (const authorization of ['Bearer wpt_not-a-real-token', 'Bearer ', 'Basic c2FtOnBhc3N3b3Jk', 'wpt_missing-the-scheme']) {
        assertProblem(await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization } }), 401, 'UNAUTHENTICATED');
      }
      const sam = await context.actor('sam.okafor');
      const { token, summary } = await context.services.identity.createApiToken(sam, { userId: sam.userId as string, label: 'laptop' });
      assert.equal((await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode, 200);
      await context.services.identity.revokeApiToken(sam, summary.id);
      assertProblem(
        await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } }),
        401,
        'UNAUTHENTICATED',
      );
    });
  });

  describe('Sam Okafor, a social worker, with his API token', () => {
    it('GET /me says who he is', async () => {
      const response = await call('sam.okafor', 'GET', '/api/v1/me');
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-type']), /^application\/json/);
      assert.equal(response.headers['cache-control'], 'no-store', 'records about children are never cached');
      const me = response.json();
      assert.equal(me.displayName, 'Sam Okafor');
      assert.deepEqual(me.roles, ['practitioner']);
      assert.equal(me.userId, (await context.actor('sam.okafor')).userId);
      assert.equal(me.teamIds.length, 1);
    });

    it('lists the people he works with — Ellie and Jayden, not Mason — and each listing is audited', async () => {
      const response = await call('sam.okafor', 'GET', '/api/v1/people');
      assert.equal(response.statusCode, 200);
      const names = response
        .json()
        .items.map((person: { givenName: string }) => person.givenName)
        .sort();
      assert.deepEqual(names, ['Ellie', 'Jayden']);
      const search = (await call('sam.okafor', 'GET', '/api/v1/people?name=Ellie&limit=5')).json();
      assert.deepEqual(
        search.items.map((person: { id: string }) => person.id),
        [ellieId],
      );
    });

    it('opens Ellie’s record with its ETag, and sees her access bases and who has looked at her record', async () => {
      const response = await call('sam.okafor', 'GET', `/api/v1/people/${ellieId}?purpose=home%20visit`);
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers.etag, 'W/"1"');
      assert.equal(response.json().familyName, 'Hartwell');

      const bases = await call('sam.okafor', 'GET', `/api/v1/access/people/${ellieId}/bases`);
      assert.equal(bases.statusCode, 200);
      const kinds = bases.json().items.map((basis: { kind: string }) => basis.kind);
      assert.ok(kinds.includes('allocated_worker') && kinds.includes('allocated_team') && kinds.includes('agency_involved'));

      const log = await call('sam.okafor', 'GET', `/api/v1/people/${ellieId}/access-log`);
      assert.equal(log.statusCode, 200);
      assert.ok(
        log
          .json()
          .items.some((entry: { action: string; purpose: string }) => entry.action === 'person.viewed' && entry.purpose === 'home visit'),
        'his own read, with its purpose, is in the log',
      );
    });

    it('reads the agencies, his notifications and his tokens', async () => {
      const agencies = await call('sam.okafor', 'GET', '/api/v1/agencies');
      assert.equal(agencies.statusCode, 200);
      assert.ok(agencies.json().items.some((agency: { code: string }) => agency.code === 'childrens'));
      const notifications = await call('sam.okafor', 'GET', '/api/v1/me/notifications');
      assert.equal(notifications.statusCode, 200);
      assert.ok(Array.isArray(notifications.json().items));
      const tokens = await call('sam.okafor', 'GET', '/api/v1/me/tokens');
      assert.equal(tokens.statusCode, 200);
      assert.ok(tokens.json().items.some((token: { label: string }) => token.label === 'test'));
    });

    it('Mason, whom he has no reason to see, is "not found" exactly as a person who does not exist — and the attempt is audited', async () => {
      const hidden = assertProblem(await call('sam.okafor', 'GET', `/api/v1/people/${masonId}`), 404, 'NOT_FOUND');
      const missing = assertProblem(await call('sam.okafor', 'GET', `/api/v1/people/${NOBODY}`), 404, 'NOT_FOUND');
      assert.equal(hidden.detail, missing.detail);
      assert.equal(hidden.title, missing.title);
      assertProblem(await call('sam.okafor', 'GET', `/api/v1/access/people/${masonId}/bases`), 404, 'NOT_FOUND');
      assertProblem(await call('sam.okafor', 'GET', `/api/v1/people/${masonId}/access-log`), 404, 'NOT_FOUND');

      const sam = await context.actor('sam.okafor');
      const denied = await context.handle.db
        .selectFrom('audit_event')
        .select(['action', 'outcome'])
        .where('actor_user_id', '=', sam.userId)
        .where('subject_id', '=', masonId)
        .execute();
      assert.ok(denied.some((event) => event.action === 'person.viewed' && event.outcome === 'denied'));
    });

    it('is refused the administrators’ and privacy officers’ routes with 403', async () => {
      assertProblem(await call('sam.okafor', 'GET', '/api/v1/users'), 403, 'FORBIDDEN');
      assertProblem(await call('sam.okafor', 'GET', '/api/v1/access/break-glass/reviews'), 403, 'FORBIDDEN');
      const sam = await context.actor('sam.okafor');
      assertProblem(await call('sam.okafor', 'PUT', `/api/v1/users/${sam.userId}/roles/system_administrator`), 403, 'FORBIDDEN');
      assert.deepEqual((await context.actor('sam.okafor')).roles, ['practitioner'], 'he cannot promote himself');
    });

    it('an unknown route under /api/v1 is a 404 problem, not an HTML page', async () => {
      assertProblem(await call('sam.okafor', 'GET', '/api/v1/no-such-route'), 404, 'NOT_FOUND');
      assertProblem(await call('sam.okafor', 'DELETE', `/api/v1/people/${ellieId}`), 404, 'NOT_FOUND');
    });
  });

  describe('writing through the API', () => {
    it('Sam records a new child: 201 with Location and ETag, and he can open what he made', async () => {
      const before = await countRows('person');
      const response = await call('sam.okafor', 'POST', '/api/v1/people', {
        givenName: 'Ruby',
        familyName: 'Hartwell',
        dateOfBirth: '2023-02-01',
      });
      assert.equal(response.statusCode, 201, response.body);
      const ruby = response.json();
      assert.equal(response.headers.location, `/api/v1/people/${ruby.id}`);
      assert.equal(response.headers.etag, 'W/"1"');
      assert.equal(await countRows('person'), before + 1);
      assert.equal((await call('sam.okafor', 'GET', response.headers.location as string)).statusCode, 200);
    });

    it('invalid input is refused with 400 problem+json naming each field, and nothing is written', async () => {
      const before = await countRows('person');
      const problem = assertProblem(
        await call('sam.okafor', 'POST', '/api/v1/people', { givenName: '', familyName: 'Hartwell', dateOfBirth: '2019-02-30' }),
        400,
        'VALIDATION',
      );
      assert.deepEqual(problem.errors?.map((error) => error.field).sort(), ['dateOfBirth', 'givenName']);
      assert.ok(problem.errors?.every((error) => error.message.length > 0));
      assert.equal(await countRows('person'), before);

      const badId = assertProblem(await call('sam.okafor', 'GET', '/api/v1/people/not-an-id'), 400, 'VALIDATION');
      assert.deepEqual(
        badId.errors?.map((error) => error.field),
        ['id'],
      );
      const badLimit = assertProblem(await call('sam.okafor', 'GET', '/api/v1/people?limit=1000'), 400, 'VALIDATION');
      assert.deepEqual(
        badLimit.errors?.map((error) => error.field),
        ['limit'],
      );
      assertProblem(
        await app.inject({
          method: 'POST',
          url: '/api/v1/people',
          headers: { authorization: `Bearer ${await app.tokenFor('sam.okafor')}`, 'content-type': 'application/json' },
          payload: '{"givenName": "Ruby",',
        }),
        400,
        'VALIDATION',
      );
      assert.equal(await countRows('person'), before);
    });

    it('a change needs the ETag it was based on: none is 428, a stale one 412, a malformed one 400; the right one succeeds', async () => {
      const url = `/api/v1/people/${ellieId}`;
      const current = (await call('sam.okafor', 'GET', url)).headers.etag as string;
      assertProblem(await call('sam.okafor', 'PATCH', url, { dateOfBirth: '2019-04-13' }), 428, 'VERSION_REQUIRED');
      const malformed = assertProblem(
        await call('sam.okafor', 'PATCH', url, { dateOfBirth: '2019-04-13' }, { 'if-match': 'three' }),
        400,
        'VALIDATION',
      );
      assert.equal(malformed.errors?.[0]?.field, 'If-Match');

      const changed = await call('sam.okafor', 'PATCH', url, { dateOfBirth: '2019-04-13' }, { 'if-match': current });
      assert.equal(changed.statusCode, 200, changed.body);
      assert.notEqual(changed.headers.etag, current);
      assertProblem(await call('sam.okafor', 'PATCH', url, { dateOfBirth: '2001-01-01' }, { 'if-match': current }), 412, 'STALE_VERSION');
      assert.equal((await call('sam.okafor', 'GET', url)).json().dateOfBirth, '2019-04-13', 'the stale change wrote nothing');
    });

    it('a browser session cookie reads the API but can never write through it (no cross-site writes)', async () => {
      const { sessionToken } = await context.services.identity.signInWithPassword({
        email: `sam.okafor@${DEMO_EMAIL_DOMAIN}`,
        password: DEMO_PASSWORD,
      });
      const cookie = `${SESSION_COOKIE}=${sessionToken}`;
      const read = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
      assert.equal(read.statusCode, 200, 'a safe method with the cookie is allowed');
      assert.equal(read.json().displayName, 'Sam Okafor');

      const before = await countRows('person');
      const write = await app.inject({
        method: 'POST',
        url: '/api/v1/people',
        headers: { cookie },
        payload: { givenName: 'Cross', familyName: 'Site' },
      });
      assertProblem(write, 401, 'UNAUTHENTICATED');
      const patch = await app.inject({
        method: 'PATCH',
        url: `/api/v1/people/${ellieId}`,
        headers: { cookie, 'if-match': 'W/"2"' },
        payload: { givenName: 'Changed' },
      });
      assertProblem(patch, 401, 'UNAUTHENTICATED');
      assert.equal(await countRows('person'), before);
      assert.equal((await call('sam.okafor', 'GET', `/api/v1/people/${ellieId}`)).json().givenName, 'Ellie');
    });
  });

  describe('a restricted record: Priya restricts Jayden’s record because his mother works in her team', () => {
    it('only Priya and Sam keep access; Hannah at the school no longer finds him', async () => {
      assert.equal((await call('hannah.reid', 'GET', `/api/v1/people/${jaydenId}`)).statusCode, 200, 'before, the school can see him');

      const tooShort = assertProblem(
        await call('priya.nair', 'POST', `/api/v1/people/${jaydenId}/restriction`, { reason: 'staff' }),
        400,
        'VALIDATION',
      );
      assert.equal(tooShort.errors?.[0]?.field, 'reason');
      assertProblem(
        await call('sam.okafor', 'POST', `/api/v1/people/${jaydenId}/restriction`, { reason: 'Parent is a member of staff' }),
        403,
        'FORBIDDEN',
      );

      const restricted = await call('priya.nair', 'POST', `/api/v1/people/${jaydenId}/restriction`, {
        reason: 'Parent is a member of staff in this team',
      });
      assert.equal(restricted.statusCode, 204, restricted.body);

      const forPriya = await call('priya.nair', 'GET', `/api/v1/people/${jaydenId}`);
      assert.equal(forPriya.statusCode, 200);
      assert.equal(forPriya.json().isRestricted, true);
      assert.equal((await call('sam.okafor', 'GET', `/api/v1/people/${jaydenId}`)).statusCode, 200);
      assertProblem(await call('hannah.reid', 'GET', `/api/v1/people/${jaydenId}`), 404, 'NOT_FOUND');
      const hannahsList = (await call('hannah.reid', 'GET', '/api/v1/people')).json();
      assert.ok(!hannahsList.items.some((person: { id: string }) => person.id === jaydenId));
    });
  });

  describe('break-glass: Marcus in the MASH needs Mason’s record out of hours', () => {
    it('needs a listed reason and a real explanation; a practitioner may not break glass at all', async () => {
      const before = await countRows('break_glass');
      const problem = assertProblem(
        await call('marcus.bell', 'POST', '/api/v1/access/break-glass', {
          personId: masonId,
          reasonCode: 'immediate_risk_to_life',
          reasonText: 'urgent',
        }),
        400,
        'VALIDATION',
      );
      assert.equal(problem.errors?.[0]?.field, 'reasonText');
      assertProblem(
        await call('marcus.bell', 'POST', '/api/v1/access/break-glass', {
          personId: masonId,
          reasonCode: 'curiosity',
          reasonText: 'I would like to have a look',
        }),
        400,
        'VALIDATION',
      );
      assertProblem(
        await call('sam.okafor', 'POST', '/api/v1/access/break-glass', {
          personId: masonId,
          reasonCode: 'out_of_hours_emergency',
          reasonText: 'Need to check the baby’s record now',
        }),
        403,
        'FORBIDDEN',
      );
      assert.equal(await countRows('break_glass'), before);
    });

    it('opens Mason’s record for an hour; Ruth reviews it, Marcus cannot review his own; after the hour it is closed again', async () => {
      assertProblem(await call('marcus.bell', 'GET', `/api/v1/people/${masonId}`), 404, 'NOT_FOUND');
      const started = await call('marcus.bell', 'POST', '/api/v1/access/break-glass', {
        personId: masonId,
        reasonCode: 'out_of_hours_emergency',
        reasonText: 'Hospital reports an unexplained injury to a baby at 23:40',
      });
      assert.equal(started.statusCode, 201, started.body);
      const grant = started.json();
      assert.equal(new Date(grant.expiresAt).getTime() - new Date(grant.startedAt).getTime(), HOUR_MS);
      assert.equal((await call('marcus.bell', 'GET', `/api/v1/people/${masonId}`)).statusCode, 200);

      const ruthsAlerts = (await call('ruth.adeyemi', 'GET', '/api/v1/me/notifications')).json();
      assert.ok(
        ruthsAlerts.items.some(
          (alert: { kind: string; referenceId: string }) => alert.kind === 'break-glass.started' && alert.referenceId === grant.id,
        ),
      );
      const pending = (await call('ruth.adeyemi', 'GET', '/api/v1/access/break-glass/reviews')).json();
      assert.ok(pending.items.some((item: { id: string }) => item.id === grant.id));

      assertProblem(
        await call('marcus.bell', 'POST', `/api/v1/access/break-glass/${grant.id}/review`, { outcome: 'justified' }),
        403,
        'FORBIDDEN',
      );
      assertProblem(
        await call('ruth.adeyemi', 'POST', `/api/v1/access/break-glass/${grant.id}/review`, { outcome: 'fine' }),
        400,
        'VALIDATION',
      );
      const reviewed = await call('ruth.adeyemi', 'POST', `/api/v1/access/break-glass/${grant.id}/review`, {
        outcome: 'justified',
        note: 'Appropriate out-of-hours check',
      });
      assert.equal(reviewed.statusCode, 204, reviewed.body);
      assertProblem(
        await call('ruth.adeyemi', 'POST', `/api/v1/access/break-glass/${grant.id}/review`, { outcome: 'justified' }),
        409,
        'CONFLICT',
      );

      context.clock.advance(HOUR_MS + 1);
      assertProblem(await call('marcus.bell', 'GET', `/api/v1/people/${masonId}`), 404, 'NOT_FOUND');
    });

    it('break-glass cannot open a restricted record: the answer is the same "not found" as for nobody at all', async () => {
      const before = await countRows('break_glass');
      const reason = { reasonCode: 'immediate_risk_to_life', reasonText: 'Police report a child at immediate risk tonight' };
      const restricted = assertProblem(
        await call('marcus.bell', 'POST', '/api/v1/access/break-glass', { personId: jaydenId, ...reason }),
        404,
        'NOT_FOUND',
      );
      const nobody = assertProblem(
        await call('marcus.bell', 'POST', '/api/v1/access/break-glass', { personId: NOBODY, ...reason }),
        404,
        'NOT_FOUND',
      );
      assert.equal(restricted.detail, nobody.detail);
      assert.equal(await countRows('break_glass'), before);
      assertProblem(await call('marcus.bell', 'GET', `/api/v1/people/${jaydenId}`), 404, 'NOT_FOUND');
    });

    it('a refused break-glass attempt is kept in the audit trail', async () => {
      const marcus = await context.actor('marcus.bell');
      await call('marcus.bell', 'POST', '/api/v1/access/break-glass', {
        personId: jaydenId,
        reasonCode: 'urgent_police_or_court_request',
        reasonText: 'Court asks for the record of this child today',
      });
      const refusals = await context.handle.db
        .selectFrom('audit_event')
        .select('outcome')
        .where('action', '=', 'break-glass.refused')
        .where('actor_user_id', '=', marcus.userId)
        .where('subject_id', '=', jaydenId)
        .execute();
      assert.ok(refusals.length > 0 && refusals.every((event) => event.outcome === 'denied'));
    });
  });

  describe('the OpenAPI document', () => {
    it('is OpenAPI 3.1.0, served without a token, and lists every /api/v1 route with bearer security', async () => {
      const response = await app.inject({ method: 'GET', url: '/api/openapi.json' });
      assert.equal(response.statusCode, 200);
      const document = response.json();
      assert.equal(document.openapi, '3.1.0');
      assert.deepEqual(document.security, [{ bearer: [] }]);
      const paths = Object.keys(document.paths);
      for (const path of [
        '/api/v1/me',
        '/api/v1/me/notifications',
        '/api/v1/me/tokens',
        '/api/v1/agencies',
        '/api/v1/users',
        '/api/v1/people/',
        '/api/v1/people/{id}',
        '/api/v1/people/{id}/restriction',
        '/api/v1/people/{id}/access-log',
        '/api/v1/access/involvements',
        '/api/v1/access/people/{id}/bases',
        '/api/v1/access/break-glass',
        '/api/v1/access/break-glass/{id}/review',
      ]) {
        assert.ok(paths.includes(path), `${path} is documented`);
      }
      assert.ok(!paths.includes('/api/openapi.json') && !paths.includes('/health'), 'housekeeping routes are hidden');
      assert.deepEqual(
        paths.filter((path) => !path.startsWith('/api/v1/')),
        [],
        'web pages and static files are not part of the API',
      );
      const createPerson = document.paths['/api/v1/people/'].post;
      assert.ok(createPerson.requestBody, 'request bodies are described');
      assert.ok(createPerson.responses['201'] && createPerson.responses['400'], 'success and problem responses are described');
    });
  });
});
