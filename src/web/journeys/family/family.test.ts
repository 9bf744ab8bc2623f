import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createTestApp, createTestContext, type TestContext } from '../../../testing/test-context.ts';
import { pageBrowser, textOf } from '../../web-test-helpers.ts';

describe('Ellie’s family page: who are the adults around her, and has anyone seen them?', () => {
  let context: TestContext;
  let app: FastifyInstance;
  let ellieId: string;
  let kayleighId: string;
  let deanId: string;

  before(async () => {
    context = await createTestContext();
    app = await createTestApp(context);
    const sam = await context.actor('sam.okafor');
    ellieId = (await context.services.people.listPeople(sam, { name: 'Ellie' }))[0]?.id as string;
    kayleighId = (
      await context.services.people.createPerson(sam, { givenName: 'Kayleigh', familyName: 'Hartwell', dateOfBirth: '1999-03-02' })
    ).id;
    deanId = (await context.services.people.createPerson(sam, { givenName: 'Dean', familyName: 'Marsh', dateOfBirth: '1994-07-19' })).id;
  });
  after(async () => {
    await app.close();
    await context.close();
  });

  it('before anything is recorded, the page says so and offers to record where Ellie lives', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('sam.okafor');
    const page = await browser.get(`/people/${ellieId}/family`);
    assert.equal(page.statusCode, 200, page.body);
    const text = textOf(page.body);
    assert.match(text, /Family and household/);
    assert.match(text, /No adults are recorded around Ellie yet/);
    assert.match(text, /Record where Ellie lives now/);
    assert.match(page.body, /aria-current="page"[^>]*>\s*<strong[^>]*>Family and household/);
  });

  it('Sam records the household and adds Kayleigh and Dean, then the relationships, all through the page’s forms', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('sam.okafor');
    await browser.get(`/people/${ellieId}/family`);
    const household = await browser.post(`/people/${ellieId}/family/households`, {
      label: 'Kayleigh Hartwell’s home',
      postcode: 'ns1 4ab',
      startsOn: '',
    });
    assert.equal(household.statusCode, 303, household.body);
    assert.equal(household.headers.location, `/people/${ellieId}/family?done=household#household-section`);

    let page = await browser.get(`/people/${ellieId}/family?done=household`);
    assert.match(textOf(page.body), /The household has been recorded/);
    assert.match(textOf(page.body), /Kayleigh Hartwell’s home, NS1 4AB/);
    const householdId = /name="householdId" value="([^"]+)"/.exec(page.body)?.[1] as string;
    assert.ok(householdId);
    assert.doesNotMatch(page.body, new RegExp(`<option value="${kayleighId}"`), 'only the family is offered until Sam searches');
    page = await browser.get(`/people/${ellieId}/family?find=Kayleigh`);
    assert.match(textOf(page.body), /1 person matches “Kayleigh”/);
    assert.match(page.body, new RegExp(`<option value="${kayleighId}"`), 'Kayleigh can be chosen');

    assert.equal(
      (
        await browser.post(`/people/${ellieId}/family/household-members`, {
          householdId,
          personId: kayleighId,
          role: 'resident',
          startsOn: '',
        })
      ).statusCode,
      303,
    );
    assert.equal(
      (
        await browser.post(`/people/${ellieId}/family/household-members`, {
          householdId,
          personId: deanId,
          role: 'present_not_related',
          startsOn: '2026-09-01',
        })
      ).statusCode,
      303,
    );
    const mother = await browser.post(`/people/${ellieId}/family/relationships`, {
      relatedPersonId: kayleighId,
      kind: 'mother',
      hasParentalResponsibility: 'yes',
      prEvidenceSeen: 'yes',
      prEvidenceNote: 'Birth certificate',
      startsOn: '',
    });
    assert.equal(mother.statusCode, 303, mother.body);

    page = await browser.get(`/people/${ellieId}/family`);
    const text = textOf(page.body);
    assert.match(text, /Adults around Ellie/);
    assert.match(text, /Kayleigh Hartwell Mother Yes, evidence seen Lives here \(Kayleigh Hartwell’s home\) Not seen Not assessed/);
    assert.match(text, /Dean Marsh Not related Does not apply Present, not related \(Kayleigh Hartwell’s home\) Not seen Not assessed/);
    assert.match(text, /2 of the adults around Ellie have not been seen/);
    assert.match(page.body, /govuk-tag--red[^>]*>\s*Not seen/);
    assert.match(page.body, /govuk-tag--orange[^>]*>\s*Not assessed/);
  });

  it('Sam records that Kayleigh was seen and assessed; Dean is still flagged', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('sam.okafor');
    let page = await browser.get(`/people/${ellieId}/family`);
    const target = /<option value="(household_member:[^"]+)"[^>]*>\s*Kayleigh Hartwell/.exec(page.body)?.[1];
    assert.ok(target, 'Kayleigh is offered in the seen-or-assessed form');
    const response = await browser.post(`/people/${ellieId}/family/checks`, {
      target,
      seenOn: '2026-11-20',
      assessedOn: '2026-11-21',
      note: 'Home visit by Sam',
    });
    assert.equal(response.statusCode, 303, response.body);
    page = await browser.get(`/people/${ellieId}/family`);
    const text = textOf(page.body);
    assert.match(text, /Kayleigh Hartwell Mother Yes, evidence seen Lives here \(Kayleigh Hartwell’s home\) 20 Nov 2026 21 Nov 2026/);
    assert.match(text, /1 of the adults around Ellie has not been seen/);
  });

  it('a relationship to herself is refused with a GOV.UK error summary that links to the field, keeping what was typed', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('sam.okafor');
    await browser.get(`/people/${ellieId}/family`);
    const response = await browser.post(`/people/${ellieId}/family/relationships`, {
      relatedPersonId: ellieId,
      kind: 'sibling',
      hasParentalResponsibility: 'not_known',
      prEvidenceNote: 'kept',
      startsOn: '',
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /govuk-error-summary/);
    assert.match(response.body, /href="#relationship-relatedPersonId"[^>]*>\s*A person cannot have a relationship with themselves/);
    assert.match(response.body, /<title>Error: Family and household/);
    assert.match(response.body, /id="relationship-prEvidenceNote" name="prEvidenceNote" type="text" value="kept"/);
    const none = await browser.post(`/people/${ellieId}/family/checks`, { target: '', note: '' });
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /href="#checks-target"/);
  });

  it('forms posted without the page’s token are refused', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('sam.okafor');
    const response = await browser.post(
      `/people/${ellieId}/family/relationships`,
      { relatedPersonId: deanId, kind: 'friend' },
      { withCsrf: false },
    );
    assert.equal(response.statusCode, 403);
  });

  it('shows the genogram and ecomap as accessible pictures, each followed by the same facts in words, and the agencies involved', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('sam.okafor');
    const page = await browser.get(`/people/${ellieId}/family`);
    assert.match(page.body, /<svg [^>]*id="genogram"[^>]*role="img" aria-labelledby="genogram-title genogram-desc"/);
    assert.match(page.body, /<svg [^>]*id="ecomap"[^>]*role="img"/);
    assert.doesNotMatch(page.body, /style="/, 'no inline styles: the content security policy forbids them');
    const text = textOf(page.body);
    assert.match(text, /The genogram in words/);
    assert.match(text, /Kayleigh Hartwell: mother of Ellie Hartwell \(PR, evidence seen\)\./);
    assert.match(text, /The ecomap in words/);
    assert.match(text, /Agencies and workers involved/);
    assert.match(text, /Ashford Primary School Agency involved/);
    assert.match(text, /Northshire Council Children’s Services Sam Okafor Allocated worker 23 Nov 2026 Still involved/);
  });

  it('Hannah, at Ellie’s school, sees the adults by name but Kayleigh’s name is not a link she could follow', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('hannah.reid');
    const page = await browser.get(`/people/${ellieId}/family`);
    assert.equal(page.statusCode, 200);
    assert.match(textOf(page.body), /Kayleigh Hartwell/);
    assert.doesNotMatch(page.body, new RegExp(`href="/people/${kayleighId}"`));
  });

  it('Tom, in the police, whose agency has no involvement with Ellie, gets “Page not found”', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('tom.fletcher');
    const page = await browser.get(`/people/${ellieId}/family`);
    assert.equal(page.statusCode, 404);
    assert.match(textOf(page.body), /Page not found/);
    assert.doesNotMatch(page.body, /Kayleigh/);
    const post = await browser.post(`/people/${ellieId}/family/relationships`, { relatedPersonId: deanId, kind: 'friend' });
    assert.notEqual(post.statusCode, 303);
  });
});
