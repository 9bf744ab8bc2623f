import { doubleMetaphone } from 'double-metaphone';
import { isValidNhsNumber, isValidUpn } from '../../../platform/identifiers.ts';
import { compact, isPlaceholder, normaliseName, type PostcodeParts, postcodeParts } from './comparators.ts';

/**
 * One record as it arrives to be matched: a row of a partner's file, a person on the system or a
 * record being typed in. Every field may be missing; dates are ISO (parse other formats first, see
 * parseFlexibleDate).
 */
export interface MatchInput {
  id: string;
  forename?: string | null | undefined;
  surname?: string | null | undefined;
  /** Previous names, aliases and nicknames recorded for the same person. */
  otherNames?: readonly { forename?: string | null | undefined; surname?: string | null | undefined }[] | undefined;
  /** YYYY-MM-DD. */
  dob?: string | null | undefined;
  sex?: string | null | undefined;
  postcode?: string | null | undefined;
  /** Postcodes of earlier addresses. */
  otherPostcodes?: readonly string[] | undefined;
  address?: string | null | undefined;
  nhsNumber?: string | null | undefined;
  /** Other identifiers by name (upn, police_reference, ...): equal values of the same name agree. */
  identifiers?: Readonly<Record<string, string | null | undefined>> | undefined;
}

export interface NameForm {
  /** As recorded, for explanations. */
  display: string;
  /** The first word, normalised: what is compared. */
  first: string;
  /** Every word of the name, normalised ('smith jones' for Smith-Jones). */
  words: readonly string[];
  /** The words joined by spaces: the value whose frequency is counted. */
  joined: string;
  /** The words run together ('smithjones'): spelling is compared on this. */
  letters: string;
  /** Double Metaphone codes of the first word. */
  sound: string;
  soundAlternative: string;
  /** True for a previous name or alias rather than the current one. */
  other: boolean;
}

export interface PreparedDob {
  text: string;
  /** 'YYYYMMDD', for the one-edit test. */
  digits: string;
  year: number;
  month: number;
  day: number;
}

export interface PreparedAddress {
  display: string;
  normalised: string;
  /** The house number ('12' of '12a Long Lane'), the strongest token in an address. */
  number: string | undefined;
  tokens: readonly string[];
  /** The words that name the street and place ('redcliffe'), without numbers and words every address has ('street', 'flat'). */
  street: string;
}

/** A record made ready for fast comparison: everything a comparison needs is worked out once. */
export interface PreparedRecord {
  id: string;
  forenames: readonly NameForm[];
  surnames: readonly NameForm[];
  dob: PreparedDob | undefined;
  sex: 'f' | 'm' | 'x' | undefined;
  postcodes: readonly (PostcodeParts & { other: boolean })[];
  address: PreparedAddress | undefined;
  /** Only a number that passes the modulus-11 check counts. */
  nhsNumber: string | undefined;
  identifiers: ReadonlyMap<string, string>;
}

/**
 * The parts of prepared records are immutable and repeat (a million records hold perhaps fifty
 * thousand distinct names, a few thousand birthdays a year, a postcode per household), so each is
 * worked out once and shared: a record costs about 1 KB, and phonetics run once per name.
 */
class SharedParts<T> {
  private static readonly LIMIT = 500_000;
  private readonly parts = new Map<string, T>();

  get(key: string, make: () => T): T {
    if (this.parts.has(key)) {
      return this.parts.get(key) as T;
    }
    const part = make();
    // Beyond the limit sharing starts again rather than growing without bound.
    if (this.parts.size >= SharedParts.LIMIT) {
      this.parts.clear();
    }
    this.parts.set(key, part);
    return part;
  }
}

const NAME_FORMS = new SharedParts<NameForm | undefined>();
const POSTCODES = new SharedParts<PreparedPostcode | undefined>();
const DATES = new SharedParts<PreparedDob | undefined>();
/** A list of one name or postcode, shared by every record with just that one (the usual case). */
const SINGLE_LISTS = new WeakMap<object, readonly object[]>();
const NO_PARTS: readonly never[] = Object.freeze([]);

function sharedList<T extends object>(list: T[]): readonly T[] {
  if (list.length === 0) {
    return NO_PARTS;
  }
  const [only] = list;
  if (list.length > 1 || only === undefined) {
    return list;
  }
  let shared = SINGLE_LISTS.get(only);
  if (!shared) {
    shared = [only];
    SINGLE_LISTS.set(only, shared);
  }
  return shared as readonly T[];
}

function nameForm(value: string | null | undefined, other: boolean): NameForm | undefined {
  if (!value) {
    return undefined;
  }
  return NAME_FORMS.get(other ? `~${value}` : value, () => makeNameForm(value, other));
}

function makeNameForm(value: string, other: boolean): NameForm | undefined {
  const normalised = normaliseName(value);
  const words = normalised.split(' ').filter((word) => word.length > 0);
  const first = words[0];
  if (first === undefined) {
    return undefined;
  }
  const [sound, soundAlternative] = doubleMetaphone(first);
  return { display: value.trim(), first, words, joined: words.join(' '), letters: words.join(''), sound, soundAlternative, other };
}

