import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../platform/access/actor.ts';
import { createTestApp, createTestContext, type TestApp, type TestContext } from '../../testing/test-context.ts';
import { DEFAULT_MODEL } from './index.ts';

describe('The matching model through the API, as Tom Fletcher checks why two police records would match', () => {
  let context: TestContext;
  let app: TestApp;

  before(async () => {
    context = await createTestContext();
    app = await createTestApp(context);
  });
  after(async () => {
    await app.close();
    await context.close();
  });

  it('shows the built-in model until the partnership saves its own, every level with m, u and weight', async () => {
    const before = await app.callAs('tom.fletcher', 'GET', '/api/v1/matching/model');
    assert.equal(before.statusCode, 200, before.body);
    const body = before.json();
    assert.equal(body.source, 'default');
    const dob = body.comparisons.find((comparison: { key: string }) => comparison.key === 'dob');
    assert.deepEqual(
      dob.levels.map((level: { key: string }) => level.key),
      ['exact', 'swapped', 'typo', 'year', 'different'],
    );
    assert.ok(dob.levels[0].weight > 0 && dob.levels[4].weight < 0);

    const tom = await context.actor('tom.fletcher');
    await context.services.matching.saveModel(systemActor('cli'), tom.partnershipId as string, { ...DEFAULT_MODEL, prior: 1e-4 }, 'test');
    const after = (await app.callAs('tom.fletcher', 'GET', '/api/v1/matching/model')).json();
    assert.equal(after.source, 'partnership');
    assert.equal(after.prior, 1e-4);
  });

  it('explains two hand-described records field by field', async () => {
    const response = await app.callAs('tom.fletcher', 'POST', '/api/v1/matching/compare', {
      left: { forename: 'Kayden', surname: 'Brooks', dob: '2014-03-07', postcode: 'NS3 2QT' },
      right: { forename: 'Kaden', surname: 'Brookes', dob: '2014-07-03', postcode: 'NS3 2QT' },
    });
    assert.equal(response.statusCode, 200, response.body);
    const score = response.json();
    assert.ok(score.probability > 0.5);
    assert.match(score.fields.find((field: { comparison: string }) => field.comparison === 'dob').words, /day and month swapped/);
  });

  it('a date of birth longer than a date is a 400 problem naming the field, and a model a partnership administrator alone may change', async () => {
    const response = await app.callAs('tom.fletcher', 'POST', '/api/v1/matching/compare', {
      left: { dob: '2014-03-07T00:00:00Z' },
      right: {},
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.headers['content-type'] as string, /application\/problem\+json/);
    assert.ok((response.json().errors as { field: string }[]).some((error) => error.field.includes('dob')));
    const tom = await context.actor('tom.fletcher');
    await assert.rejects(
      context.services.matching.saveModel(tom, tom.partnershipId as string, DEFAULT_MODEL, 'not allowed'),
      /administrator/,
    );
  });
});
