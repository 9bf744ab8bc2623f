/**
 * The small string and date comparators the comparisons are built from. Jaro–Winkler and the
 * one-edit test are hand-written (a few dozen lines each, and the hot loop of a million-record
 * run); phonetic codes come from the double-metaphone package.
 */

const BUFFER_SIZE = 128;
const BUFFER_A = new Uint8Array(BUFFER_SIZE);
const BUFFER_B = new Uint8Array(BUFFER_SIZE);

/**
 * Jaro–Winkler similarity in [0, 1]: 1 for equal strings. Agreement on the first four letters is
 * rewarded (prefix scale 0.1), which suits names, where typing errors fall late more often than early.
 */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) {
    return a.length === 0 ? 0 : 1;
  }
  const lengthA = a.length;
  const lengthB = b.length;
  if (lengthA === 0 || lengthB === 0) {
    return 0;
  }
  const window = Math.max(0, Math.floor(Math.max(lengthA, lengthB) / 2) - 1);
  // Matched positions, in buffers reused across calls: this runs tens of millions of times a batch.
  const matchedA = lengthA <= BUFFER_SIZE ? BUFFER_A.fill(0, 0, lengthA) : new Uint8Array(lengthA);
  const matchedB = lengthB <= BUFFER_SIZE ? BUFFER_B.fill(0, 0, lengthB) : new Uint8Array(lengthB);
  let matches = 0;
  for (let i = 0; i < lengthA; i += 1) {
    const from = Math.max(0, i - window);
    const to = Math.min(i + window + 1, lengthB);
    const character = a.charCodeAt(i);
    for (let j = from; j < to; j += 1) {
      if (matchedB[j] === 0 && b.charCodeAt(j) === character) {
        matchedA[i] = 1;
        matchedB[j] = 1;
        matches += 1;
        break;
      }
    }
  }
  if (matches === 0) {
    return 0;
  }
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < lengthA; i += 1) {
    if (matchedA[i] === 1) {
      while (matchedB[k] === 0) {
        k += 1;
      }
      if (a.charCodeAt(i) !== b.charCodeAt(k)) {
        transpositions += 1;
      }
      k += 1;
    }
  }
  const jaro = (matches / lengthA + matches / lengthB + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  const limit = Math.min(4, lengthA, lengthB);
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) {
    prefix += 1;
  }
  return jaro + prefix * 0.1 * (1 - jaro);
}

/**
 * True when two equal-length strings differ by one substituted character or one swap of
 * neighbours: the typing errors seen in dates of birth and identifiers ('20190314' and '20190341').
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) {
    return false;
  }
  let first = -1;
  let differences = 0;
  for (let i = 0; i < a.length; i += 1) {
    if (a.charCodeAt(i) !== b.charCodeAt(i)) {
      differences += 1;
      if (first < 0) {
        first = i;
      }
      if (differences > 2) {
        return false;
      }
    }
  }
  if (differences === 1) {
    return true;
  }
  // Two differences count as one edit only when they are a swap of neighbours.
  return (
    differences === 2 &&
    first + 1 < a.length &&
    a.charCodeAt(first) === b.charCodeAt(first + 1) &&
    a.charCodeAt(first + 1) === b.charCodeAt(first)
  );
}

/**
 * True when one typing error turns one string into the other: a substitution, a swap of
 * neighbours, or one letter missed or added ('Kaur' and 'Oaur', 'Jonathon' and 'Jonathn').
 */
export function oneTypingErrorApart(a: string, b: string): boolean {
  if (a.length === b.length) {
    return withinOneEdit(a, b);
  }
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  if (long.length - short.length !== 1) {
    return false;
  }
  let index = 0;
  while (index < short.length && short.charCodeAt(index) === long.charCodeAt(index)) {
    index += 1;
  }
  for (let rest = index; rest < short.length; rest += 1) {
    if (short.charCodeAt(rest) !== long.charCodeAt(rest + 1)) {
      return false;
    }
  }
  return true;
}

/** Lower case ASCII letters, apostrophes dropped, other characters as single spaces. */
export function normaliseName(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .replace(/[^a-z]+/g, ' ')
    .trim();
}

/** Letters and digits only, upper case: how identifiers and postcodes are compared. */
export function compact(value: string): string {
  return value.replace(/[^0-9a-z]/gi, '').toUpperCase();
}

const UK_POSTCODE = /^([A-Z]{1,2})([0-9][A-Z0-9]?)([0-9])([A-Z]{2})$/;

/**
 * A postcode as compared: the compact code and where its district and area end, so sector,
 * district and area agreement are prefix checks with no strings made per pair (a million records
 * would otherwise carry five strings each).
 */
export interface PostcodeParts {
  /** Without spaces: 'NS14AB'. */
  full: string;
  /** Length of the outward code ('NS1' → 3); 0 for a code that is not a UK postcode. */
  districtLength: number;
  /** Length of the area letters ('NS' → 2); 0 for a code that is not a UK postcode. */
  areaLength: number;
}

/**
 * Reads a UK postcode for the geography it encodes. A value that is not UK-shaped (another
 * country's code, a partial one) is still compared whole, so foreign data sets are not penalised.
 */
export function postcodeParts(value: string): PostcodeParts | undefined {
  const full = compact(value);
  if (full.length === 0) {
    return undefined;
  }
  const match = UK_POSTCODE.exec(full);
  if (!match) {
    return { full, districtLength: 0, areaLength: 0 };
  }
  const area = match[1] as string;
  const districtRest = match[2] as string;
  return { full, districtLength: area.length + districtRest.length, areaLength: area.length };
}

/** 'NS14AB' → 'NS1 4AB', as written on letters. */
export function postcodeDisplay(postcode: PostcodeParts): string {
  return postcode.districtLength > 0
    ? `${postcode.full.slice(0, postcode.districtLength)} ${postcode.full.slice(postcode.districtLength)}`
    : postcode.full;
}

function samePrefix(a: string, b: string, length: number): boolean {
  for (let index = 0; index < length; index += 1) {
    if (a.charCodeAt(index) !== b.charCodeAt(index)) {
      return false;
    }
  }
  return true;
}

/** The same sector ('NS1 4'): the outward code and the first digit of the inward code. */
export function sameSector(a: PostcodeParts, b: PostcodeParts): boolean {
  return a.districtLength > 0 && a.districtLength === b.districtLength && samePrefix(a.full, b.full, a.districtLength + 1);
}

export function sameDistrict(a: PostcodeParts, b: PostcodeParts): boolean {
  return a.districtLength > 0 && a.districtLength === b.districtLength && samePrefix(a.full, b.full, a.districtLength);
}

export function sameArea(a: PostcodeParts, b: PostcodeParts): boolean {
  return a.areaLength > 0 && a.areaLength === b.areaLength && samePrefix(a.full, b.full, a.areaLength);
}

/** A value a clerk typed for "not known", which must never count as agreement. */
export function isPlaceholder(value: string): boolean {
  const compacted = compact(value);
  return compacted.length === 0 || /^(0+|9+|X+|NA|NK|NONE|NULL|UNKNOWN|NOTKNOWN|TBC|NFA)$/.test(compacted);
}
