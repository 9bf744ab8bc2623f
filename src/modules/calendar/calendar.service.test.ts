import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AppError, ErrorCode } from '../../platform/errors.ts';
import { createTestContext, type TestContext } from '../../testing/test-context.ts';
import { shippedHolidayList } from './calendar.service.ts';

/** Oliver Grant keeps Northshire's calendar; Sam Okafor's clocks run on it. */
describe('The partnership calendar, kept by Oliver Grant (administrator)', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await createTestContext();
  });
  after(async () => ctx.close());

  it('a new database already knows the shipped England and Wales bank holidays', async () => {
    const oliver = await ctx.actor('oliver.grant');
    const days = await ctx.services.calendar.listDays(oliver.partnershipId);
    assert.ok(days.some((day) => day.date === '2026-12-28' && day.title === 'Boxing Day' && day.source === 'official'));
    assert.equal((await ctx.services.calendar.load(oliver.partnershipId)).addWorkingDays('2026-12-17', 15), '2027-01-12');
  });

  it('gov.uk’s list replaces the official days of the years it covers, and no others', async () => {
    const oliver = await ctx.actor('oliver.grant');
    const list = shippedHolidayList();
    const year2027 = list['england-and-wales'].events.filter((event) => event.date.startsWith('2027'));
    // A proclaimed one-off day arrives in the official file.
    const report = await ctx.services.calendar.updateOfficial(oliver, {
      'england-and-wales': {
        division: 'england-and-wales',
        events: [...year2027, { title: 'Extra bank holiday', date: '2027-06-07', notes: '', bunting: true }],
      },
    });
    assert.deepEqual(report, { years: [2027], added: year2027.length + 1, removed: year2027.length });
    const calendar = await ctx.services.calendar.load(oliver.partnershipId);
    assert.equal(calendar.isWorkingDay('2027-06-07'), false);
    assert.equal(calendar.isWorkingDay('2026-12-28'), false, '2026 was not in the file, so it is untouched');
  });

  it('a file that is not gov.uk’s list is refused with a reason, and nothing changes', async () => {
    const oliver = await ctx.actor('oliver.grant');
    const before = await ctx.services.calendar.listDays(oliver.partnershipId);
    await assert.rejects(
      ctx.services.calendar.updateOfficial(oliver, {
        'england-and-wales': { division: 'england-and-wales', events: [{ title: 'Bad', date: '2027-02-30' }] },
      }),
      (error: unknown) => error instanceof AppError && error.code === ErrorCode.VALIDATION,
    );
    assert.deepEqual(await ctx.services.calendar.listDays(oliver.partnershipId), before);
  });

  it('a partnership closure day stops every clock, for that partnership only', async () => {
    const oliver = await ctx.actor('oliver.grant');
    await ctx.services.calendar.addPartnershipDay(oliver, { date: '2026-12-18', title: 'Council closure' });
    assert.equal((await ctx.services.calendar.load(oliver.partnershipId)).addWorkingDays('2026-12-17', 1), '2026-12-21');
    assert.equal((await ctx.services.calendar.load(null)).addWorkingDays('2026-12-17', 1), '2026-12-18');
    await assert.rejects(
      ctx.services.calendar.addPartnershipDay(oliver, { date: '2026-12-18', title: 'Again' }),
      (error: unknown) => error instanceof AppError && error.code === ErrorCode.CONFLICT,
    );
    await ctx.services.calendar.removePartnershipDay(oliver, '2026-12-18');
    assert.equal((await ctx.services.calendar.load(oliver.partnershipId)).addWorkingDays('2026-12-17', 1), '2026-12-18');
  });

  it('the clocks default to the national and seed values, and Oliver can switch Northshire to day-1 counting', async () => {
    const oliver = await ctx.actor('oliver.grant');
    const clocks = await ctx.services.calendar.clocks(oliver.partnershipId);
    assert.deepEqual(clocks.triage.amber, { unit: 'working_days', amount: 1 });
    assert.deepEqual(clocks.triage.red, { unit: 'hours', amount: 4 });
    assert.equal(clocks.icpcAnchor, 'initiating');
    const changed = await ctx.services.calendar.changeClocks(oliver, { countFrom: 1, strategyAdult: { unit: 'hours', amount: 24 } });
    assert.equal(changed.countFrom, 1);
    assert.equal((await ctx.services.calendar.load(oliver.partnershipId)).addWorkingDays('2026-12-17', 15), '2027-01-11');
    await ctx.services.calendar.changeClocks(oliver, { countFrom: 0 });
    assert.equal((await ctx.services.calendar.load(oliver.partnershipId)).addWorkingDays('2026-12-17', 15), '2027-01-12');
  });

  it('Sam Okafor, a practitioner, may read the clocks but not change them', async () => {
    const sam = await ctx.actor('sam.okafor');
    assert.equal((await ctx.services.calendar.clocks(sam.partnershipId)).countFrom, 0);
    await assert.rejects(
      ctx.services.calendar.changeClocks(sam, { countFrom: 1 }),
      (error: unknown) => error instanceof AppError && error.code === ErrorCode.FORBIDDEN,
    );
    await assert.rejects(
      ctx.services.calendar.updateOfficial(sam, shippedHolidayList()),
      (error: unknown) => error instanceof AppError && error.code === ErrorCode.FORBIDDEN,
    );
  });

  it('warns when the list does not reach next year or was not refreshed this year', async () => {
    const oliver = await ctx.actor('oliver.grant');
    ctx.clock.set('2028-03-01T09:00:00Z');
    try {
      const warnings = await ctx.services.calendar.warnings(oliver.partnershipId);
      assert.ok(warnings.some((warning) => warning.includes('no bank holidays for 2029')));
      assert.ok(warnings.some((warning) => warning.includes('not been refreshed from gov.uk in 2028')));
    } finally {
      ctx.clock.set('2026-11-23T09:00:00Z');
    }
  });
});
