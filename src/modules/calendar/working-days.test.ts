import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shippedHolidayList } from './calendar.service.ts';
import { describeClock, WorkingCalendar } from './working-days.ts';

const holidays = shippedHolidayList()['england-and-wales'].events.map((event) => event.date);
const dayZero = new WorkingCalendar(holidays, 0);
const dayOne = new WorkingCalendar(holidays, 1);

describe('Working days, as a conference chair counts them over Christmas 2026', () => {
  it('a strategy discussion on Thu 17 Dec 2026: the conference is due Tue 12 Jan 2027 counting it as day 0 (statutory-rules §11)', () => {
    assert.equal(dayZero.addWorkingDays('2026-12-17', 15), '2027-01-12');
  });

  it('under the DfE convention (the start day is day 1) the same clock ends on Mon 11 Jan 2027', () => {
    assert.equal(dayOne.addWorkingDays('2026-12-17', 15), '2027-01-11');
  });

  it('skips the Boxing Day substitute (Mon 28 Dec 2026) and New Year’s Day 2027', () => {
    assert.equal(dayZero.isWorkingDay('2026-12-28'), false);
    assert.equal(dayZero.isWorkingDay('2027-01-01'), false);
    assert.equal(dayZero.addWorkingDays('2026-12-24', 1), '2026-12-29');
    assert.equal(dayZero.addWorkingDays('2026-12-31', 1), '2027-01-04');
  });

  it('skips the 2027 Christmas substitutes and the 2028 New Year substitute', () => {
    assert.equal(dayZero.addWorkingDays('2027-12-24', 1), '2027-12-29');
    assert.equal(dayZero.addWorkingDays('2027-12-31', 1), '2028-01-04');
  });

  it('a referral received on a Saturday has its one working day on Monday; day 1 counting starts on Monday too', () => {
    assert.equal(dayZero.addWorkingDays('2026-11-21', 1), '2026-11-23');
    assert.equal(dayOne.addWorkingDays('2026-11-21', 1), '2026-11-23');
    assert.equal(dayOne.addWorkingDays('2026-11-21', 2), '2026-11-24');
  });

  it('adding nothing leaves the date where it is, and a negative or fractional count is refused', () => {
    assert.equal(dayZero.addWorkingDays('2026-11-23', 0), '2026-11-23');
    assert.throws(() => dayZero.addWorkingDays('2026-11-23', -1), RangeError);
    assert.throws(() => dayZero.addWorkingDays('2026-11-23', 1.5), RangeError);
    assert.throws(() => dayZero.addWorkingDays('2026-02-30', 1), RangeError);
  });

  it('counts working days between two dates either way, for "due in" and "overdue by"', () => {
    assert.equal(dayZero.workingDaysBetween('2026-12-17', '2027-01-12'), 15);
    assert.equal(dayZero.workingDaysBetween('2027-01-12', '2026-12-17'), -15);
    assert.equal(dayZero.workingDaysBetween('2026-11-23', '2026-11-23'), 0);
    assert.equal(dayZero.workingDaysBetween('2026-11-20', '2026-11-23'), 1);
  });

  it('a working-day clock ends at the close of the UK day, in winter and in summer time', () => {
    assert.equal(
      dayZero.due(new Date('2026-12-17T15:00:00Z'), { unit: 'working_days', amount: 15 }).toISOString(),
      '2027-01-12T23:59:59.999Z',
    );
    // 22:30 UTC on 30 June is already 1 July in the UK: the clock starts from the UK day.
    assert.equal(
      dayZero.due(new Date('2026-06-30T23:30:00Z'), { unit: 'working_days', amount: 1 }).toISOString(),
      '2026-07-02T22:59:59.999Z',
    );
  });

  it('an hours clock runs through the weekend: a Red rating on Friday at 16:00 is due at 20:00', () => {
    assert.equal(dayZero.due(new Date('2026-11-20T16:00:00Z'), { unit: 'hours', amount: 4 }).toISOString(), '2026-11-20T20:00:00.000Z');
  });

  it('knows which years its list reaches', () => {
    assert.equal(dayZero.coversYear(2028), true);
    assert.equal(dayZero.coversYear(2029), false);
  });

  it('describes its clocks in words', () => {
    assert.equal(describeClock({ unit: 'working_days', amount: 1 }), '1 working day');
    assert.equal(describeClock({ unit: 'working_days', amount: 45 }), '45 working days');
    assert.equal(describeClock({ unit: 'hours', amount: 4 }), '4 hours');
  });
});
