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
  return problem as { code: string; detail: string; errors?: { field: string; message: string }[] };
}

/** A case-management system at the health trust talks to Whole Picture through the API. */
describe('People through the API: details, history, search and the duplicate check', () => {
  let context: TestContext;
  let app: TestApp;
  let ellieId: string;

  async function call(
    name: string,
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) {
    return app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${await app.tokenFor(name)}`, ...headers },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
  }

  async function countPeople(): Promise<number> {
    const row = await context.handle.db
      .selectFrom('person')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  before(async () => {
    context = await createTestContext();
    app = await createTestApp(context);
    ellieId = (await context.services.people.listPeople(await context.actor('sam.okafor'), { name: 'Ellie' }))[0]?.id as string;
  });
  after(async () => {
    await app.close();
    await context.close();
  });

  it('Sam creates Kayleigh with her NHS number, address and previous surname, and reads them back', async () => {
    const created = await call('sam.okafor', 'POST', '/api/v1/people', {
      givenName: 'Kayleigh',
      familyName: 'Hartwell',
      dateOfBirth: '1995-07-30',
      sex: 'female',
      ethnicityCode: 'MWBC',
      identifiers: [{ kind: 'nhs_number', value: '999 000 0026' }],
      address: { line1: '14 Cooper Street', postcode: 'ns1 4ab' },
      otherNames: [{ kind: 'previous', familyName: 'Dawson' }],
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().kind, 'adult');
    const read = await call('sam.okafor', 'GET', created.headers.location as string);
    assert.equal(read.statusCode, 200);
    const details = read.json();
    assert.equal(details.identifiers[0].value, '9990000026');
    assert.equal(details.addresses[0].postcode, 'NS1 4AB');
    assert.deepEqual(
      details.names.map((name: { kind: string }) => name.kind),
      ['legal', 'previous'],
    );
  });

  it('search: GET /people?q=… ranks people with a score and reasons; nobody unseen is returned', async () => {
    const response = await call('sam.okafor', 'GET', '/api/v1/people?q=Kayleigh%20Dawson');
    assert.equal(response.statusCode, 200);
    const [first] = response.json().items;
    assert.equal(first.givenName, 'Kayleigh');
    assert.ok(first.match.score > 50);
    assert.ok(first.match.reasons.includes('Previous family name Dawson'));
    assert.deepEqual((await call('tom.fletcher', 'GET', '/api/v1/people?q=Ellie%20Hartwell')).json().items, []);
    assert.deepEqual((await call('tom.fletcher', 'GET', '/api/v1/people?identifier=9990000026')).json().items, []);
    assertProblem(await call('sam.okafor', 'GET', '/api/v1/people?postcode=nowhere'), 400, 'VALIDATION');
    assertProblem(await call('sam.okafor', 'GET', '/api/v1/people?dob=2019-02-30'), 400, 'VALIDATION');
  });

  it('the duplicate check shows visible matches, and refuses neutrally when the NHS number is on a record the caller cannot see', async () => {
    const matches = await call('hannah.reid', 'POST', '/api/v1/people/matches', {
      givenName: 'Elly',
      familyName: 'Hartwell',
      dateOfBirth: '2019-04-12',
    });
    assert.equal(matches.statusCode, 200, matches.body);
    const best = matches.json().items[0];
    assert.equal(best.person.id, ellieId);
    assert.ok(best.probability > 0.5 && best.probability <= 1);
    assert.match(best.summary, /same person \(\d/);
    assert.ok(
      best.evidence.some((field: { field: string; words: string; weight: number }) => field.field === 'Date of birth' && field.weight > 0),
    );
    assert.equal(matches.json().heldElsewhere, false);

    // Tom, in the police, may not see Ellie: he is told to ask the MASH, and nothing about her.
    const tomsCheck = await call('tom.fletcher', 'POST', '/api/v1/people/matches', {
      givenName: 'Ellie',
      familyName: 'Hartwell',
      dateOfBirth: '2019-04-12',
    });
    assert.equal(tomsCheck.statusCode, 200, tomsCheck.body);
    assert.deepEqual(tomsCheck.json(), {
      items: [],
      heldElsewhere: true,
      heldElsewherePrompt: 'A possible match is held by another agency. Ask the MASH before you create a new record.',
    });

    const before = await countPeople();
    const problem = assertProblem(
      await call('tom.fletcher', 'POST', '/api/v1/people', {
        givenName: 'Kay',
        familyName: 'Dawson',
        identifiers: [{ kind: 'nhs_number', value: '9990000026' }],
      }),
      409,
      'CONFLICT',
    );
    assert.equal(problem.detail, 'A record with this NHS number already exists. Ask the MASH to check it.');
    assert.equal(problem.errors, undefined);
    assert.equal(await countPeople(), before);
  });

  it('a change needs If-Match and keeps history; a correction needs a reason and keeps the original', async () => {
    const url = `/api/v1/people/${ellieId}`;
    const etag = (await call('sam.okafor', 'GET', url)).headers.etag as string;
    assertProblem(
      await call('sam.okafor', 'POST', `${url}/corrections`, { dateOfBirth: '2019-04-21', reason: 'Birth certificate seen' }),
      428,
      'VERSION_REQUIRED',
    );
    const noReason = assertProblem(
      await call('sam.okafor', 'POST', `${url}/corrections`, { dateOfBirth: '2019-04-21' }, { 'if-match': etag }),
      400,
      'VALIDATION',
    );
    assert.deepEqual(
      noReason.errors?.map((error) => error.field),
      ['reason'],
    );
    const corrected = await call(
      'sam.okafor',
      'POST',
      `${url}/corrections`,
      { dateOfBirth: '2019-04-21', reason: 'Birth certificate seen at the home visit' },
      { 'if-match': etag },
    );
    assert.equal(corrected.statusCode, 200, corrected.body);
    const changed = await call('sam.okafor', 'PATCH', url, { firstLanguage: 'English' }, { 'if-match': corrected.headers.etag as string });
    assert.equal(changed.statusCode, 200, changed.body);
    assertProblem(await call('sam.okafor', 'PATCH', url, { firstLanguage: 'Polish' }, { 'if-match': etag }), 412, 'STALE_VERSION');

    const history = (await call('sam.okafor', 'GET', `${url}/history`)).json().items;
    assert.deepEqual(
      history.map((entry: { field: string; kind: string; oldValue: string | null }) => [entry.field, entry.kind, entry.oldValue]),
      [
        ['firstLanguage', 'change', null],
        ['dateOfBirth', 'correction', '2019-04-12'],
      ],
    );
  });

  it('impossible dates are a 400 naming each field, and nothing is written', async () => {
    const before = await countPeople();
    const problem = assertProblem(
      await call('sam.okafor', 'POST', '/api/v1/people', {
        givenName: 'Ruby',
        familyName: 'Pryor',
        dateOfBirth: '2022-01-15',
        dateOfDeath: '2021-12-01',
      }),
      400,
      'VALIDATION',
    );
    assert.deepEqual(
      problem.errors?.map((error) => error.field),
      ['dateOfDeath'],
    );
    const badNhs = assertProblem(
      await call('sam.okafor', 'POST', '/api/v1/people', {
        givenName: 'Ruby',
        familyName: 'Pryor',
        identifiers: [{ kind: 'nhs_number', value: '123' }],
      }),
      400,
      'VALIDATION',
    );
    assert.deepEqual(
      badNhs.errors?.map((error) => error.field),
      ['identifiers.0.value'],
    );
    assert.equal(await countPeople(), before);
  });

  it('names, identifiers and addresses are added with POST, and a retried POST with the same Idempotency-Key writes once', async () => {
    const url = `/api/v1/people/${ellieId}`;
    const first = await call(
      'sam.okafor',
      'POST',
      `${url}/addresses`,
      { line1: '2 Flax Court', postcode: 'NS2 7QD' },
      { 'idempotency-key': 'ellie-move-1' },
    );
    const again = await call(
      'sam.okafor',
      'POST',
      `${url}/addresses`,
      { line1: '2 Flax Court', postcode: 'NS2 7QD' },
      { 'idempotency-key': 'ellie-move-1' },
    );
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(again.json().id, first.json().id);
    const name = await call('sam.okafor', 'POST', `${url}/names`, { kind: 'preferred', givenName: 'Ells' });
    assert.equal(name.statusCode, 201, name.body);
    const identifier = await call('sam.okafor', 'POST', `${url}/identifiers`, { kind: 'upn', value: 'B801200005001' });
    assert.equal(identifier.statusCode, 201, identifier.body);
    const ended = await call('sam.okafor', 'POST', `${url}/identifiers/${identifier.json().id}/end`, {
      reason: 'Recorded on the wrong child',
    });
    assert.equal(ended.statusCode, 200, ended.body);
    assert.ok(ended.json().endedAt);
    const details = (await call('sam.okafor', 'GET', url)).json();
    assert.equal(details.addresses.length, 1);
    assert.ok(details.names.some((entry: { kind: string; givenName: string }) => entry.kind === 'preferred' && entry.givenName === 'Ells'));
    assertProblem(await call('tom.fletcher', 'POST', `${url}/names`, { kind: 'alias', givenName: 'Ells' }), 404, 'NOT_FOUND');
  });

  it('every new route is in the OpenAPI document', async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const path of [
      '/api/v1/people/matches',
      '/api/v1/people/{id}/corrections',
      '/api/v1/people/{id}/history',
      '/api/v1/people/{id}/names',
      '/api/v1/people/{id}/identifiers',
      '/api/v1/people/{id}/identifiers/{identifierId}/end',
      '/api/v1/people/{id}/addresses',
    ]) {
      assert.ok(document.paths[path], `${path} is documented`);
    }
    const create = document.paths['/api/v1/people/'].post.requestBody.content['application/json'].schema;
    assert.ok(create.properties.identifiers && create.properties.ethnicityCode.enum.includes('WBRI'));
  });
});
