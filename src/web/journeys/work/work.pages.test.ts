import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { endOfUkDay } from '../../../modules/calendar/index.ts';
import { openWorkItem, type WorkItem } from '../../../modules/work/index.ts';
import { withTransaction } from '../../../platform/database/transaction.ts';
import { newId } from '../../../platform/ids.ts';
import { createTestApp, createTestContext, type TestContext } from '../../../testing/test-context.ts';
import { pageBrowser, textOf } from '../../web-test-helpers.ts';

describe('Priya finds Sam’s overdue work in the manager’s tray and moves it', () => {
  let context: TestContext;
  let app: FastifyInstance;
  let teamId: string;
  let overdue: WorkItem;
  let unallocated: WorkItem;

  before(async () => {
    context = await createTestContext();
    app = await createTestApp(context);
    const sam = await context.actor('sam.okafor');
    teamId = sam.teamIds[0] as string;
    const ellieId = (await context.services.people.listPeople(sam, { name: 'Ellie' }))[0]?.id as string;
    const open = (dueOn: string, holderUserId: string | null, personId: string | null) =>
      withTransaction(context.handle.db, (tx) =>
        openWorkItem(tx, context.clock, {
          partnershipId: sam.partnershipId as string,
          kind: 'child_and_family_assessment',
          title: 'Complete the assessment',
          personId,
          referenceType: 'referral',
          referenceId: newId(),
          teamId,
          holderUserId,
          dueAt: endOfUkDay(dueOn),
          clockLabel: '45 working days from referral',
        }),
      );
    overdue = await open('2026-11-18', sam.userId, ellieId);
    unallocated = await open('2026-11-24', null, null);
  });
  after(async () => {
    await app.close();
    await context.close();
  });

  it('shows the overdue item with a red tag, its working days and holder, and links the tray from the navigation', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('priya.nair');
    const home = await browser.get('/');
    assert.match(home.body, /href="\/work"[^>]*>\s*Work tray/);
    const page = await browser.get('/work/manager');
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /Who holds what/);
    assert.match(text, /Assessment Team East Sam Okafor 1 0 0/);
    assert.match(page.body, /govuk-tag--red[^>]*>\s*Overdue/);
    assert.match(text, /3 working days overdue/);
    assert.match(text, /Ellie Hartwell/);
    const overdueTab = await browser.get(`/work/team/${teamId}?state=overdue`);
    assert.match(textOf(overdueTab.body), /Overdue \(1\)/);
    assert.doesNotMatch(textOf(overdueTab.body), /due in 1 working day/);
  });

  it('refuses a reallocation without a choice with an error summary, then moves the work and says so', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('priya.nair');
    await browser.get(`/work/items/${overdue.id}`);
    const empty = await browser.post(`/work/items/${overdue.id}/allocation`, { version: String(overdue.version) });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /govuk-error-summary/);
    assert.match(textOf(empty.body), /Choose who should hold this work/);
    const priyaId = (await context.actor('priya.nair')).userId as string;
    const moved = await browser.post(`/work/items/${overdue.id}/allocation`, { version: String(overdue.version), holder: priyaId });
    assert.equal(moved.statusCode, 303);
    const after = await browser.get(moved.headers.location as string);
    assert.match(textOf(after.body), /This work is now held by Priya Nair/);
    // The same form sent again is stale: an error summary, and nothing changes.
    const stale = await browser.post(`/work/items/${overdue.id}/allocation`, { version: String(overdue.version), holder: 'unallocated' });
    assert.equal(stale.statusCode, 400);
    assert.match(textOf(stale.body), /Someone else changed this work/);
    assert.equal((await context.services.work.item(await context.actor('priya.nair'), overdue.id)).holderName, 'Priya Nair');
  });

  it('lets Sam take unallocated work, and refuses him a manager’s view', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('sam.okafor');
    const item = await browser.get(`/work/items/${unallocated.id}`);
    assert.match(textOf(item.body), /Assign to me/);
    assert.doesNotMatch(textOf(item.body), /Who should hold this work/);
    const taken = await browser.post(`/work/items/${unallocated.id}/take`, { version: String(unallocated.version) });
    assert.equal(taken.statusCode, 303);
    const mine = textOf((await browser.get('/work')).body);
    assert.match(mine, /Child and family assessment due/);
    assert.match(mine, /due in 1 working day/);
    const manager = await browser.get('/work/manager');
    assert.equal(manager.statusCode, 403);
  });
});
