/**
 * Checks on the identifiers that say who a person is (NHS number, unique pupil number, UK postcode).
 * Pure, so the matching engine and the people module share one definition of "valid".
 */

/** Digits only: '943 476 5919' and '943-476-5919' are the same NHS number. */
export function normaliseNhsNumber(value: string): string {
  return value.replace(/[\s-]/g, '');
}

/** NHS number modulus 11: weights 10 to 2 on the first nine digits; 11 means 0, 10 means no valid number. */
export function nhsCheckDigit(firstNine: string): number | undefined {
  if (!/^\d{9}$/.test(firstNine)) {
    return undefined;
  }
  const sum = [...firstNine].reduce((total, digit, index) => total + Number(digit) * (10 - index), 0);
  const check = 11 - (sum % 11);
  if (check === 10) {
    return undefined;
  }
  return check === 11 ? 0 : check;
}

export function isValidNhsNumber(value: string): boolean {
  const digits = normaliseNhsNumber(value);
  if (!/^\d{10}$/.test(digits)) {
    return false;
  }
  const check = nhsCheckDigit(digits.slice(0, 9));
  return check !== undefined && check === Number(digits[9]);
}

/** The DfE's 23 check letters (no I, O or S); a letter's index is also its value in the sum. */
const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

export function normaliseUpn(value: string): string {
  return value.replace(/\s/g, '').toUpperCase();
}

/**
 * The check letter of a unique pupil number from its other twelve characters: each multiplied by
 * its position (2 to 13), summed, modulo 23. The last character may be a letter (a temporary UPN).
 */
export function upnCheckLetter(lastTwelve: string): string | undefined {
  if (!/^\d{11}[0-9A-HJ-NP-RT-Z]$/.test(lastTwelve)) {
    return undefined;
  }
  let sum = 0;
  for (const [index, character] of [...lastTwelve].entries()) {
    const value = /\d/.test(character) ? Number(character) : UPN_LETTERS.indexOf(character);
    if (value < 0) {
      return undefined;
    }
    sum += value * (index + 2);
  }
  return UPN_LETTERS[sum % 23];
}

export function isValidUpn(value: string): boolean {
  const upn = normaliseUpn(value);
  return upn.length === 13 && upnCheckLetter(upn.slice(1)) === upn[0];
}

/** Police and local authority references: kept as recorded, in capitals, without spaces. */
export function normaliseReference(value: string): string {
  return value.replace(/\s/g, '').toUpperCase();
}

const POSTCODE = /^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][ABD-HJLNP-UW-Z]{2})$/;

/** 'ns14ab' → 'NS1 4AB'; undefined when it is not the shape of a UK postcode. */
export function normalisePostcode(value: string): string | undefined {
  const compact = value.replace(/\s/g, '').toUpperCase();
  const match = POSTCODE.exec(compact);
  return match ? `${match[1]} ${match[2]}` : undefined;
}

export function isValidPostcode(value: string): boolean {
  return normalisePostcode(value) !== undefined;
}
