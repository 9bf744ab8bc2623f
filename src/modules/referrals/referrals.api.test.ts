import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { createTestApp, createTestContext, type TestContext } from '../../testing/test-context.ts';

type TestApp = FastifyInstance & { tokenFor(name: string): Promise<string> };

describe('The referrals API, as a school’s system, the police system and the MASH use it', () => {
  let context: TestContext;
  let app: TestApp;
  let ellie: string;
  let jayden: string;
  let mashTeam: string;

  async function call(name: string, method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) {
    return app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${await app.tokenFor(name)}`, ...headers },
      ...(payload === undefined ? {} : { payload: payload as string }),
    });
  }

  async function referralCount(): Promise<number> {
    return (await sql<{ n: number }>`select count(*)::int as n from referral`.execute(context.handle.db)).rows[0]?.n ?? 0;
  }

  const body = () => ({
    kind: 'child',
    referrerName: 'Hannah Reid',
    referrerOrganisation: 'Ashford Primary School',
    referrerPhone: '01632 960001',
    referrerEmail: 'hannah.reid@ashford.example',
    receivingTeamId: mashTeam,
    concern: 'Ellie has a bruise on her arm and says Dean grabbed her.',
    immediateDanger: false,
    parentConsent: 'given',
    earlyHelpPlanOpen: false,
    subjects: [
      { personId: ellie, role: 'subject' },
      { personId: jayden, role: 'subject' },
    ],
  });

  before(async () => {
    context = await createTestContext();
    app = await createTestApp(context);
    const sam = await context.actor('sam.okafor');
    const hartwells = await context.services.people.listPeople(sam, { name: 'Hartwell' });
    ellie = hartwells.find((person) => person.givenName === 'Ellie')?.id as string;
    jayden = hartwells.find((person) => person.givenName === 'Jayden')?.id as string;
    mashTeam = (await context.services.agencies.listTeams()).find((team) => team.name === 'Multi-Agency Safeguarding Hub')?.id as string;
  });
  after(async () => {
    await app.close();
    await context.close();
  });

  it('a referral sent twice with one Idempotency-Key is made once; a different body under the same key is refused', async () => {
    const before = await referralCount();
    const first = await call('hannah.reid', 'POST', '/api/v1/referrals', body(), { 'idempotency-key': 'ashford-rfh-0001' });
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.headers.location, `/api/v1/referrals/${first.json().id}`);
    const retry = await call('hannah.reid', 'POST', '/api/v1/referrals', body(), { 'idempotency-key': 'ashford-rfh-0001' });
    assert.equal(retry.json().id, first.json().id);
    assert.equal(await referralCount(), before + 1);
    const changed = await call(
      'hannah.reid',
      'POST',
      '/api/v1/referrals',
      { ...body(), concern: 'Something else' },
      { 'idempotency-key': 'ashford-rfh-0001' },
    );
    assert.equal(changed.statusCode, 422, changed.body);
  });

  it('bad input is 400 problem+json naming each field, and nothing is written', async () => {
    const before = await referralCount();
    const bad = await call('hannah.reid', 'POST', '/api/v1/referrals', {
      ...body(),
      referrerEmail: 'not-an-email',
      parentConsent: 'maybe',
      subjects: [],
    });
    assert.equal(bad.statusCode, 400);
    assert.match(String(bad.headers['content-type']), /problem\+json/);
    const fields = (bad.json().errors as Array<{ field: string }>).map((error) => error.field);
    assert.ok(fields.includes('referrerEmail') && fields.includes('parentConsent') && fields.includes('subjects'), bad.body);
    const adult = await call('lena.kowalski', 'POST', '/api/v1/referrals', {
      ...body(),
      kind: 'adult',
      viewsAndOutcomes: 'Wants to stay home',
      abuseCategories: ['curses'],
      mentalCapacityConcern: false,
      substantialDifficulty: false,
      personConsent: 'given',
    });
    assert.equal(adult.statusCode, 400);
    assert.ok(
      adult.json().errors.some((error: { field: string }) => error.field === 'abuseCategories.0'),
      adult.body,
    );
    assert.equal(await referralCount(), before);
  });

  it('the MASH rates and decides; a school DSL deciding gets 403; deciding twice is 409; the triage context comes with it', async () => {
    const made = await call('hannah.reid', 'POST', '/api/v1/referrals', body());
    const id = made.json().id as string;
    const unrated = await call('marcus.bell', 'POST', `/api/v1/referrals/${id}/decision`, {
      route: 'advice',
      rationale: 'Advice to school',
    });
    assert.equal(unrated.statusCode, 409, unrated.body);
    assert.equal(unrated.json().code, 'INVALID_TRANSITION');
    const rated = await call('marcus.bell', 'POST', `/api/v1/referrals/${id}/rating`, {
      rating: 'red',
      needsMash: true,
      rationale: 'Injury to a child',
    });
    assert.equal(rated.statusCode, 200, rated.body);
    // Red is 4 clock hours from receipt (09:00 on 23 November).
    assert.equal(rated.json().ratingDueAt, '2026-11-23T13:00:00.000Z');
    const byDsl = await call('hannah.reid', 'POST', `/api/v1/referrals/${id}/decision`, { route: 'strategy_discussion', rationale: 'x' });
    assert.equal(byDsl.statusCode, 403, byDsl.body);
    assert.equal((await call('marcus.bell', 'GET', `/api/v1/referrals/${id}`)).json().status, 'rated');
    const decided = await call('marcus.bell', 'POST', `/api/v1/referrals/${id}/decision`, {
      route: 'strategy_discussion',
      rationale: 'Significant harm suspected: non-accidental injury',
    });
    assert.equal(decided.statusCode, 200, decided.body);
    assert.equal(decided.json().route, 'strategy_discussion');
    const again = await call('marcus.bell', 'POST', `/api/v1/referrals/${id}/decision`, { route: 'advice', rationale: 'x' });
    assert.equal(again.statusCode, 409);
    const triage = await call('marcus.bell', 'GET', `/api/v1/referrals/${id}/triage-context`);
    assert.equal(triage.statusCode, 200, triage.body);
    const list = await call('marcus.bell', 'GET', '/api/v1/referrals?status=decided');
    assert.ok(list.json().referrals.some((item: { id: string }) => item.id === id));
    assert.equal((await call('lena.kowalski', 'GET', `/api/v1/referrals/${id}`)).statusCode, 404);
  });

  it('a police contact becomes a referral once, by the MASH', async () => {
    const contact = await call('tom.fletcher', 'POST', '/api/v1/contacts', {
      kind: 'police_domestic_abuse_notification',
      reportedBy: 'PC Tom Fletcher',
      sourceReference: 'DA-2026-0999',
      summary: 'Domestic incident at the Hartwell home; both children present.',
      subjects: [{ name: 'Ellie Hartwell', dateOfBirth: '2019-04-02', role: 'subject' }],
    });
    assert.equal(contact.statusCode, 201, contact.body);
    const id = contact.json().id as string;
    const queue = await call('marcus.bell', 'GET', '/api/v1/contacts');
    assert.ok(queue.json().contacts.some((item: { id: string }) => item.id === id));
    const byPolice = await call('tom.fletcher', 'POST', `/api/v1/contacts/${id}/referral`, body());
    assert.equal(byPolice.statusCode, 403);
    const referral = await call('marcus.bell', 'POST', `/api/v1/contacts/${id}/referral`, { ...body(), referrerName: 'PC Tom Fletcher' });
    assert.equal(referral.statusCode, 201, referral.body);
    assert.equal(referral.json().contactId, id);
    const twice = await call('marcus.bell', 'POST', `/api/v1/contacts/${id}/referral`, body());
    assert.equal(twice.statusCode, 409);
  });

  it('the routes are in the OpenAPI document under Referrals', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(response.statusCode, 200);
    const paths = Object.keys(response.json().paths);
    for (const path of [
      '/api/v1/referrals',
      '/api/v1/referrals/{id}',
      '/api/v1/referrals/{id}/decision',
      '/api/v1/contacts/{id}/referral',
    ]) {
      assert.ok(paths.includes(path), `${path} in ${paths.join(', ')}`);
    }
    assert.deepEqual(response.json().paths['/api/v1/referrals'].post.tags, ['Referrals']);
  });
});
