import { TZDate } from '@date-fns/tz';
import { addDays, format, isWeekend } from 'date-fns';
import { UK_TIME_ZONE, ukDateOf } from '../../platform/dates.ts';

/**
 * Working-day arithmetic for every statutory clock (statutory-rules §0): Monday to Friday, less the
 * bank holidays of England and Wales and any days the partnership adds. Dates are UK calendar days
 * as `YYYY-MM-DD`, so a clock started at 23:30 on a winter or a summer evening lands on the same day
 * a practitioner would count on paper.
 */

/** Whether the day of the event is day 0 (most case systems) or day 1 (the DfE validator). */
export type CountFrom = 0 | 1;

export type ClockUnit = 'hours' | 'working_days';
export interface ClockSpec {
  unit: ClockUnit;
  amount: number;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function toDay(isoDate: string): Date {
  // Noon UTC keeps addDays clear of any midnight edge; only the calendar day matters here.
  const day = new Date(`${isoDate}T12:00:00Z`);
  // V8 rolls 30 February over to March rather than refusing it, so check the day survived.
  if (!ISO_DATE.test(isoDate) || Number.isNaN(day.getTime()) || !day.toISOString().startsWith(isoDate)) {
    throw new RangeError(`Not a date: ${isoDate}`);
  }
  return day;
}

function toIso(day: Date): string {
  return format(day, 'yyyy-MM-dd');
}

export class WorkingCalendar {
  private readonly holidays: ReadonlySet<string>;
  private readonly years: ReadonlySet<number>;

  constructor(
    holidays: Iterable<string>,
    readonly countFrom: CountFrom = 0,
  ) {
    this.holidays = new Set(holidays);
    this.years = new Set([...this.holidays].map((day) => Number(day.slice(0, 4))));
  }

  /** The same days, counted the other way. */
  withCountFrom(countFrom: CountFrom): WorkingCalendar {
    return new WorkingCalendar(this.holidays, countFrom);
  }

  isWorkingDay(isoDate: string): boolean {
    return !isWeekend(toDay(isoDate)) && !this.holidays.has(isoDate);
  }

  /** Whether the holiday list reaches this year at all; a clock running into an unlisted year is suspect. */
  coversYear(year: number): boolean {
    return this.years.has(year);
  }

  /**
   * The date `n` working days after `isoDate`. Day 0 convention: the start day is not counted, so
   * Thu 17 Dec 2026 + 15 is Tue 12 Jan 2027. Day 1 convention: the start day (or, when it is not a
   * working day, the next working day) is day 1, so the same sum gives Mon 11 Jan 2027.
   */
  addWorkingDays(isoDate: string, n: number): string {
    if (!Number.isInteger(n) || n < 0) {
      throw new RangeError('Working days must be a whole number, zero or more');
    }
    let day = toDay(isoDate);
    let remaining = n;
    if (this.countFrom === 1 && n > 0) {
      while (!this.isWorkingDay(toIso(day))) {
        day = addDays(day, 1);
      }
      remaining = n - 1;
    }
    while (remaining > 0) {
      day = addDays(day, 1);
      if (this.isWorkingDay(toIso(day))) {
        remaining -= 1;
      }
    }
    return toIso(day);
  }

  /**
   * Working days from one date to another: positive when `to` is later. A deadline today is 0;
   * due tomorrow (a working day) is 1; a deadline that passed last Friday, seen on Monday, is −1.
   */
  workingDaysBetween(fromIsoDate: string, toIsoDate: string): number {
    if (fromIsoDate === toIsoDate) {
      return 0;
    }
    const forward = fromIsoDate < toIsoDate;
    let day = toDay(fromIsoDate);
    const end = toDay(toIsoDate);
    let count = 0;
    while (forward ? day < end : day > end) {
      day = addDays(day, forward ? 1 : -1);
      if (this.isWorkingDay(toIso(day))) {
        count += 1;
      }
    }
    return forward ? count : -count;
  }

  /**
   * When a clock started at `from` runs out. Hours are clock hours, weekends included (a Red rating's
   * four hours do not stop for Saturday). Working days end at the close of the UK day they land on.
   */
  due(from: Date, spec: ClockSpec): Date {
    if (spec.unit === 'hours') {
      return new Date(from.getTime() + spec.amount * 3_600_000);
    }
    return endOfUkDay(this.addWorkingDays(ukDateOf(from), spec.amount));
  }
}

/** The last millisecond of a UK calendar day, as an instant. */
export function endOfUkDay(isoDate: string): Date {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(year, month - 1, day, 23, 59, 59, 999, UK_TIME_ZONE).getTime());
}

/** "1 working day", "15 working days", "4 hours", "24 hours". */
export function describeClock(spec: ClockSpec): string {
  const noun = spec.unit === 'hours' ? 'hour' : 'working day';
  return `${spec.amount} ${noun}${spec.amount === 1 ? '' : 's'}`;
}
