import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { decidedReferral } from '../../../testing/strategy-fixtures.ts';
import { createTestApp, createTestContext, type TestContext } from '../../../testing/test-context.ts';
import { pageBrowser, textOf } from '../../web-test-helpers.ts';

describe('Priya records a strategy meeting for Ellie in the browser and starts a section 47 enquiry', () => {
  let context: TestContext;
  let app: FastifyInstance;
  let referralId: string;

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

  const form = (overrides: Record<string, string> = {}) => ({
    kind: 'meeting',
    'heldAt-day': '17',
    'heldAt-month': '12',
    'heldAt-year': '2026',
    'heldAt-time': '10:00',
    chair: 'Priya Nair',
    'attendee-0-name': 'Marcus Bell',
    'attendee-0-agencyType': 'local_authority',
    'attendee-0-agencyName': 'Northshire Children’s Services',
    'attendee-0-role': 'MASH social worker',
    'attendee-1-name': 'Tom Fletcher',
    'attendee-1-agencyType': 'police',
    'attendee-1-agencyName': 'Northshire Police',
    'attendee-1-role': 'Detective constable',
    immediateRiskConsidered: 'yes',
    immediateRiskAction: 'Ellie stays with her grandmother tonight',
    viewsEstablished: 'no',
    viewsNotEstablishedReason: '',
    viewsPlan: '',
    harmSuspected: 'yes',
    outcome: 'Section 47 enquiry to start',
    ...overrides,
  });

  it('a discussion dated before the referral, or with views not established and no reason, shows the error summary and writes nothing', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('priya.nair');
    const page = await browser.get(`/referrals/${referralId}/strategy-discussions/new`);
    assert.equal(page.statusCode, 200);
    const missing = await browser.post(`/referrals/${referralId}/strategy-discussions/new`, form());
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /govuk-error-summary/);
    assert.match(textOf(missing.body), /Enter why the person’s views and wishes were not established/);
    assert.match(missing.body, /href="#viewsPlan"/);
    const early = await browser.post(
      `/referrals/${referralId}/strategy-discussions/new`,
      form({ 'heldAt-day': '15', viewsEstablished: 'yes' }),
    );
    assert.equal(early.statusCode, 400);
    assert.match(textOf(early.body), /before the referral was received/);
    assert.match(early.body, /href="#heldAt-day"/);
    const priya = await context.actor('priya.nair');
    assert.deepEqual(await context.services.strategy.listForReferral(priya, referralId), []);
  });

  it('records the meeting, shows the four answers and health missing, then the conference date in working days', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('priya.nair');
    await browser.get(`/referrals/${referralId}/strategy-discussions/new`);
    const recorded = await browser.post(
      `/referrals/${referralId}/strategy-discussions/new`,
      form({
        viewsNotEstablishedReason: 'Ellie was asleep when the police visited',
        viewsPlan: 'Sam to see Ellie alone at school tomorrow',
      }),
    );
    assert.equal(recorded.statusCode, 303, recorded.body);
    const location = String(recorded.headers.location);
    const page = await browser.get(location);
    const text = textOf(page.body);
    assert.match(text, /Strategy meeting held 17 Dec 2026 10:00/);
    assert.match(text, /On time/);
    assert.match(text, /Expected but not present: Health/);
    assert.match(text, /plan agreed: Sam to see Ellie alone at school tomorrow/);
    const id = location.split('/')[2]?.split('?')[0] as string;
    const started = await browser.post(`/strategy-discussions/${id}/section-47`, {});
    assert.equal(started.statusCode, 303, started.body);
    const confirmation = textOf((await browser.get(String(started.headers.location))).body);
    assert.match(confirmation, /ICPC due 12 January 2027 — in 15 working days/);
  });

  it('Grace sees the figures page with no names; Sam may not', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('grace.mensah');
    const page = await browser.get('/strategy/audit?from=2026-12-01&to=2026-12-31');
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /1 discussion held/);
    assert.doesNotMatch(text, /Ellie|Priya|Marcus/);
    const sam = pageBrowser(app);
    await sam.signInAs('sam.okafor');
    assert.equal((await sam.get('/strategy/audit')).statusCode, 403);
  });
});
