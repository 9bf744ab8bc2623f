import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

/** The partnership's clock for display: records are stored in UTC and shown in UK time. */
export const UK_TIME_ZONE = 'Europe/London';

/** `3 March 2026 at 14:30`, or `3 March 2026` when only the day is known; `about` when approximate. */
export function formatEventTime(at: Date, options: { timeIsKnown: boolean; approximate: boolean }): string {
  const local = new TZDate(at, UK_TIME_ZONE);
  const text = options.timeIsKnown ? format(local, "d MMMM yyyy 'at' HH:mm") : format(local, 'd MMMM yyyy');
  return options.approximate ? `About ${text}` : text;
}

export function formatDateTime(at: Date): string {
  return format(new TZDate(at, UK_TIME_ZONE), 'd MMM yyyy HH:mm');
}

/** `2019-04-13` → `13 April 2019`. */
export function formatIsoDate(isoDate: string): string {
  return format(new Date(`${isoDate}T12:00:00Z`), 'd MMMM yyyy');
}

/** `2026-11-20` → `20 Nov 2026`, for tables where space is short. */
export function formatShortDate(isoDate: string): string {
  return format(new Date(`${isoDate}T12:00:00Z`), 'd MMM yyyy');
}

/** The UK calendar day of an instant as `20 Nov 2026`. */
export function formatShortDateOf(at: Date): string {
  return format(new TZDate(at, UK_TIME_ZONE), 'd MMM yyyy');
}

/** The UK calendar date of an instant, as YYYY-MM-DD. */
export function ukDateOf(at: Date): string {
  return format(new TZDate(at, UK_TIME_ZONE), 'yyyy-MM-dd');
}

/** The UK clock time of an instant, as HH:MM. */
export function ukTimeOf(at: Date): string {
  return format(new TZDate(at, UK_TIME_ZONE), 'HH:mm');
}

/** Midnight at the start of a UK calendar day, as an instant: the lower bound of a date filter. */
export function startOfUkDay(isoDate: string): Date {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(year, month - 1, day, 0, 0, 0, UK_TIME_ZONE).getTime());
}

/** Whole days from one YYYY-MM-DD to another. */
export function daysBetween(fromIsoDate: string, toIsoDate: string): number {
  return Math.round((Date.parse(`${toIsoDate}T00:00:00Z`) - Date.parse(`${fromIsoDate}T00:00:00Z`)) / 86_400_000);
}
