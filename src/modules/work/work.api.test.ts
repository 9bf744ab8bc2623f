import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { withTransaction } from '../../platform/database/transaction.ts';
import { newId } from '../../platform/ids.ts';
import { createTestApp, createTestContext, type TestContext } from '../../testing/test-context.ts';
import { endOfUkDay } from '../calendar/index.ts';
import { openWorkItem } from './index.ts';

type TestApp = FastifyInstance & { tokenFor(name: string): Promise<string> };

describe('The work-tray API, as the team’s dashboards use it', () => {
  let context: TestContext;
  let app: TestApp;
  let teamId: string;
  let itemId: string;
  let samId: string;

  async function call(name: string, method: 'GET' | 'POST', url: string, payload?: unknown) {
    return app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${await app.tokenFor(name)}` },
      ...(payload === undefined ? {} : { payload: payload as string }),
    });
  }

  before(async () => {
    context = await createTestContext();
    app = await createTestApp(context);
    const sam = await context.actor('sam.okafor');
    samId = sam.userId as string;
    teamId = sam.teamIds[0] as string;
    const ellieId = (await context.services.people.listPeople(sam, { name: 'Ellie' }))[0]?.id as string;
    itemId = (
      await withTransaction(context.handle.db, (tx) =>
        openWorkItem(tx, context.clock, {
          partnershipId: sam.partnershipId as string,
          kind: 'child_and_family_assessment',
          title: 'Complete the assessment',
          personId: ellieId,
          referenceType: 'referral',
          referenceId: newId(),
          teamId,
          dueAt: endOfUkDay('2026-11-20'),
          clockLabel: '45 working days from referral',
        }),
      )
    ).id;
  });
  after(async () => {
    await app.close();
    await context.close();
  });

  it('lists a team’s tray with counts, states and due text', async () => {
    const response = await call('priya.nair', 'GET', `/api/v1/work-tray?team=${teamId}&state=overdue`);
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.deepEqual(body.counts, { overdue: 1, dueSoon: 0, due: 0, total: 1 });
    assert.equal(body.items[0].id, itemId);
    assert.equal(body.items[0].dueText, '1 working day overdue');
    assert.equal(body.items[0].personName, 'Ellie Hartwell');
    assert.equal(body.items[0].holderName, null);
  });

  it('answers bad filters with problem+json naming the field, and a tray of another team with 403', async () => {
    const bad = await call('priya.nair', 'GET', `/api/v1/work-tray?team=${teamId}&state=late&kind=gossip`);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.headers['content-type'] as string, /application\/problem\+json/);
    const fields = bad.json().errors.map((error: { field: string }) => error.field);
    assert.ok(
      fields.some((field: string) => field.includes('state')),
      bad.body,
    );
    assert.ok(
      fields.some((field: string) => field.includes('kind')),
      bad.body,
    );
    const other = await call('tom.fletcher', 'GET', `/api/v1/work-tray?team=${teamId}`);
    assert.equal(other.statusCode, 403);
    const managerView = await call('sam.okafor', 'GET', '/api/v1/work-tray?manager=true');
    assert.equal(managerView.statusCode, 403);
  });

  it('lets a member take work; a practitioner moving it to someone else is 403, a stale version is 412', async () => {
    const taken = await call('sam.okafor', 'POST', `/api/v1/work-items/${itemId}/allocation`, { holderUserId: samId, version: 1 });
    assert.equal(taken.statusCode, 200, taken.body);
    assert.equal(taken.json().version, 2);
    const priyaId = (await context.actor('priya.nair')).userId;
    const practitioner = await call('sam.okafor', 'POST', `/api/v1/work-items/${itemId}/allocation`, { holderUserId: priyaId, version: 2 });
    assert.equal(practitioner.statusCode, 403);
    assert.equal(practitioner.json().code, 'FORBIDDEN');
    const moved = await call('priya.nair', 'POST', `/api/v1/work-items/${itemId}/allocation`, { holderUserId: priyaId, version: 2 });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.equal(moved.json().holderName, 'Priya Nair');
    assert.equal(moved.json().version, 3);
    const stale = await call('priya.nair', 'POST', `/api/v1/work-items/${itemId}/allocation`, { holderUserId: samId, version: 2 });
    assert.equal(stale.statusCode, 412);
    assert.equal(stale.json().code, 'STALE_VERSION');
    const noVersion = await call('priya.nair', 'POST', `/api/v1/work-items/${itemId}/allocation`, { holderUserId: null });
    assert.equal(noVersion.statusCode, 400);
    const mine = await call('priya.nair', 'GET', '/api/v1/work-tray?mine=true');
    assert.deepEqual(
      mine.json().items.map((item: { id: string }) => item.id),
      [itemId],
    );
  });

  it('is in the OpenAPI document under Work', async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    assert.deepEqual(document.paths['/api/v1/work-tray'].get.tags, ['Work']);
    assert.ok(document.paths['/api/v1/work-items/{id}/allocation'].post);
  });
});
