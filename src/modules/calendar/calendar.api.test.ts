import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, createTestContext, type TestApp, type TestContext } from '../../testing/test-context.ts';

describe('The calendar API, as a partner system checks a deadline', () => {
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

  it('Tom Fletcher’s police system asks for 15 working days from 17 December 2026, both ways of counting', async () => {
    const dayZero = await app.callAs('tom.fletcher', 'GET', '/api/v1/calendar/working-days?from=2026-12-17&days=15');
    assert.equal(dayZero.statusCode, 200, dayZero.body);
    assert.deepEqual(dayZero.json(), { from: '2026-12-17', days: 15, countFrom: 0, date: '2027-01-12' });
    const dayOne = await app.callAs('tom.fletcher', 'GET', '/api/v1/calendar/working-days?from=2026-12-17&days=15&countFrom=1');
    assert.equal(dayOne.json().date, '2027-01-11');
  });

  it('a date that does not exist is a 400 problem naming the field', async () => {
    const response = await app.callAs('tom.fletcher', 'GET', '/api/v1/calendar/working-days?from=2026-02-30&days=3');
    assert.equal(response.statusCode, 400);
    assert.match(response.headers['content-type'] as string, /application\/problem\+json/);
    assert.ok((response.json().errors as { field: string }[]).some((error) => error.field.includes('from')));
  });

  it('Tom may read the clocks; only Oliver Grant may change them', async () => {
    assert.equal((await app.callAs('tom.fletcher', 'GET', '/api/v1/calendar/clocks')).json().referralDecision.amount, 1);
    assert.equal(
      (await app.callAs('tom.fletcher', 'PATCH', '/api/v1/calendar/clocks', { strategyChild: { unit: 'hours', amount: 24 } })).statusCode,
      403,
    );
    const changed = await app.callAs('oliver.grant', 'PATCH', '/api/v1/calendar/clocks', { strategyChild: { unit: 'hours', amount: 24 } });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.deepEqual(changed.json().strategyChild, { unit: 'hours', amount: 24 });
  });
});
