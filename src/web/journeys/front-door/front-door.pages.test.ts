import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { seedDemoFamilies } from '../../../demo/families.ts';
import { createTestApp, createTestContext, type TestContext } from '../../../testing/test-context.ts';
import { pageBrowser, textOf } from '../../web-test-helpers.ts';

describe('Hannah refers Ellie through the front door in the browser; Marcus triages and decides', () => {
  let context: TestContext;
  let app: FastifyInstance;
  let ellie: string;
  let referralId: string;

  async function referralCount(): Promise<number> {
    return (
      (await sql<{ n: number }>`select count(*)::int as n from referral where status <> 'draft'`.execute(context.handle.db)).rows[0]?.n ?? 0
    );
  }

  before(async () => {
    context = await createTestContext();
    await seedDemoFamilies(context.services);
    app = await createTestApp(context);
    const sam = await context.actor('sam.okafor');
    ellie = (await context.services.people.listPeople(sam, { name: 'Ellie' }))[0]?.id as string;
  });
  after(async () => {
    await app.close();
    await context.close();
  });

  it('Hannah adds “Elly Hartwel” at intake: Ellie is offered with how likely it is and why, before anyone new is made', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('hannah.reid');
    const blank = await browser.get('/referrals/new?kind=child');
    const formToken = /name="formToken" value="([^"]+)"/.exec(blank.body)?.[1] as string;
    const people = async () => (await sql<{ n: number }>`select count(*)::int as n from person`.execute(context.handle.db)).rows[0]?.n;
    const before = await people();
    const checked = await browser.post('/referrals/new?kind=child', {
      kind: 'child',
      formToken,
      subjectCount: '0',
      newGivenName: 'Elly',
      newFamilyName: 'Hartwel',
      'newDateOfBirth-day': '12',
      'newDateOfBirth-month': '4',
      'newDateOfBirth-year': '2019',
      newKind: 'child',
      action: 'create',
    });
    assert.equal(checked.statusCode, 200);
    const text = textOf(checked.body);
    assert.match(text, /Ellie Hartwell \(Child, born [^)]+\): Very likely the same person \(\d+\.\d%\)/);
    assert.match(text, /Why we think this might be them.*Given name: Elly and Ellie, sound the same/);
    assert.match(checked.body, new RegExp(`name="action" value="add:${ellie}"`));
    assert.match(checked.body, /value="create-confirmed"/);
    assert.doesNotMatch(text, /held by another agency/);
    assert.equal(await people(), before, 'nobody new until she decides');
  });

  it('Hannah finds Ellie, saves a draft, is told what is missing, then submits once however often she clicks', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('hannah.reid');
    const blank = await browser.get('/referrals/new?kind=child');
    assert.equal(blank.statusCode, 200);
    const formToken = /name="formToken" value="([^"]+)"/.exec(blank.body)?.[1] as string;
    const base = {
      kind: 'child',
      formToken,
      subjectCount: '0',
      referrerName: 'Hannah Reid',
      referrerOrganisation: 'Ashford Primary School',
    };
    const found = await browser.post('/referrals/new?kind=child', { ...base, findName: 'Ellie Hartwell', action: 'find' });
    assert.equal(found.statusCode, 200);
    assert.match(textOf(found.body), /Ellie Hartwell/);
    const draftPath = /action="(\/referrals\/drafts\/[0-9a-f-]+)"/.exec(found.body)?.[1] as string;
    assert.ok(draftPath, 'the search saved a draft');
    const added = await browser.post(draftPath, { ...base, action: `add:${ellie}` });
    assert.equal(added.statusCode, 200);
    assert.match(added.body, new RegExp(`name="subjects.0.personId" value="${ellie}"`));

    const filled = {
      ...base,
      subjectCount: '1',
      'subjects.0.personId': ellie,
      'subjects.0.role': 'subject',
      referrerPhone: '01632 960001',
      referrerEmail: 'hannah.reid@ashford.example',
      receivingTeamId: /<option value="([0-9a-f-]+)" selected>Multi-Agency Safeguarding Hub/.exec(blank.body)?.[1] as string,
      concern: 'Ellie has a bruise on her arm and says Dean grabbed her.',
      immediateDanger: 'no',
      parentConsent: 'not_sought',
      earlyHelpPlanOpen: 'no',
    };
    const before = await referralCount();
    const missing = await browser.post(draftPath, { ...filled, action: 'submit' });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /govuk-error-summary/);
    assert.match(textOf(missing.body), /give the reason for sharing without consent/);
    assert.match(missing.body, /href="#withoutConsentReason"/);
    assert.equal(await referralCount(), before);

    const complete = { ...filled, withoutConsentReason: 'Asking may put Ellie at risk', action: 'submit' };
    const sent = await browser.post(draftPath, complete);
    assert.equal(sent.statusCode, 303);
    referralId = /\/referrals\/([0-9a-f-]+)\?received=1/.exec(String(sent.headers.location))?.[1] as string;
    assert.ok(referralId);
    const again = await browser.post(draftPath, complete);
    assert.equal(again.statusCode, 303);
    assert.equal(String(again.headers.location), `/referrals/${referralId}`);
    assert.equal(await referralCount(), before + 1);
  });

  it('Marcus sees Ellie’s brother, who is not on the referral, at the top of the page, before the referral itself', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('marcus.bell');
    const page = await browser.get(`/referrals/${referralId}`);
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /Who else is in the household/);
    assert.match(text, /Jayden Hartwell/);
    assert.match(text, /1 other child lives in the household/);
    assert.ok(text.indexOf('Who else is in the household') < text.indexOf('The referral'));
    assert.match(text, /Not rated yet/);
  });

  it('Hannah cannot decide: the page says so and nothing changes', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('hannah.reid');
    await browser.get(`/referrals/${referralId}`);
    const refused = await browser.post(`/referrals/${referralId}/decision`, {
      route: 'no_further_action',
      rationale: 'School will monitor',
    });
    assert.equal(refused.statusCode, 403);
    assert.match(refused.body, /govuk-error-summary/);
    assert.match(textOf(refused.body), /Only a MASH officer or team manager can decide on a referral/);
    assert.equal((await context.services.referrals.getReferral(await context.actor('marcus.bell'), referralId)).status, 'received');
  });

  it('Marcus must rate before deciding, gives a reason for the rating, then decides on a child and family assessment', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('marcus.bell');
    await browser.get(`/referrals/${referralId}`);
    const early = await browser.post(`/referrals/${referralId}/decision`, { route: 'child_and_family_assessment', rationale: 'Assess' });
    assert.equal(early.statusCode, 409);
    assert.match(textOf(early.body), /Rate the referral \(red, amber or green\) before deciding on it/);
    const noReason = await browser.post(`/referrals/${referralId}/rating`, { rating: 'amber', needsMash: 'yes', ratingRationale: '' });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /href="#ratingRationale"/);
    const rated = await browser.post(`/referrals/${referralId}/rating`, {
      rating: 'amber',
      needsMash: 'yes',
      ratingRationale: 'Injury and an unknown adult',
    });
    assert.equal(rated.statusCode, 303);
    const decided = await browser.post(`/referrals/${referralId}/decision`, {
      route: 'child_and_family_assessment',
      rationale: 'Assess the household, including Dean',
    });
    assert.equal(decided.statusCode, 303);
    const page = await browser.get(String(decided.headers.location));
    const text = textOf(page.body);
    assert.match(text, /The decision has been recorded/);
    assert.match(text, /Child and family assessment .* open, due/);
    const queue = await browser.get('/front-door');
    assert.match(textOf(queue.body), /Ellie Hartwell/);
  });
});
