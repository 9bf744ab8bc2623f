import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createTestApp, createTestContext, type TestContext } from '../../../testing/test-context.ts';
import { pageBrowser, textOf } from '../../web-test-helpers.ts';

describe('Sam keeps Ellie’s chronology in the browser', () => {
  let context: TestContext;
  let app: FastifyInstance;
  let ellieId: string;

  before(async () => {
    context = await createTestContext();
    app = await createTestApp(context);
    const sam = await context.actor('sam.okafor');
    ellieId = (await context.services.people.listPeople(sam, { name: 'Ellie' }))[0]?.id as string;
    const aisha = await context.actor('aisha.rahman');
    await context.services.chronology.recordEntry(aisha, {
      occurredAt: '2026-10-20T10:00',
      category: 'appointment_missed',
      summary: 'Missed her 2-year review.',
      nature: 'fact',
      significance: 'medium',
      personIds: [ellieId],
    });
    await context.services.chronology.recordEntry(aisha, {
      occurredAt: '2026-10-21T10:00',
      category: 'assessment',
      summary: 'Confidential clinic matter.',
      nature: 'fact',
      significance: 'low',
      sensitivity: 'confidential',
      personIds: [ellieId],
    });
  });
  after(async () => {
    await app.close();
    await context.close();
  });

  it('shows the chronology with each entry’s source, and says one entry is withheld', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('sam.okafor');
    const page = await browser.get(`/people/${ellieId}/chronology`);
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /Missed her 2-year review\./);
    assert.match(text, /Northshire Community Health NHS Trust/);
    assert.match(text, /1 entry is withheld/);
    assert.doesNotMatch(text, /Confidential clinic matter/);
  });

  it('a date range that ends before it starts is shown in an error summary, with the unfiltered chronology below', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('sam.okafor');
    const page = await browser.get(`/people/${ellieId}/chronology?from=2026-10-31&to=2026-10-01`);
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /govuk-error-summary/);
    assert.match(textOf(page.body), /The end date must be the same as or after the start date/);
    assert.match(textOf(page.body), /Missed her 2-year review\./);
  });

  it('a bad entry shows the GOV.UK error summary and writes nothing; a good one is added, then amended with the original kept', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('sam.okafor');
    await browser.get(`/people/${ellieId}/chronology/new`);
    const bad = await browser.post(`/people/${ellieId}/chronology/new`, {
      'occurredAt-day': '31',
      'occurredAt-month': '2',
      'occurredAt-year': '2026',
      category: '',
      summary: '',
      nature: 'fact',
      significance: 'low',
      personIds: ellieId,
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /govuk-error-summary/);
    assert.match(textOf(bad.body), /Enter a real date and time/);
    assert.match(bad.body, /href="#occurredAt-day"/);
    const added = await browser.post(`/people/${ellieId}/chronology/new`, {
      'occurredAt-day': '18',
      'occurredAt-month': '11',
      'occurredAt-year': '2026',
      occurredTime: '16:20',
      category: 'home_visit',
      summary: 'Home visit. Ellie seen alone; bruise on left forearm, said she fell.',
      nature: 'fact',
      significance: 'high',
      sensitivity: 'standard',
      personIds: ellieId,
    });
    assert.equal(added.statusCode, 303, added.body);
    const entryUrl = String(added.headers.location).split('?')[0] as string;
    const entryPage = await browser.get(String(added.headers.location));
    assert.match(textOf(entryPage.body), /The entry has been added/);
    assert.match(textOf(entryPage.body), /18 November 2026 at 16:20 — Home visit/);
    await browser.get(`${entryUrl}/amend`);
    const amendment = {
      'occurredAt-day': '18',
      'occurredAt-month': '11',
      'occurredAt-year': '2026',
      occurredTime: '16:20',
      category: 'home_visit',
      summary: 'Home visit. Ellie seen alone; bruise on left forearm, said “Dean grabbed me”.',
      nature: 'fact',
      significance: 'high',
      sensitivity: 'standard',
    };
    const noReason = await browser.post(`${entryUrl}/amend`, { ...amendment, reason: '' });
    assert.equal(noReason.statusCode, 400);
    assert.match(textOf(noReason.body), /Give the reason for the amendment/);
    const amended = await browser.post(`${entryUrl}/amend`, { ...amendment, reason: 'Corrected what Ellie said, from my notebook' });
    assert.equal(amended.statusCode, 303, amended.body);
    const history = textOf((await browser.get(String(amended.headers.location))).body);
    assert.match(history, /History of this entry/);
    assert.match(history, /said she fell/, 'the original is still visible');
    assert.match(history, /Dean grabbed me/);
    assert.match(history, /Corrected what Ellie said, from my notebook/);
  });

  it('downloads the chronology as a PDF', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('sam.okafor');
    const pdf = await browser.get(`/people/${ellieId}/chronology/export.pdf?view=family`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
  });

  it('Ellie’s voice page warns she has not been heard alone, then records her words', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('sam.okafor');
    const before = textOf((await browser.get(`/people/${ellieId}/voice`)).body);
    assert.match(before, /has not been heard on their own in the last 21 days/);
    const recorded = await browser.post(`/people/${ellieId}/voice`, {
      'heardOn-day': '20',
      'heardOn-month': '11',
      'heardOn-year': '2026',
      method: 'seen_alone',
      heardIndividually: 'yes',
      words: 'I want Nanny to come to my party',
      isVerbatim: 'yes',
    });
    assert.equal(recorded.statusCode, 303, recorded.body);
    const after = textOf((await browser.get(`/people/${ellieId}/voice`)).body);
    assert.match(after, /“I want Nanny to come to my party”/);
    assert.doesNotMatch(after, /has not been heard on their own/);
  });

  it('Tom in the police, with no involvement, gets “page not found” for Ellie’s chronology', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('tom.fletcher');
    assert.equal((await browser.get(`/people/${ellieId}/chronology`)).statusCode, 404);
    assert.equal((await browser.get(`/people/${ellieId}/chronology/export.pdf`)).statusCode, 404);
  });
});
