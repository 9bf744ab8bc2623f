import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createTestApp, createTestContext, type TestContext } from '../../testing/test-context.ts';

type TestApp = FastifyInstance & { tokenFor(name: string): Promise<string> };

function assertProblem(response: LightMyRequestResponse, status: number, code: string) {
  assert.equal(response.statusCode, status, response.body);
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  const problem = response.json();
  assert.equal(problem.code, code);
  return problem as { errors?: { field: string; message: string }[] };
}

describe('The relationships API: Sam’s case-management tool records Ellie’s household', () => {
  let context: TestContext;
  let app: TestApp;
  let ellieId: string;
  let kayleighId: string;
  let deanId: string;

  async function call(name: string, method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) {
    return app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${await app.tokenFor(name)}`, ...headers },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
  }

  before(async () => {
    context = await createTestContext();
    app = await createTestApp(context);
    const sam = await context.actor('sam.okafor');
    ellieId = (await context.services.people.listPeople(sam, { name: 'Ellie' }))[0]?.id as string;
    kayleighId = (
      await context.services.people.createPerson(sam, { givenName: 'Kayleigh', familyName: 'Hartwell', dateOfBirth: '1999-03-02' })
    ).id;
    deanId = (await context.services.people.createPerson(sam, { givenName: 'Dean', familyName: 'Marsh', dateOfBirth: '1994-07-19' })).id;
  });
  after(async () => {
    await app.close();
    await context.close();
  });

  it('creates a household, adds Kayleigh and Dean, records the relationships, and asks who the adults around Ellie are', async () => {
    const created = await call('sam.okafor', 'POST', '/households', {
      personId: ellieId,
      label: 'Kayleigh Hartwell’s home',
      postcode: 'NS1 4AB',
    });
    assert.equal(created.statusCode, 201, created.body);
    const household = created.json();
    assert.equal(created.headers.location, `/api/v1/households/${household.id}`);

    const kayleigh = await call('sam.okafor', 'POST', `/households/${household.id}/members`, { personId: kayleighId, role: 'resident' });
    assert.equal(kayleigh.statusCode, 201, kayleigh.body);
    const dean = await call('sam.okafor', 'POST', `/households/${household.id}/members`, { personId: deanId, role: 'present_not_related' });
    assert.equal(dean.json().person.name, 'Dean Marsh');

    const mother = await call('sam.okafor', 'POST', '/relationships', {
      personId: ellieId,
      relatedPersonId: kayleighId,
      kind: 'mother',
      hasParentalResponsibility: true,
      prEvidenceSeen: true,
      prEvidenceNote: 'Birth certificate',
    });
    assert.equal(mother.statusCode, 201, mother.body);
    assert.equal(mother.json().kind, 'mother');

    const checks = await call('sam.okafor', 'POST', `/household-members/${kayleigh.json().id}/checks`, {
      seenOn: '2026-11-20',
      assessedOn: '2026-11-20',
      note: 'Home visit',
    });
    assert.equal(checks.statusCode, 204, checks.body);

    const adults = await call('sam.okafor', 'GET', `/people/${ellieId}/adults-around`);
    assert.equal(adults.statusCode, 200, adults.body);
    const items = adults.json().items as { person: { name: string }; relationshipLabel: string; notSeen: boolean; notAssessed: boolean }[];
    assert.deepEqual(
      items.map((adult) => [adult.person.name, adult.relationshipLabel, adult.notSeen, adult.notAssessed]),
      [
        ['Kayleigh Hartwell', 'Mother', false, false],
        ['Dean Marsh', 'Not related', true, true],
      ],
    );

    const relationships = await call('sam.okafor', 'GET', `/people/${kayleighId}/relationships`);
    assert.equal(relationships.json().items[0].label, 'Child');
    const households = await call('sam.okafor', 'GET', `/people/${ellieId}/households`);
    assert.equal(households.json().items[0].members.length, 3);
    const one = await call('sam.okafor', 'GET', `/households/${household.id}`);
    assert.equal(one.json().postcode, 'NS1 4AB');
  });

  it('ends a relationship and a household membership', async () => {
    const [relationship] = (await call('sam.okafor', 'GET', `/people/${ellieId}/relationships`)).json().items;
    const ended = await call('sam.okafor', 'POST', `/relationships/${relationship.id}/end`, { endsOn: '2026-11-22' });
    assert.equal(ended.statusCode, 200, ended.body);
    assert.equal(ended.json().endsOn, '2026-11-22');
    assertProblem(
      await call('sam.okafor', 'POST', `/relationships/${relationship.id}/end`, { endsOn: '2026-11-22' }),
      409,
      'INVALID_TRANSITION',
    );

    const [household] = (await call('sam.okafor', 'GET', `/people/${ellieId}/households`)).json().items;
    const deanMember = household.members.find((member: { person: { id: string } }) => member.person.id === deanId);
    const left = await call('sam.okafor', 'POST', `/household-members/${deanMember.id}/end`, { endsOn: '2026-11-22' });
    assert.equal(left.statusCode, 204, left.body);
  });

  it('bad input is a 400 problem naming the field, and nothing is written', async () => {
    const self = assertProblem(
      await call('sam.okafor', 'POST', '/relationships', { personId: ellieId, relatedPersonId: ellieId, kind: 'sibling' }),
      400,
      'VALIDATION',
    );
    assert.ok(self.errors?.some((error) => error.field === 'relatedPersonId'));
    const kind = assertProblem(
      await call('sam.okafor', 'POST', '/relationships', { personId: ellieId, relatedPersonId: deanId, kind: 'lodger' }),
      400,
      'VALIDATION',
    );
    assert.ok(kind.errors?.some((error) => error.field === 'kind'));
    const dates = assertProblem(
      await call('sam.okafor', 'POST', '/relationships', {
        personId: ellieId,
        relatedPersonId: deanId,
        kind: 'friend',
        startsOn: '2026-01-02',
        endsOn: '2026-01-01',
      }),
      400,
      'VALIDATION',
    );
    assert.ok(dates.errors?.some((error) => error.field === 'endsOn'));
    const rows = await context.handle.db.selectFrom('relationship').select('id').where('related_person_id', '=', deanId).execute();
    assert.equal(rows.length, 0);
  });

  it('a retried POST with the same Idempotency-Key records the relationship once', async () => {
    const body = { personId: kayleighId, relatedPersonId: deanId, kind: 'ex_partner' };
    const first = await call('sam.okafor', 'POST', '/relationships', body, { 'idempotency-key': 'kayleigh-dean-1' });
    const second = await call('sam.okafor', 'POST', '/relationships', body, { 'idempotency-key': 'kayleigh-dean-1' });
    assert.equal(first.statusCode, 201);
    assert.equal(second.json().id, first.json().id);
    const rows = await context.handle.db.selectFrom('relationship').select('id').where('kind', '=', 'ex_partner').execute();
    assert.equal(rows.length, 1);
  });

  it('involvements, and the genogram and ecomap as SVG images', async () => {
    const involvements = await call('sam.okafor', 'GET', `/people/${ellieId}/involvements`);
    assert.equal(involvements.statusCode, 200, involvements.body);
    assert.ok(involvements.json().items.some((item: { agencyName: string }) => item.agencyName === 'Ashford Primary School'));

    const genogram = await call('sam.okafor', 'GET', `/people/${ellieId}/genogram.svg`);
    assert.equal(genogram.statusCode, 200, genogram.body);
    assert.match(String(genogram.headers['content-type']), /^image\/svg\+xml/);
    assert.match(genogram.body, /^<svg [^>]*role="img"/);
    assert.match(genogram.body, /Kayleigh Hartwell/);
    const ecomap = await call('sam.okafor', 'GET', `/people/${ellieId}/ecomap.svg`);
    assert.match(String(ecomap.headers['content-type']), /^image\/svg\+xml/);
    assert.match(ecomap.body, /Ashford Primary School/);
  });

  it('Tom in the police, not involved with Ellie, gets 404 on every family route, like an unknown id', async () => {
    for (const url of ['relationships', 'households', 'adults-around', 'involvements', 'genogram.svg', 'ecomap.svg']) {
      assertProblem(await call('tom.fletcher', 'GET', `/people/${ellieId}/${url}`), 404, 'NOT_FOUND');
    }
    assertProblem(
      await call('tom.fletcher', 'POST', '/relationships', { personId: ellieId, relatedPersonId: deanId, kind: 'friend' }),
      404,
      'NOT_FOUND',
    );
  });

  it('the routes are in the OpenAPI document', async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const path of [
      '/api/v1/relationships',
      '/api/v1/relationships/{id}/end',
      '/api/v1/people/{id}/relationships',
      '/api/v1/households',
      '/api/v1/households/{id}',
      '/api/v1/households/{id}/members',
      '/api/v1/household-members/{id}/end',
      '/api/v1/household-members/{id}/checks',
      '/api/v1/people/{id}/households',
      '/api/v1/people/{id}/adults-around',
      '/api/v1/people/{id}/involvements',
      '/api/v1/people/{id}/genogram.svg',
      '/api/v1/people/{id}/ecomap.svg',
    ]) {
      assert.ok(document.paths[path], `${path} is documented`);
    }
    assert.ok(document.paths['/api/v1/relationships'].post.requestBody);
  });
});
