import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, createTestContext, type TestApp, type TestContext } from '../../testing/test-context.ts';

/** The information-sharing API, as the police's case system answers a MASH request. */
describe('The information-sharing API', () => {
  let context: TestContext;
  let app: TestApp;
  let referralId: string;
  let policeId: string;

  before(async () => {
    context = await createTestContext();
    app = await createTestApp(context);
    const marcus = await context.actor('marcus.bell');
    const hannah = await context.actor('hannah.reid');
    const zara = await context.services.people.createPerson(hannah, { givenName: 'Zara', familyName: 'Holt', dateOfBirth: '2019-09-09' });
    const referral = await context.services.referrals.createReferral(hannah, {
      kind: 'child',
      referrerName: 'Hannah Reid',
      referrerOrganisation: 'Ashford Primary School',
      referrerPhone: '01632 960456',
      referrerEmail: 'hannah.reid@northshire.example',
      concern: 'Zara said she was locked in her room all weekend.',
      receivingTeamId: marcus.teamIds[0],
      immediateDanger: false,
      parentConsent: 'given',
      earlyHelpPlanOpen: false,
      subjects: [{ personId: zara.id, role: 'subject' }],
    });
    referralId = referral.id;
    await context.services.referrals.rateReferral(marcus, referralId, { rating: 'red', needsMash: true, rationale: 'Possible cruelty.' });
    policeId = (await context.services.informationSharing.partnerAgencies(marcus)).find((agency) => agency.name === 'Northshire Police')
      ?.id as string;
  });
  after(async () => {
    await app.close();
    await context.close();
  });

  it('Marcus sends a request; it is due 4 hours later for a Red referral', async () => {
    const response = await app.callAs('marcus.bell', 'POST', `/api/v1/referrals/${referralId}/information-requests`, {
      agencyIds: [policeId],
      question: 'Any incidents at Zara’s address?',
      lawfulBasis: 'public_task',
      specialCategory: false,
      consent: 'not_sought',
      consentReason: 'Red rating: consent would delay protection.',
    });
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(response.json().items[0].dueAt, '2026-11-23T13:00:00.000Z');
  });

  it('a return with no lawful basis is a 400 problem naming the fields; Tom then returns for the police', async () => {
    const open = await app.callAs('tom.fletcher', 'GET', '/api/v1/information-requests');
    const id = open.json().items[0].id as string;
    const bad = await app.callAs('tom.fletcher', 'POST', `/api/v1/information-requests/${id}/return`, {
      outcome: 'returned',
      summary: 'One call-out in 2025.',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.headers['content-type'] as string, /application\/problem\+json/);
    const fields = (bad.json().errors as { field: string }[]).map((error) => error.field);
    assert.ok(fields.includes('lawfulBasis') && fields.includes('consent'), JSON.stringify(fields));
    const good = await app.callAs('tom.fletcher', 'POST', `/api/v1/information-requests/${id}/return`, {
      outcome: 'nothing_known',
      lawfulBasis: 'public_task',
      specialCategory: false,
      consent: 'not_sought',
      consentReason: 'Nothing held; nothing shared about the family.',
    });
    assert.equal(good.statusCode, 200, good.body);
    assert.equal(good.json().status, 'nothing_known');
    const decisions = await app.callAs('marcus.bell', 'GET', `/api/v1/information-sharing-decisions?referralId=${referralId}`);
    assert.equal(decisions.json().items.length, 2);
  });

  it('the information-sharing resources are in the OpenAPI document', async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, unknown> };
    for (const path of [
      '/api/v1/referrals/{id}/information-requests',
      '/api/v1/information-requests/{id}/return',
      '/api/v1/information-sharing-decisions',
    ]) {
      assert.ok(document.paths[path], path);
    }
  });
});
