import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createTestApp, createTestContext, type TestContext } from '../testing/test-context.ts';

type TestApp = FastifyInstance & { tokenFor(name: string): Promise<string> };

/**
 * Sam's tablet loses signal on a home visit just after sending a new person record. The app retries
 * with the same Idempotency-Key: the record must exist once, however many times the request arrives.
 */
describe('Idempotency-Key: a retried POST writes once', () => {
  let context: TestContext;
  let app: TestApp;

  async function post(name: string, body: unknown, key?: string) {
    return app.inject({
      method: 'POST',
      url: '/api/v1/people',
      headers: { authorization: `Bearer ${await app.tokenFor(name)}`, ...(key === undefined ? {} : { 'idempotency-key': key }) },
      payload: body as Record<string, unknown>,
    });
  }

  async function peopleNamed(familyName: string): Promise<number> {
    const rows = await context.handle.db.selectFrom('person').select('id').where('family_name', '=', familyName).execute();
    return rows.length;
  }

  async function auditCount(action: string): Promise<number> {
    const rows = await context.handle.db.selectFrom('audit_event').select('seq').where('action', '=', action).execute();
    return rows.length;
  }

  before(async () => {
    context = await createTestContext();
    app = await createTestApp(context);
  });
  after(async () => {
    await app.close();
    await context.close();
  });

  it('the same key and body, sent three times, create one person and replay the first answer exactly', async () => {
    const body = { givenName: 'Ruby', familyName: 'Okonjo', dateOfBirth: '2022-01-15' };
    const createdBefore = await auditCount('person.created');

    const first = await post('sam.okafor', body, 'visit-2026-11-23-ruby');
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.headers['idempotent-replayed'], undefined);

    for (const attempt of [2, 3]) {
      const retry = await post('sam.okafor', body, 'visit-2026-11-23-ruby');
      assert.equal(retry.statusCode, 201, `attempt ${attempt}`);
      assert.equal(retry.headers['idempotent-replayed'], 'true');
      assert.equal(retry.body, first.body, 'the same person, the same id');
      assert.equal(retry.headers.location, first.headers.location);
      assert.equal(retry.headers.etag, first.headers.etag);
      assert.match(String(retry.headers['content-type']), /^application\/json/);
    }

    assert.equal(await peopleNamed('Okonjo'), 1);
    assert.equal(await auditCount('person.created'), createdBefore + 1, 'one creation in the audit trail');
  });

  it('a retry whose body differs is refused with 422 and writes nothing', async () => {
    const first = await post('sam.okafor', { givenName: 'Leo', familyName: 'Ashworth' }, 'visit-leo');
    assert.equal(first.statusCode, 201);

    const changed = await post('sam.okafor', { givenName: 'Leon', familyName: 'Ashworth' }, 'visit-leo');
    assert.equal(changed.statusCode, 422);
    assert.match(String(changed.headers['content-type']), /^application\/problem\+json/);
    assert.equal(changed.json().code, 'IDEMPOTENCY_KEY_REUSED');
    assert.equal(await peopleNamed('Ashworth'), 1);
  });

  it('keys belong to one user: Aisha using the same key as Sam gets her own new record, never Sam’s stored answer', async () => {
    const body = { givenName: 'Noah', familyName: 'Pemberton' };
    const sams = await post('sam.okafor', body, 'shared-looking-key-1');
    assert.equal(sams.statusCode, 201);

    const aishas = await post('aisha.rahman', body, 'shared-looking-key-1');
    assert.equal(aishas.statusCode, 201, aishas.body);
    assert.equal(aishas.headers['idempotent-replayed'], undefined);
    assert.notEqual(aishas.json().id, sams.json().id);
    assert.equal(await peopleNamed('Pemberton'), 2);

    // Aisha's own retry replays her answer, not Sam's.
    const aishasRetry = await post('aisha.rahman', body, 'shared-looking-key-1');
    assert.equal(aishasRetry.json().id, aishas.json().id);
    assert.equal(await peopleNamed('Pemberton'), 2);
  });

  it('without a key every POST is a new request (the control: without the key, retries do duplicate)', async () => {
    const body = { givenName: 'Isla', familyName: 'Marchetti' };
    assert.equal((await post('sam.okafor', body)).statusCode, 201);
    assert.equal((await post('sam.okafor', body)).statusCode, 201);
    assert.equal(await peopleNamed('Marchetti'), 2);
  });

  it('a body refused by validation does not use up the key: the corrected form, sent with the same key, is created', async () => {
    const invalid = await post('sam.okafor', { givenName: '', familyName: 'Thornbury' }, 'form-1');
    assert.equal(invalid.statusCode, 400);
    const corrected = await post('sam.okafor', { givenName: 'Amos', familyName: 'Thornbury' }, 'form-1');
    assert.equal(corrected.statusCode, 201, corrected.body);
    assert.equal(corrected.headers['idempotent-replayed'], undefined);
    assert.equal(await peopleNamed('Thornbury'), 1);
  });

  it('a request refused by the service is stored like any answer: the retry is told the same, and nothing is written', async () => {
    const jayden = (await context.services.people.listPeople(await context.actor('sam.okafor'), { name: 'Jayden' }))[0];
    assert.ok(jayden);
    const restrict = async () =>
      app.inject({
        method: 'POST',
        url: `/api/v1/people/${jayden.id}/restriction`,
        headers: { authorization: `Bearer ${await app.tokenFor('sam.okafor')}`, 'idempotency-key': 'restrict-1' },
        payload: { reason: 'Parent is a member of staff in this team' },
      });
    const first = await restrict();
    assert.equal(first.statusCode, 403, 'a practitioner cannot restrict a record');
    const retry = await restrict();
    assert.equal(retry.statusCode, 403);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    assert.equal(retry.body, first.body);
    assert.equal((await context.services.people.getPerson(await context.actor('sam.okafor'), jayden.id)).isRestricted, false);
  });

  it('a key that is not 1 to 255 visible ASCII characters is refused with 400 naming the header', async () => {
    for (const key of ['has spaces in it', 'x'.repeat(256), 'clé']) {
      const response = await post('sam.okafor', { givenName: 'Freya', familyName: 'Lindqvist' }, key);
      assert.equal(response.statusCode, 400, key);
      assert.equal(response.json().errors?.[0]?.field, 'Idempotency-Key');
    }
    assert.equal(await peopleNamed('Lindqvist'), 0);
  });

  it('the key is ignored on reads, and on requests without a signed-in user', async () => {
    const token = await app.tokenFor('sam.okafor');
    const read = await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'read-1' },
    });
    assert.equal(read.statusCode, 200);
    const anonymous = await app.inject({
      method: 'POST',
      url: '/api/v1/people',
      headers: { 'idempotency-key': 'anon-1' },
      payload: { givenName: 'Zara', familyName: 'Quill' },
    });
    assert.equal(anonymous.statusCode, 401);
    const stored = await context.handle.db.selectFrom('idempotency_key').select('key').where('key', 'in', ['read-1', 'anon-1']).execute();
    assert.deepEqual(stored, []);
  });

  it('two identical requests racing with one key create one person: the second is told it is in flight or gets the replay', async () => {
    const body = { givenName: 'Oscar', familyName: 'Delacroix' };
    const [a, b] = await Promise.all([post('sam.okafor', body, 'race-1'), post('sam.okafor', body, 'race-1')]);
    const statuses = [a.statusCode, b.statusCode].sort();
    assert.ok((statuses[0] === 201 && statuses[1] === 201) || (statuses[0] === 201 && statuses[1] === 409), `got ${statuses.join(', ')}`);
    assert.equal(await peopleNamed('Delacroix'), 1);
  });
});
