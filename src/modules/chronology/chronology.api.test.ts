import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createTestApp, createTestContext, type TestContext } from '../../testing/test-context.ts';

type TestApp = FastifyInstance & { tokenFor(name: string): Promise<string> };

describe('The chronology API, as Ashford Primary’s and the health trust’s systems use it', () => {
  let context: TestContext;
  let app: TestApp;
  let ellieId: string;

  async function call(name: string, method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) {
    return app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${await app.tokenFor(name)}`, ...headers },
      ...(payload === undefined ? {} : { payload: payload as string }),
    });
  }

  before(async () => {
    context = await createTestContext();
    app = await createTestApp(context);
    const sam = await context.actor('sam.okafor');
    ellieId = (await context.services.people.listPeople(sam, { name: 'Ellie' }))[0]?.id as string;
  });
  after(async () => {
    await app.close();
    await context.close();
  });

  it('records an entry once however often the school’s system retries it, then lists it with its source', async () => {
    const body = {
      occurredAt: '2026-11-12T09:05',
      category: 'school_attendance',
      summary: 'Ellie arrived 50 minutes late; said Mum was asleep.',
      nature: 'fact',
      significance: 'medium',
      personIds: [ellieId],
    };
    const first = await call('hannah.reid', 'POST', '/api/v1/chronology-entries', body, { 'idempotency-key': 'ashford-2026-11-12-001' });
    assert.equal(first.statusCode, 201, first.body);
    const retry = await call('hannah.reid', 'POST', '/api/v1/chronology-entries', body, { 'idempotency-key': 'ashford-2026-11-12-001' });
    assert.equal(retry.json().id, first.json().id);
    const page = await call('sam.okafor', 'GET', `/api/v1/people/${ellieId}/chronology?category=school_attendance,home_visit`);
    assert.equal(page.statusCode, 200, page.body);
    assert.equal(page.json().total, 1);
    assert.equal(page.json().entries[0].sourceAgencyName, 'Ashford Primary School');
  });

  it('bad input is problem+json with located fields; an amendment needs a reason', async () => {
    const bad = await call('hannah.reid', 'POST', '/api/v1/chronology-entries', {
      occurredAt: '2026-13-01',
      category: 'gossip',
      summary: 'x',
      nature: 'fact',
      significance: 'low',
      personIds: [ellieId],
    });
    assert.equal(bad.statusCode, 400);
    assert.match(String(bad.headers['content-type']), /problem\+json/);
    const fields = (bad.json().errors as Array<{ field: string }>).map((error) => error.field);
    assert.ok(fields.includes('occurredAt') && fields.includes('category'), bad.body);
    const [entry] = (await call('sam.okafor', 'GET', `/api/v1/people/${ellieId}/chronology`)).json().entries;
    const noReason = await call('hannah.reid', 'POST', `/api/v1/chronology-entries/${entry.id}/amendments`, { summary: 'Changed' });
    assert.equal(noReason.statusCode, 400);
    const amended = await call('hannah.reid', 'POST', `/api/v1/chronology-entries/${entry.id}/amendments`, {
      summary: 'Ellie arrived 50 minutes late; said Mum was asleep and she had no breakfast.',
      reason: 'Teacher added what Ellie said about breakfast',
    });
    assert.equal(amended.statusCode, 201, amended.body);
    const history = await call('sam.okafor', 'GET', `/api/v1/chronology-entries/${amended.json().id}/history`);
    assert.equal(history.json().items.length, 2);
  });

  it('imports a CSV: a bad file is 422 with every bad line, a clean dry run writes nothing', async () => {
    const header = 'occurred_at,approximate,category,summary,nature,significance,sensitivity,person_ids,source_reference';
    const badFile = `${header}\n2026-10-01,no,home_visit,Fine,fact,low,,${ellieId},CH-1\n2026-10-02,no,nonsense,Bad,fact,low,,${ellieId},CH-2\n`;
    const bad = await call('aisha.rahman', 'POST', '/api/v1/chronology-imports', badFile, { 'content-type': 'text/csv' });
    assert.equal(bad.statusCode, 422, bad.body);
    assert.deepEqual(
      bad.json().errors.map((error: { line: number }) => error.line),
      [3],
    );
    const good = `${header}\n2026-10-01,no,home_visit,Fine,fact,low,,${ellieId},CH-1\n`;
    const dry = await call('aisha.rahman', 'POST', '/api/v1/chronology-imports?dryRun=true', good, { 'content-type': 'text/csv' });
    assert.deepEqual(dry.json(), { rows: 1, imported: 0, dryRun: true, errors: [] });
    const real = await call('aisha.rahman', 'POST', '/api/v1/chronology-imports', good, { 'content-type': 'text/csv' });
    assert.equal(real.json().imported, 1);
  });

  it('exports a PDF and a CSV as attachments; the police get 404 for a child they do not work with', async () => {
    const pdf = await call('sam.okafor', 'GET', `/api/v1/people/${ellieId}/chronology/export?format=pdf`);
    assert.equal(pdf.statusCode, 200, pdf.body.slice(0, 200));
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.match(String(pdf.headers['content-disposition']), /attachment; filename="chronology-2026-11-23\.pdf"/);
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    const csv = await call('sam.okafor', 'GET', `/api/v1/people/${ellieId}/chronology/export?format=csv&family=true`);
    assert.match(csv.body, /Ashford Primary School/);
    const police = await call('tom.fletcher', 'GET', `/api/v1/people/${ellieId}/chronology/export?format=pdf`);
    assert.equal(police.statusCode, 404);
  });

  it('records and reads Ellie’s voice', async () => {
    const recorded = await call('sam.okafor', 'POST', `/api/v1/people/${ellieId}/voice`, {
      heardOn: '2026-11-20',
      method: 'seen_alone',
      heardIndividually: true,
      words: 'I want my own bed',
      isVerbatim: true,
    });
    assert.equal(recorded.statusCode, 201, recorded.body);
    const voice = await call('hannah.reid', 'GET', `/api/v1/people/${ellieId}/voice`);
    assert.equal(voice.json().lastHeardIndividuallyOn, '2026-11-20');
  });

  it('the chronology resources are in the OpenAPI document', async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const path of [
      '/api/v1/chronology-entries',
      '/api/v1/people/{id}/chronology',
      '/api/v1/chronology-imports',
      '/api/v1/people/{id}/voice',
    ]) {
      assert.ok(document.paths[path], `${path} is documented`);
    }
  });
});
