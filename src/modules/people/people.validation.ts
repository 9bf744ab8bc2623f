import type { FieldError } from '../../platform/errors.ts';

/**
 * Pure checks on a person's identifiers, postcodes and dates. They run before anything is written
 * and name the field they are about, so a form can put the message next to it.
 */

import {
  isValidNhsNumber,
  isValidPostcode,
  isValidUpn,
  nhsCheckDigit,
  normaliseNhsNumber,
  normalisePostcode,
  normaliseReference,
  normaliseUpn,
  upnCheckLetter,
} from '../../platform/identifiers.ts';

export {
  isValidNhsNumber,
  isValidPostcode,
  isValidUpn,
  nhsCheckDigit,
  normaliseNhsNumber,
  normalisePostcode,
  normaliseReference,
  normaliseUpn,
  upnCheckLetter,
};

/** 'YYYY-MM-DD' of a moment, in UTC (the service's calendar). */
export function isoDay(moment: Date): string {
  return moment.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return isoDay(date);
}

export function addYears(day: string, years: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  // 29 February plus a year is 28 February, not 1 March: a birthday cannot fall in the next month.
  const lastDay = new Date(Date.UTC(year + years, month, 0)).getUTCDate();
  return `${String(year + years).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(date, lastDay)).padStart(2, '0')}`;
}

/** How long before today an expected date of delivery may be while the baby is still recorded as unborn. */
export const EDD_OVERDUE_DAYS = 8 * 7;
/** How far ahead an expected date of delivery may be: a pregnancy is about ten months at most. */
export const EDD_AHEAD_DAYS = 300;
/** Nobody alive was born longer ago than this. */
export const OLDEST_AGE_YEARS = 120;

export interface PersonFacts {
  kind: 'child' | 'unborn' | 'adult';
  dateOfBirth: string | null;
  expectedDeliveryDate: string | null;
  dateOfDeath: string | null;
}

/**
 * Facts that cannot all be true: born after death, born in the future, an unborn baby with a date
 * of birth, an expected delivery long past or too far ahead. With `checkAge`, also a child aged 18
 * or more, or an adult under 18 (checked when the date of birth or the kind changes, not whenever
 * a child's record is touched after their 18th birthday).
 */
export function checkPersonFacts(facts: PersonFacts, today: string, options: { checkAge: boolean }): FieldError[] {
  const errors: FieldError[] = [];
  const { kind, dateOfBirth, expectedDeliveryDate, dateOfDeath } = facts;
  if (dateOfBirth !== null) {
    if (dateOfBirth > today) {
      errors.push({ field: 'dateOfBirth', message: 'Date of birth must be today or in the past' });
    } else if (dateOfBirth < addYears(today, -OLDEST_AGE_YEARS)) {
      errors.push({ field: 'dateOfBirth', message: `Date of birth must be within the last ${OLDEST_AGE_YEARS} years` });
    }
  }
  if (dateOfDeath !== null) {
    if (dateOfDeath > today) {
      errors.push({ field: 'dateOfDeath', message: 'Date of death must be today or in the past' });
    } else if (dateOfBirth !== null && dateOfDeath < dateOfBirth) {
      errors.push({ field: 'dateOfDeath', message: 'Date of death must be the same as or after the date of birth' });
    }
  }
  if (kind === 'unborn') {
    if (dateOfBirth !== null) {
      errors.push({
        field: 'dateOfBirth',
        message: 'An unborn baby has no date of birth yet: enter the expected date of delivery, or record the baby as a child',
      });
    }
    if (dateOfDeath !== null) {
      errors.push({ field: 'dateOfDeath', message: 'An unborn baby cannot have a date of death: record the baby as a child first' });
    }
    if (expectedDeliveryDate === null) {
      errors.push({ field: 'expectedDeliveryDate', message: 'Enter the expected date of delivery' });
    } else if (expectedDeliveryDate < addDays(today, -EDD_OVERDUE_DAYS)) {
      errors.push({
        field: 'expectedDeliveryDate',
        message: 'Expected date of delivery must be no more than 8 weeks ago: if the baby has been born, record them as a child',
      });
    } else if (expectedDeliveryDate > addDays(today, EDD_AHEAD_DAYS)) {
      errors.push({ field: 'expectedDeliveryDate', message: 'Expected date of delivery must be within the next 10 months' });
    }
  }
  if (options.checkAge && dateOfBirth !== null && dateOfBirth <= today) {
    const eighteenth = addYears(dateOfBirth, 18);
    const diedAsChild = dateOfDeath !== null && dateOfDeath < eighteenth;
    if (kind === 'child' && eighteenth <= today && !diedAsChild) {
      errors.push({ field: 'dateOfBirth', message: 'A child must be under 18: check the date of birth, or record them as an adult' });
    }
    if (kind === 'adult' && eighteenth > today) {
      errors.push({ field: 'dateOfBirth', message: 'An adult must be 18 or over: check the date of birth, or record them as a child' });
    }
  }
  return errors;
}

/**
 * A person's kind when the input does not say: unborn with only an expected date, a child under 18
 * today, otherwise an adult (as the migration treated records made before kinds existed).
 */
export function defaultKind(input: { dateOfBirth?: string | null; expectedDeliveryDate?: string | null }, today: string) {
  if (!input.dateOfBirth && input.expectedDeliveryDate) {
    return 'unborn' as const;
  }
  if (input.dateOfBirth && addYears(input.dateOfBirth, 18) > today) {
    return 'child' as const;
  }
  return 'adult' as const;
}
