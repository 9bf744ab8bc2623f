import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../../platform/access/actor.ts';
import { createTestApp, createTestContext, type TestApp, type TestContext } from '../../../testing/test-context.ts';
import { pageBrowser, textOf } from '../../web-test-helpers.ts';

/**
 * Marcus Bell at the MASH works the queue in the browser and through the API: Ellie Hartwell is on
 * the system twice (the school's record and health's "Elly Hartwel", born 4 December not 12 April),
 * and twins Ruby and Rose Achterberg share everything but their names.
 */
describe('The duplicate review pages and API', () => {
  let context: TestContext;
  let app: TestApp;
  const ids: Record<string, string> = {};

  before(async () => {
    context = await createTestContext();
    app = await createTestApp(context);
    const { services } = context;
    const sam = await context.actor('sam.okafor');
    const aisha = await context.actor('aisha.rahman');
    const marcus = await context.actor('marcus.bell');
    ids.ellie = (await services.people.listPeople(sam, { name: 'Ellie' }))[0]?.id as string;
    ids.elly = (
      await services.people.createPerson(aisha, { givenName: 'Elly', familyName: 'Hartwel', dateOfBirth: '2019-12-04', sex: 'female' })
    ).id;
    for (const given of ['Ruby', 'Rose']) {
      ids[given] = (
        await services.people.createPerson(aisha, {
          givenName: given,
          familyName: 'Achterberg',
          dateOfBirth: '2021-03-09',
          sex: 'female',
          address: { line1: '9 Weir Lane', town: 'Northshire', postcode: 'NS3 8RT' },
        })
      ).id;
    }
    for (const id of Object.values(ids)) {
      await services.access.recordInvolvement(systemActor('test'), {
        personId: id,
        kind: 'allocated_team',
        teamId: marcus.teamIds[0] as string,
      });
    }
    await services.duplicates.scan(systemActor('cli'), marcus.partnershipId as string);
  });
  after(async () => {
    await app.close();
    await context.close();
  });

  it('shows Marcus the navigation link and the queue; Sam, a practitioner, sees neither', async () => {
    const marcus = pageBrowser(app);
    await marcus.signInAs('marcus.bell');
    const home = await marcus.get('/');
    assert.match(home.body, /href="\/duplicates"[^>]*>\s*Duplicates/);
    const queue = await marcus.get('/duplicates');
    assert.equal(queue.statusCode, 200);
    const text = textOf(queue.body);
    assert.match(text, /Ruby Achterberg and Rose Achterberg|Rose Achterberg and Ruby Achterberg/);
    assert.match(text, /Never linked automatically/);
    const sam = pageBrowser(app);
    await sam.signInAs('sam.okafor');
    assert.doesNotMatch((await sam.get('/')).body, /href="\/duplicates"/);
    assert.equal((await sam.get('/duplicates')).statusCode, 403);
  });

  it('a decision without a reason gets an error summary; a merge, its page, the old link and the unmerge all work', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('marcus.bell');
    const list = await app.callAs('marcus.bell', 'GET', '/api/v1/duplicates?status=open');
    assert.equal(list.statusCode, 200);
    const items = list.json().items as { id: string; personAId: string; personBId: string; guard: string | null }[];
    const twins = items.find((item) => item.guard === 'forenames-differ');
    const ellie = items.find((item) => [item.personAId, item.personBId].includes(ids.ellie as string));
    assert.ok(twins && ellie);

    const page = await browser.get(`/duplicates/${twins.id}`);
    assert.match(textOf(page.body), /this is how twins and siblings look/);
    assert.match(textOf(page.body), /Date of birth: 09\/03\/2021, the same on both/);
    const empty = await browser.post(`/duplicates/${twins.id}/reject`, { 'reject-reason': '' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /govuk-error-summary/);
    assert.match(empty.body, /href="#reject-reason"/);
    const rejected = await browser.post(`/duplicates/${twins.id}/reject`, {
      'reject-reason': 'Twin sisters, both seen by the health visitor.',
    });
    assert.equal(rejected.statusCode, 303);

    await browser.get(`/duplicates/${ellie.id}`);
    const noReason = await browser.post(`/duplicates/${ellie.id}/confirm`, { survivorId: ids.ellie as string });
    assert.equal(noReason.statusCode, 400);
    assert.match(textOf(noReason.body), /Enter a reason/);
    const merged = await browser.post(`/duplicates/${ellie.id}/confirm`, {
      survivorId: ids.ellie as string,
      'confirm-reason': 'Same child: health had her birthday the American way round.',
    });
    assert.equal(merged.statusCode, 303);
    const mergePage = await browser.get(merged.headers.location as string);
    assert.match(textOf(mergePage.body), /The records were merged/);
    assert.match(textOf(mergePage.body), /Names/);
    const old = await browser.get(`/people/${ids.elly}`);
    assert.equal(old.statusCode, 303);
    assert.equal(old.headers.location, `/people/${ids.ellie}?saved=merged`);
    assert.match(textOf((await browser.get(old.headers.location as string)).body), /merged into this one/);

    const mergeId = (merged.headers.location as string).split('/').pop()?.split('?')[0] as string;
    const apiMerge = await app.callAs('marcus.bell', 'GET', `/api/v1/duplicates/merges/${mergeId}`);
    assert.equal(apiMerge.statusCode, 200);
    const bad = await app.callAs('marcus.bell', 'POST', `/api/v1/duplicates/merges/${mergeId}/unmerge`, {});
    assert.equal(bad.statusCode, 400);
    assert.match(bad.headers['content-type'] as string, /application\/problem\+json/);
    const unmerge = await browser.post(`/duplicates/merges/${mergeId}/unmerge`, { reason: 'Checking the undo works.' });
    assert.equal(unmerge.statusCode, 303);
    assert.match(textOf((await browser.get(unmerge.headers.location as string)).body), /The merge was undone/);
    assert.equal((await browser.get(`/people/${ids.elly}`)).statusCode, 200);
    const again = await app.callAs('marcus.bell', 'POST', `/api/v1/duplicates/merges/${mergeId}/unmerge`, { reason: 'twice' });
    assert.equal(again.statusCode, 409);
  });

  it('answers an unknown pair, and one the caller may not see, with the same 404', async () => {
    const unknown = await app.callAs('marcus.bell', 'GET', '/api/v1/duplicates/0b7f0c5e-1d7e-4c55-9d8a-3f1b2c3d4e5f');
    assert.equal(unknown.statusCode, 404);
    const priya = await app.callAs('priya.nair', 'GET', '/api/v1/duplicates?status=decided');
    assert.equal(priya.statusCode, 200);
    assert.equal(priya.json().items.length, 0, 'Priya’s team works with none of these children');
  });
});