function addForm(forms: NameForm[], form: NameForm | undefined): void {
  if (form && !forms.some((existing) => existing.joined === form.joined)) {
    forms.push(form);
  }
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function prepareDob(value: string | null | undefined): PreparedDob | undefined {
  return value ? DATES.get(value, () => readDob(value)) : undefined;
}

function readDob(value: string): PreparedDob | undefined {
  const match = ISO_DATE.exec(value.trim());
  if (!match) {
    return undefined;
  }
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  // 1 January 1900 and the like are how some systems record "not known".
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1880 || (year === 1900 && month === 1 && day === 1)) {
    return undefined;
  }
  return { text: `${match[1]}-${match[2]}-${match[3]}`, digits: `${match[1]}${match[2]}${match[3]}`, year, month, day };
}

function prepareSex(value: string | null | undefined): PreparedRecord['sex'] {
  const first = value?.trim().toLowerCase()[0];
  if (first === 'f' || first === 'w' || first === 'g') {
    return 'f';
  }
  if (first === 'm' || first === 'b') {
    return 'm';
  }
  if (first === 'x' || first === 'i' || first === 'o') {
    return 'x';
  }
  return undefined;
}

/** Words nearly every address has: agreeing on them says nothing about being the same place. */
const GENERIC_ADDRESS_WORDS: ReadonlySet<string> = new Set([
  'road',
  'street',
  'avenue',
  'lane',
  'close',
  'court',
  'crescent',
  'drive',
  'gardens',
  'place',
  'square',
  'terrace',
  'way',
  'flat',
  'house',
  'the',
  'of',
]);

const ADDRESS_WORDS: Readonly<Record<string, string>> = {
  rd: 'road',
  st: 'street',
  ave: 'avenue',
  av: 'avenue',
  ln: 'lane',
  cl: 'close',
  ct: 'court',
  cres: 'crescent',
  dr: 'drive',
  gdns: 'gardens',
  pl: 'place',
  sq: 'square',
  ter: 'terrace',
  terr: 'terrace',
  flt: 'flat',
  apt: 'flat',
  apartment: 'flat',
};

function prepareAddress(value: string | null | undefined): PreparedAddress | undefined {
  if (!value || isPlaceholder(value)) {
    return undefined;
  }
  const tokens = value
    .toLowerCase()
    .replace(/[^0-9a-z]+/g, ' ')
    .split(' ')
    .filter((token) => token.length > 0)
    .map((token) => ADDRESS_WORDS[token] ?? token);
  if (tokens.length === 0) {
    return undefined;
  }
  // The house number is the last number: 'Flat 12, 180 Skylark Close' is number 180.
  const number = tokens.findLast((token) => /^\d/.test(token))?.replace(/\D.*$/, '');
  const street = tokens.filter((token) => !/^\d/.test(token) && !GENERIC_ADDRESS_WORDS.has(token)).join(' ');
  return { display: value.trim(), normalised: tokens.join(' '), tokens, street, number };
}

/** Identifiers are validated before they count: a wrong check digit or a placeholder is no identifier. */
function validIdentifier(name: string, value: string): string | undefined {
  if (isPlaceholder(value)) {
    return undefined;
  }
  const compacted = compact(value);
  if (name === 'upn') {
    return isValidUpn(compacted) ? compacted : undefined;
  }
  if (name === 'nhs_number') {
    return isValidNhsNumber(compacted) ? compacted : undefined;
  }
  return compacted.length >= 2 ? compacted : undefined;
}

type PreparedPostcode = PostcodeParts & { other: boolean };

function preparedPostcode(value: string, other: boolean): PreparedPostcode | undefined {
  return POSTCODES.get(other ? `~${value}` : value, () => {
    const parts = isPlaceholder(value) ? undefined : postcodeParts(value);
    // A literal of fixed shape: objects built by spreading cost V8 several times the memory.
    return parts ? { full: parts.full, districtLength: parts.districtLength, areaLength: parts.areaLength, other } : undefined;
  });
}

/** Shared by every record without identifiers: a million empty maps would cost hundreds of megabytes. */
const NO_IDENTIFIERS: ReadonlyMap<string, string> = new Map();

export function prepareRecord(input: MatchInput): PreparedRecord {
  const forenames: NameForm[] = [];
  const surnames: NameForm[] = [];
  addForm(forenames, nameForm(input.forename, false));
  addForm(surnames, nameForm(input.surname, false));
  for (const name of input.otherNames ?? []) {
    addForm(forenames, nameForm(name.forename, true));
    addForm(surnames, nameForm(name.surname, true));
  }
  const postcodes: PreparedPostcode[] = [];
  for (const [index, value] of [input.postcode, ...(input.otherPostcodes ?? [])].entries()) {
    const parts = value ? preparedPostcode(value, index > 0) : undefined;
    if (parts && !postcodes.some((existing) => existing.full === parts.full)) {
      postcodes.push(parts);
    }
  }
  let identifiers: ReadonlyMap<string, string> = NO_IDENTIFIERS;
  for (const [name, value] of Object.entries(input.identifiers ?? {})) {
    const valid = value ? validIdentifier(name.toLowerCase(), value) : undefined;
    if (valid) {
      identifiers = new Map([...identifiers, [name.toLowerCase(), valid]]);
    }
  }
  const nhs = input.nhsNumber ? compact(input.nhsNumber) : '';
  const dob = prepareDob(input.dob);
  const sex = prepareSex(input.sex);
  const address = prepareAddress(input.address);
  return {
    id: input.id,
    forenames: sharedList(forenames),
    surnames: sharedList(surnames),
    dob,
    sex,
    postcodes: sharedList(postcodes),
    address,
    nhsNumber: isValidNhsNumber(nhs) ? nhs : undefined,
    identifiers,
  };
}
