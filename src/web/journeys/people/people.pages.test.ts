import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createTestApp, createTestContext, type TestContext } from '../../../testing/test-context.ts';
import { pageBrowser, textOf } from '../../web-test-helpers.ts';

describe('Finding, adding and correcting people in the browser', () => {
  let context: TestContext;
  let app: FastifyInstance;
  let ellieId: string;

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
    const sam = await context.actor('sam.okafor');
    ellieId = (await context.services.people.listPeople(sam, { name: 'Ellie' }))[0]?.id as string;
    await context.services.people.createPerson(sam, { givenName: 'William', familyName: 'Hartwell', dateOfBirth: '1987-05-09' });
  });
  after(async () => {
    await app.close();
    await context.close();
  });

  it('Sam finds “Bill Hartwel” from the home page, and the results say why each person matched', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('sam.okafor');
    assert.match((await browser.get('/')).body, /href="\/people\/search"/);
    const page = await browser.post('/people/search', { name: 'Bill Hartwel' });
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /William Hartwell/);
    assert.match(text, /“Bill” is a nickname of William/);
    assert.match(text, /Hartwell (sounds|is spelt) like “Hartwel”/);
    assert.doesNotMatch(text, /Ellie Hartwell/, 'a different given name is not a match');
  });

  it('searching by date of birth uses the GOV.UK date boxes; a half-filled date is a located error', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('sam.okafor');
    const found = await browser.post('/people/search', { 'dateOfBirth-day': '12', 'dateOfBirth-month': '4', 'dateOfBirth-year': '2019' });
    assert.match(textOf(found.body), /Ellie Hartwell.*Same date of birth/);
    const half = await browser.post('/people/search', { 'dateOfBirth-day': '12', 'dateOfBirth-month': '', 'dateOfBirth-year': '2019' });
    assert.equal(half.statusCode, 400);
    assert.match(half.body, /govuk-error-summary/);
    assert.match(half.body, /href="#dateOfBirth-day"/);
  });

  it('Tom, a police officer with no involvement, searches for Ellie and finds nobody', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('tom.fletcher');
    const page = await browser.post('/people/search', { name: 'Ellie Hartwell' });
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(textOf(page.body), /Ellie Hartwell/);
    assert.match(textOf(page.body), /Nobody you work with matches/);
  });

  it('Hannah adds “Elly Hartwell”: she is asked “is it one of these?”, sees Ellie, and can still create a new record', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('hannah.reid');
    await browser.get('/people/new');
    const form = {
      givenName: 'Elly',
      familyName: 'Hartwell',
      'dateOfBirth-day': '12',
      'dateOfBirth-month': '4',
      'dateOfBirth-year': '2019',
      postcode: 'ns1 4ab',
      addressLine1: '14 Cooper Street',
    };
    const before = await countPeople();
    const check = await browser.post('/people/new', form);
    assert.equal(check.statusCode, 200);
    const text = textOf(check.body);
    assert.match(text, /Is it one of these people\?/);
    assert.match(text, /Ellie Hartwell How likely Very likely the same person \(\d+\.\d%\)/);
    assert.match(check.body, /<details class="govuk-details[^"]*"/);
    assert.match(
      text,
      /Why we think this might be them.*Date of birth: 12\/04\/2019, the same on both: strong evidence they are the same person/,
    );
    assert.match(check.body, new RegExp(`href="/people/${ellieId}"`));
    assert.match(check.body, /name="confirmed" value="yes"/);
    assert.match(check.body, /name="dateOfBirth-day" value="12"/, 'what she typed is carried forward');
    assert.equal(await countPeople(), before, 'nothing is written before she decides');

    const carried = Object.fromEntries(
      [...check.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((match) => [match[1], match[2]]),
    );
    delete carried._csrf;
    const created = await browser.post('/people/new', carried as Record<string, string>);
    assert.equal(created.statusCode, 303);
    assert.match(String(created.headers.location), /^\/people\/[0-9a-f-]{36}\?created=1$/);
    assert.equal(await countPeople(), before + 1);
    const record = textOf((await browser.get(String(created.headers.location))).body);
    assert.match(record, /The record was created/);
    assert.match(record, /Elly Hartwell/);
    assert.match(record, /14 Cooper Street.*NS1 4AB/);
  });

  it('Tom, in the police, adds “Ellie Hartwell”: he is told a possible match is held elsewhere, and nothing about her', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('tom.fletcher');
    await browser.get('/people/new');
    const before = await countPeople();
    const check = await browser.post('/people/new', {
      givenName: 'Ellie',
      familyName: 'Hartwell',
      'dateOfBirth-day': '12',
      'dateOfBirth-month': '4',
      'dateOfBirth-year': '2019',
    });
    assert.equal(check.statusCode, 200);
    const text = textOf(check.body);
    assert.match(text, /Check with the MASH first/);
    assert.match(
      check.body,
      /govuk-inset-text[^>]*>\s*A possible match is held by another agency\. Ask the MASH before you create a new record\./,
    );
    assert.doesNotMatch(check.body, new RegExp(ellieId), 'not her record');
    assert.doesNotMatch(text, /How likely|Why we think/, 'no score, no explanation');
    assert.match(check.body, /name="confirmed" value="yes"/, 'he may still create the record');
    assert.equal(await countPeople(), before);
  });

  it('bad input shows a GOV.UK error summary linked to each field, keeps what was typed, and writes nothing', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('sam.okafor');
    await browser.get('/people/new');
    const before = await countPeople();
    const response = await browser.post('/people/new', {
      givenName: '',
      familyName: 'Pryor',
      'dateOfBirth-day': '30',
      'dateOfBirth-month': '2',
      'dateOfBirth-year': '2022',
      nhsNumber: '943 476 5918',
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /govuk-error-summary/);
    assert.match(response.body, /href="#givenName"[^>]*>\s*Enter the given name/);
    assert.match(response.body, /href="#dateOfBirth-day"[^>]*>\s*Enter a real date/);
    assert.match(response.body, /href="#nhsNumber"[^>]*>\s*The NHS number is not valid/);
    assert.match(response.body, /value="943 476 5918"/);
    assert.match(response.body, /<title>Error: Add a person/);
    assert.equal(await countPeople(), before);
  });

  it('Sam corrects Ellie’s date of birth: a reason is required, and the original stays visible on her page', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('sam.okafor');
    const page = await browser.get(`/people/${ellieId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /govuk-service-navigation__item--active/, 'the person’s tabs, on Details');
    const version = /name="version" value="(\d+)"/.exec(page.body)?.[1] as string;
    const correction = {
      version,
      'correct-kind': 'child',
      'correct-givenName': 'Ellie',
      'correct-familyName': 'Hartwell',
      'correct-dateOfBirth-day': '21',
      'correct-dateOfBirth-month': '4',
      'correct-dateOfBirth-year': '2019',
    };
    const refused = await browser.post(`/people/${ellieId}/corrections`, { ...correction, 'correct-reason': '' });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /href="#correct-reason"[^>]*>\s*Explain in at least 10 characters/);
    assert.match(refused.body, /<details class="govuk-details" open>/, 'the form with the problem is open');
    assert.equal((await context.services.people.getPerson(await context.actor('sam.okafor'), ellieId)).dateOfBirth, '2019-04-12');

    const saved = await browser.post(`/people/${ellieId}/corrections`, {
      ...correction,
      'correct-reason': 'Birth certificate seen at the home visit',
    });
    assert.equal(saved.statusCode, 303);
    const text = textOf((await browser.get(saved.headers.location as string)).body);
    assert.match(text, /The correction was saved/);
    assert.match(text, /Date of birth 2019-04-21 Corrected on 2026-11-23: originally 2019-04-12/);
    assert.match(text, /Date of birth 2019-04-12 2019-04-21 Correction Birth certificate seen at the home visit/);
  });

  it('a change made on the page is kept in the history with the value it replaced', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('sam.okafor');
    const page = await browser.get(`/people/${ellieId}`);
    const version = /name="version" value="(\d+)"/.exec(page.body)?.[1] as string;
    const changed = await browser.post(`/people/${ellieId}/change`, {
      version,
      'change-kind': 'child',
      'change-givenName': 'Ellie',
      'change-familyName': 'Hartwell',
      'change-dateOfBirth-day': '21',
      'change-dateOfBirth-month': '4',
      'change-dateOfBirth-year': '2019',
      'change-firstLanguage': 'English',
    });
    assert.equal(changed.statusCode, 303, changed.body.slice(0, 2000));
    const text = textOf((await browser.get(`/people/${ellieId}`)).body);
    assert.match(text, /First language Not recorded English Change/);
    const stale = await browser.post(`/people/${ellieId}/change`, {
      version,
      'change-givenName': 'Ellie',
      'change-familyName': 'Hartwell',
      'change-firstLanguage': 'Polish',
    });
    assert.equal(stale.statusCode, 400);
    assert.match(textOf(stale.body), /Someone else changed this record after you opened it/);
  });

  it('a new address is added on the page; a malformed postcode is refused at its field', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('sam.okafor');
    await browser.get(`/people/${ellieId}`);
    const bad = await browser.post(`/people/${ellieId}/addresses`, { 'address-line1': '2 Flax Court', 'address-postcode': 'FLAX' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#address-postcode"/);
    const saved = await browser.post(`/people/${ellieId}/addresses`, { 'address-line1': '2 Flax Court', 'address-postcode': 'ns2 7qd' });
    assert.equal(saved.statusCode, 303);
    assert.match(textOf((await browser.get(`/people/${ellieId}`)).body), /2 Flax Court NS2 7QD 2026-11-23 Now/);
  });
});
