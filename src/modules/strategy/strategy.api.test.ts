import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { decidedReferral, FULL_ATTENDANCE, teamId } from '../../testing/strategy-fixtures.ts';
import { createTestApp, createTestContext, type TestContext } from '../../testing/test-context.ts';

type TestApp = FastifyInstance & { tokenFor(name: string): Promise<string> };

describe('The strategy discussion API, as the MASH case system uses it', () => {
  let context: TestContext;
  let app: TestApp;
  let referralId: string;

  async function call(name: string, method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) {
    return app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${await app.tokenFor(name)}`, ...headers },
      ...(payload === undefined ? {} : { payload: payload as string }),
    });
  }

  const body = () => ({
    referralId,
    kind: 'discussion',
    heldAt: '2026-12-17T10:00:00Z',
    chair: 'Priya Nair',
    attendees: [FULL_ATTENDANCE[0], FULL_ATTENDANCE[1]],
    immediateRiskConsidered: true,
    immediateRiskAction: 'Police to visit tonight',
    viewsEstablished: true,
    harmSuspected: true,
    outcome: 'Section 47 enquiry to start',
  });

  before(async () => {
    context = await createTestContext();
    app = await createTestApp(context);
    context.clock.set('2026-12-17T12:00:00Z');
    const sam = await context.actor('sam.okafor');
    const ellieId = (await context.services.people.listPeople(sam, { name: 'Ellie' }))[0]?.id as string;
    referralId = await decidedReferral(context, {
      kind: 'child',
      team: 'Assessment Team East',
      personIds: [ellieId],
      receivedAt: '2026-12-16T15:00:00Z',
    });
  });
  after(async () => {
    await app.close();
    await context.close();
  });

  it('records a discussion once however often it is retried, flags health missing, adds an action, and starts section 47', async () => {
    const first = await call('priya.nair', 'POST', '/api/v1/strategy-discussions', body(), { 'idempotency-key': 'sd-ellie-1' });
    assert.equal(first.statusCode, 201, first.body);
    const again = await call('priya.nair', 'POST', '/api/v1/strategy-discussions', body(), { 'idempotency-key': 'sd-ellie-1' });
    assert.equal(again.json().id, first.json().id);
    const discussion = first.json();
    assert.deepEqual(discussion.missingAgencies, ['health']);
    assert.equal(discussion.onTime, true);

    const listed = await call('sam.okafor', 'GET', `/api/v1/referrals/${referralId}/strategy-discussions`);
    assert.deepEqual(
      listed.json().items.map((item: { id: string }) => item.id),
      [discussion.id],
    );

    const action = await call('priya.nair', 'POST', `/api/v1/strategy-discussions/${discussion.id}/actions`, {
      description: 'Health visitor to share records',
      ownerName: 'Aisha Rahman',
      ownerAgency: 'Northshire Community Health',
      dueOn: '2026-12-18',
    });
    assert.equal(action.statusCode, 201, action.body);

    const started = await call('priya.nair', 'POST', `/api/v1/strategy-discussions/${discussion.id}/section-47-enquiries`, {
      leadSocialWorker: 'Sam Okafor',
    });
    assert.equal(started.statusCode, 201, started.body);
    assert.equal(started.json().icpcDueOn, '2027-01-12');
    const read = await call('sam.okafor', 'GET', `/api/v1/section-47-enquiries/${started.json().id}`);
    assert.equal(read.json().icpcWorkingDaysLeft, 15);
    const police = await call('tom.fletcher', 'GET', `/api/v1/section-47-enquiries/${started.json().id}`);
    assert.equal(police.statusCode, 404);
  });

  it('bad input is problem+json with located fields; a date before the referral is refused', async () => {
    const bad = await call('priya.nair', 'POST', '/api/v1/strategy-discussions', { ...body(), kind: 'chat', heldAt: 'yesterday' });
    assert.equal(bad.statusCode, 400);
    assert.match(String(bad.headers['content-type']), /problem\+json/);
    const fields = (bad.json().errors as Array<{ field: string }>).map((error) => error.field);
    assert.ok(fields.includes('kind') && fields.includes('heldAt'), bad.body);
    const early = await call('priya.nair', 'POST', '/api/v1/strategy-discussions', { ...body(), heldAt: '2026-12-15T10:00:00Z' });
    assert.ok([400, 422].includes(early.statusCode), early.body);
    assert.match(early.body, /before the referral was received/);
  });

  it('serves the team figures to managers and the business unit, not to practitioners', async () => {
    const team = await teamId(context, 'Assessment Team East');
    const url = `/api/v1/strategy-discussions/audit?team=${team}&from=2026-12-01&to=2026-12-31`;
    const figures = await call('grace.mensah', 'GET', url);
    assert.equal(figures.statusCode, 200, figures.body);
    assert.equal(figures.json().discussions, 1);
    assert.equal(figures.json().figures.find((figure: { question: string }) => figure.question === 'agenciesInvolved').percentYes, 0);
    assert.equal((await call('sam.okafor', 'GET', url)).statusCode, 403);
  });

  it('the strategy resources are in the OpenAPI document', async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const path of [
      '/api/v1/strategy-discussions',
      '/api/v1/strategy-discussions/{id}',
      '/api/v1/referrals/{id}/strategy-discussions',
      '/api/v1/strategy-discussions/{id}/actions',
      '/api/v1/strategy-discussions/{id}/section-47-enquiries',
      '/api/v1/section-47-enquiries/{id}',
      '/api/v1/section-47-enquiries/{id}/conference',
      '/api/v1/strategy-discussions/audit',
    ]) {
      assert.ok(document.paths[path], `${path} is documented`);
    }
  });
});
