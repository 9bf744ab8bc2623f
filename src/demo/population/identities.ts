/*
 * The corruption model, and why these rates. Each person ("entity") gets one clean original record
 * and, for about half of them, 1–3 more held by other agencies (P(0..3) = .48/.30/.15/.07), as a
 * child known to health, school and social care is. The 'realistic' rates are judgement, not
 * measurement: set to the failures linkage studies of UK administrative data keep naming, at sizes
 * that leave a name or the date of birth different on about 28% of duplicates. A forename with a
 * nickname is recorded as one 8% of the time (a middle name 3%), a typo 4% per name, a respelling
 * 2–3% (Mohammed/Muhammad, Katie/Katy), names swapped 1% (5× for Chinese names); a third of the
 * records of someone whose surname changed (marriage, partnership, a child taking a parent's name)
 * carry the old one; dates of birth 3% missing, 2% a digit out, 2% day and month swapped; half the
 * records of a family that moved hold the old address; an NHS number is on nearly every health record
 * but only 5–15% of police, school and housing ones. 'light' is 0.4× these rates, 'heavy' 2×, 'none'
 * exact copies. Twins (3% of births, twice the real rate), close siblings, fathers and sons of one
 * name and unrelated namesakes are made on purpose: they are what a careless matcher merges.
 */
import { areNicknames, type MatchInput, NICKNAME_GROUPS, seededRandom } from '../../modules/matching/index.ts';
import { nhsNumberFromSerial } from './generate-population.ts';
import {
  DISTRICTS,
  ENGLISH_FORENAMES,
  eraOf,
  feminineSurname,
  INWARD_LETTERS,
  KEYBOARD_NEIGHBOURS,
  masculineSurname,
  NAME_POOLS,
  type NamePool,
  RESPELLING_RULES,
  RESPELLINGS,
  STREET_NAMES,
  STREET_TYPES,
} from './identity-names.ts';

export type CorruptionLevel = 'none' | 'light' | 'realistic' | 'heavy';
export const CORRUPTION_LEVELS: readonly CorruptionLevel[] = ['none', 'light', 'realistic', 'heavy'];

/** The agency a record is held by: it decides, above all, whether an NHS number is on it. */
export type Source = 'health' | 'police' | 'school' | 'social-care' | 'housing';

/**
 * The chance of each corruption on a duplicate record at 'realistic'. Rates marked "of" apply only
 * where the corruption can happen (a changed surname, a double-barrelled name, a move, a day ≤ 12).
 */
export const REALISTIC_RATES = {
  forename_nickname: 0.08,
  forename_typo: 0.04,
  forename_respelt: 0.03,
  /** 'Amy Louise' in the forename field, or the middle name used instead. */
  middle_name: 0.03,
  surname_typo: 0.04,
  surname_respelt: 0.02,
  /** Of the records of someone whose surname changed: the old surname. */
  surname_previous: 0.35,
  /** Of the records of someone with a double-barrelled surname: one half of it. */
  surname_hyphen: 0.3,
  name_swap: 0.01,
  /** Capitals, lower case, stray spaces (five times as often on police records, which shout surnames). */
  name_case: 0.08,
  /** Of dates whose day is 12 or less. */
  dob_swap: 0.02,
  dob_typo: 0.02,
  dob_missing: 0.03,
  /** 1900-01-01, a system's "not known". */
  dob_placeholder: 0.005,
  sex_missing: 0.05,
  sex_wrong: 0.003,
  /** 'Female', 'female', 'f' rather than 'F'. */
  sex_format: 0.3,
  /** Of the records of a household that moved: the old address and postcode. */
  postcode_old: 0.5,
  postcode_missing: 0.05,
  postcode_typo: 0.015,
  postcode_format: 0.1,
  address_missing: 0.05,
  address_short: 0.25,
  address_typo: 0.02,
  nhs_typo: 0.003,
  /** '999 123 4567' rather than '9991234567'. */
  nhs_format: 0.1,
  /** A parent's or sibling's NHS number on the record: rare, and the cruellest error there is. */
  nhs_other_person: 0.001,
  /** Previous names and addresses not carried on a record that could have them. */
  history_missing: 0.6,
} as const;

export type Corruption = keyof typeof REALISTIC_RATES | 'nhs_missing';
export type CorruptionRates = Record<keyof typeof REALISTIC_RATES, number>;

const LEVEL_FACTOR: Readonly<Record<CorruptionLevel, number>> = { none: 0, light: 0.4, realistic: 1, heavy: 2 };

export function corruptionRates(level: CorruptionLevel): CorruptionRates {
  const factor = LEVEL_FACTOR[level];
  const rates = {} as CorruptionRates;
  for (const [key, rate] of Object.entries(REALISTIC_RATES) as [keyof CorruptionRates, number][]) {
    rates[key] = Math.min(0.9, rate * factor);
  }
  return rates;
}

/** How often each agency's record carries the person's NHS number, at 'realistic'. */
export const NHS_RECORDED: Readonly<Record<Source, number>> = {
  health: 0.97,
  'social-care': 0.6,
  police: 0.1,
  school: 0.15,
  housing: 0.05,
};

function nhsRecordedRate(source: Source, level: CorruptionLevel): number {
  const rate = NHS_RECORDED[source];
  switch (level) {
    case 'none':
      return 1;
    case 'light':
      return 1 - (1 - rate) * 0.5;
    case 'realistic':
      return rate;
    case 'heavy':
      return rate * 0.7;
  }
}

/** Share of entities with 0, 1, 2 and 3 duplicate records. */
export const DUPLICATE_COUNTS: readonly number[] = [0.48, 0.3, 0.15, 0.07];

export interface IdentityOptions {
  /** How many people to make (every one has an original record). */
  entities?: number;
  /** Or: stop after this many records. With both, whichever comes first. */
  records?: number;
  seed: number;
  /** The date ages are worked out from (YYYY-MM-DD); fixed by default so a seed always makes the same rows. */
  today?: string;
  corruption?: CorruptionLevel;
}

/** What is true about a row's person, enough to say how two rows are related. */
export interface RelationFacts {
  entityId: string;
  householdId: string;
  /** Entity ids of the person's parents in the population (an absent parent is not one). */
  parentIds: readonly string[];
  /** Shared by twins (or triplets). */
  twinSet?: string | undefined;
}

export interface IdentityRow extends RelationFacts {
  record: MatchInput;
  role: 'original' | 'duplicate';
  source: Source;
  member: 'adult' | 'child';
  /** An unrelated person given this one's forename, surname and birth year on purpose. */
  namesakeOf?: string | undefined;
  /** A son given his father's forename (and surname). */
  juniorOf?: string | undefined;
  corruptions: readonly Corruption[];
}

export type Relation = 'same' | 'twin' | 'sibling' | 'parent-child' | 'household' | 'unrelated';

/** How the people behind two rows are related: a merge of anything but 'same' is a false merge. */
export function relation(a: RelationFacts, b: RelationFacts): Relation {
  if (a.entityId === b.entityId) {
    return 'same';
  }
  if (a.twinSet !== undefined && a.twinSet === b.twinSet) {
    return 'twin';
  }
  if (a.parentIds.includes(b.entityId) || b.parentIds.includes(a.entityId)) {
    return 'parent-child';
  }
  if (a.parentIds.some((parent) => b.parentIds.includes(parent))) {
    return 'sibling';
  }
  return a.householdId === b.householdId ? 'household' : 'unrelated';
}

/** The truth file's relation_note: role, source, family links and the corruptions applied. */
export function relationNote(row: IdentityRow): string {
  const parts: string[] = [row.role, `source=${row.source}`];
  if (row.parentIds.length > 0) {
    parts.push(`parents=${row.parentIds.join(' ')}`);
  }
  if (row.twinSet) {
    parts.push(`twins=${row.twinSet}`);
  }
  if (row.juniorOf) {
    parts.push(`junior-of=${row.juniorOf}`);
  }
  if (row.namesakeOf) {
    parts.push(`namesake-of=${row.namesakeOf}`);
  }
  if (row.corruptions.length > 0) {
    parts.push(`changes=${row.corruptions.join(' ')}`);
  }
  return parts.join('; ');
}

/** Reads the facts back from a truth file row, so a benchmark can count twin and sibling merges from truth.csv alone. */
export function relationFactsFromNote(entityId: string, householdId: string, note: string): RelationFacts {
  const fields = new Map(
    note
      .split(';')
      .map((part) => part.trim())
      .filter((part) => part.includes('='))
      .map((part) => [part.slice(0, part.indexOf('=')), part.slice(part.indexOf('=') + 1)] as const),
  );
  const parents = fields.get('parents');
  return { entityId, householdId, parentIds: parents ? parents.split(' ') : [], twinSet: fields.get('twins') };
}

// ---------------------------------------------------------------------------------------------
// Geography: a fixed fictional area, the same for every seed.

interface Address {
  flat?: number;
  number: number;
  street: string;
  type: (typeof STREET_TYPES)[number];
  town: string;
  postcode: string;
}

function hash(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const value of values) {
    h = Math.imul(h ^ value, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

const STREET_TYPE_WEIGHTS = cumulative(STREET_TYPES.map((type) => type.weight));
/** Each street name occurs in up to three towns (Church Road in Eastmoor and in Saltergate). */
const STREET_COUNT = STREET_NAMES.length * 3;
const NUMBERS_PER_STREET = 200;

/**
 * The address in a slot: every slot below STREET_COUNT × 200 is a different house, and slots are
 * spread so a small population still has house numbers from 1 to 200 on many streets. Neighbouring
 * houses (a block of 16 numbers) share a postcode, as they do.
 */
function addressAt(slot: number): Address {
  const position = slot % STREET_COUNT;
  const round = Math.floor(slot / STREET_COUNT);
  const street = (position * 4099) % STREET_COUNT;
  const name = STREET_NAMES[street % STREET_NAMES.length] as string;
  const streetHash = hash(street);
  const type = STREET_TYPES[pickCumulative(STREET_TYPE_WEIGHTS, (streetHash % 1000) / 1000)] as (typeof STREET_TYPES)[number];
  const district = DISTRICTS[hash(street, 7) % DISTRICTS.length] as (typeof DISTRICTS)[number];
  const number = 1 + ((round * 37 + street * 11) % NUMBERS_PER_STREET);
  const flatRound = Math.floor(round / NUMBERS_PER_STREET);
  const unit = hash(street, Math.floor(number / 16));
  const sector = 1 + (streetHash % 9);
  const letters = `${INWARD_LETTERS[unit % INWARD_LETTERS.length]}${INWARD_LETTERS[(unit >>> 8) % INWARD_LETTERS.length]}`;
  return {
    ...(flatRound > 0 ? { flat: flatRound } : {}),
    number,
    street: name,
    type,
    town: district.town,
    postcode: `${district.outward} ${sector}${letters}`,
  };
}

function formatAddress(address: Address, short = false): string {
  const flat = address.flat ? `Flat ${address.flat}, ` : '';
  return `${flat}${address.number} ${address.street} ${short ? address.type.short : address.type.name}, ${address.town}`;
}

// ---------------------------------------------------------------------------------------------
// Weighted choices.

function cumulative(weights: readonly number[]): Float64Array {
  const sums = new Float64Array(weights.length);
  let total = 0;
  for (const [index, weight] of weights.entries()) {
    total += weight;
    sums[index] = total;
  }
  for (let index = 0; index < sums.length; index += 1) {
    sums[index] = (sums[index] as number) / total;
  }
  return sums;
}

/** Index of the first cumulative share above u (binary search). */
function pickCumulative(sums: Float64Array, u: number): number {
  let low = 0;
  let high = sums.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sums[middle] as number) > u) {
      high = middle;
    } else {
      low = middle + 1;
    }
  }
  return low;
}

/** A list drawn by rank: the nth name weighs 1/n^exponent. */
class RankedList {
  private readonly sums: Float64Array;
  constructor(
    readonly names: readonly string[],
    exponent: number,
  ) {
    this.sums = cumulative(names.map((_, index) => 1 / (index + 1) ** exponent));
  }
  pick(random: () => number): string {
    return this.names[pickCumulative(this.sums, random())] as string;
  }
}

interface PreparedPool {
  pool: NamePool;
  surnames: RankedList;
  forenames?: { male: RankedList; female: RankedList };
}

const PREPARED_POOLS: readonly PreparedPool[] = NAME_POOLS.map((pool) => ({
  pool,
  surnames: new RankedList(pool.surnames, pool.surnameExponent),
  ...(pool.forenames
    ? { forenames: { male: new RankedList(pool.forenames.male, 0.6), female: new RankedList(pool.forenames.female, 0.6) } }
    : {}),
}));
const POOL_SHARES = cumulative(NAME_POOLS.map((pool) => pool.share));
const ENGLISH_LISTS = {
  male: Object.fromEntries(Object.entries(ENGLISH_FORENAMES.male).map(([era, names]) => [era, new RankedList(names, 0.7)])),
  female: Object.fromEntries(Object.entries(ENGLISH_FORENAMES.female).map(([era, names]) => [era, new RankedList(names, 0.7)])),
} as Record<'male' | 'female', Record<string, RankedList>>;

const NICKNAMES_BY_NAME: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, Set<string>>();
  for (const group of NICKNAME_GROUPS) {
    for (const name of group) {
      const others = map.get(name) ?? new Set<string>();
      for (const other of group) {
        if (other !== name) {
          others.add(other);
        }
      }
      map.set(name, others);
    }
  }
  return new Map([...map].map(([name, others]) => [name, [...others].sort()]));
})();

const RESPELLINGS_BY_NAME: ReadonlyMap<string, readonly string[]> = new Map(
  RESPELLINGS.flatMap((group) => group.map((name) => [name.toLowerCase(), group.filter((other) => other !== name)] as const)),
);

function capitalise(name: string): string {
  return name.replace(/(^|[\s'-])([a-z])/g, (_, before: string, letter: string) => `${before}${letter.toUpperCase()}`);
}

// ---------------------------------------------------------------------------------------------
// Dates.

const DAY = 86_400_000;
const YEAR = 365.25 * DAY;

function iso(time: number): string {
  const date = new Date(time);
  const month = date.getUTCMonth() + 1;
  const day = date.getUTCDate();
  return `${date.getUTCFullYear()}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

function validIsoDate(value: string, notAfter: number): boolean {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value.replaceAll('-', ''));
  if (!match) {
    return false;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, day);
  const date = new Date(time);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && time <= notAfter && year > 1900;
}

// ---------------------------------------------------------------------------------------------
// People and households.

type Sex = 'male' | 'female';

interface Person {
  entityId: string;
  householdId: string;
  pool: PreparedPool;
  sex: Sex;
  forename: string;
  middleName?: string | undefined;
  surname: string;
  /** The surname before a change (birth surname of a married woman, a child's before a step-parent's). */
  previousSurname?: string | undefined;
  born: number;
  nhsNumber?: string | undefined;
  member: 'adult' | 'child';
  parentIds: string[];
  twinSet?: string | undefined;
  namesakeOf?: string | undefined;
  juniorOf?: string | undefined;
}

interface Household {
  id: string;
  address: Address;
  previousAddress?: Address | undefined;
  people: Person[];
  /** The address as the original records write it, worked out once. */
  addressText?: string;
}

const ORIGINAL_SOURCES: Readonly<Record<'adult' | 'child', readonly [Source, number][]>> = {
  child: [
    ['health', 0.35],
    ['school', 0.3],
    ['social-care', 0.25],
    ['police', 0.1],
  ],
  adult: [
    ['health', 0.35],
    ['police', 0.25],
    ['social-care', 0.2],
    ['housing', 0.2],
  ],
};
const SOURCE_SUMS = {
  child: cumulative(ORIGINAL_SOURCES.child.map(([, weight]) => weight)),
  adult: cumulative(ORIGINAL_SOURCES.adult.map(([, weight]) => weight)),
};
const DUPLICATE_SUMS = cumulative(DUPLICATE_COUNTS);

function entityCode(prefix: string, index: number): string {
  return `${prefix}${String(index).padStart(7, '0')}`;
}

class PopulationMaker {
  readonly random: () => number;
  private readonly today: number;
  private readonly rates: CorruptionRates;
  private households = 0;
  private entities = 0;
  private twinSets = 0;
  private nhsCursor = 0;
  private readonly nhsOffset: number;
  /** Recent adults, for namesakes: an unrelated person with the same name and birth year. */
  private readonly recentAdults: Person[] = [];

  constructor(
    seed: number,
    today: string,
    private readonly level: CorruptionLevel,
  ) {
    this.random = seededRandom(seed);
    const parsed = Date.parse(`${today}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(parsed)) {
      throw new Error(`today must be a date (YYYY-MM-DD), not "${today}"`);
    }
    this.today = parsed;
    this.rates = corruptionRates(level);
    this.nhsOffset = Math.floor(this.random() * 1_000_000);
  }

  get entityCount(): number {
    return this.entities;
  }

  private chance(probability: number): boolean {
    return this.random() < probability;
  }

  private between(low: number, high: number): number {
    return low + this.random() * (high - low);
  }

  private integer(low: number, high: number): number {
    return low + Math.floor(this.random() * (high - low + 1));
  }

  private element<T>(values: readonly T[]): T {
    return values[Math.floor(this.random() * values.length)] as T;
  }

  /** NHS numbers from the 999 test range, in a scrambled order; the range holds about 909,000. */
  private nextNhsNumber(): string | undefined {
    while (this.nhsCursor < 1_000_000) {
      const serial = (this.nhsCursor * 7919 + this.nhsOffset) % 1_000_000;
      this.nhsCursor += 1;
      const number = nhsNumberFromSerial(serial);
      if (number) {
        return number;
      }
    }
    return undefined;
  }

  private pickPool(): PreparedPool {
    return PREPARED_POOLS[pickCumulative(POOL_SHARES, this.random())] as PreparedPool;
  }

  private surnameFrom(pool: PreparedPool): string {
    const { tail, headShare } = pool.pool;
    if (tail && headShare !== undefined && !this.chance(headShare)) {
      return this.element(tail);
    }
    return pool.surnames.pick(this.random);
  }

  private givenName(pool: PreparedPool, sex: Sex, born: number): string {
    const year = new Date(born).getUTCFullYear();
    // Second and third generations are more often given English names than their grandparents were.
    const englishShare = year >= 1985 ? pool.pool.englishForenameShare : pool.pool.englishForenameShare * 0.3;
    if (pool.forenames && !this.chance(englishShare)) {
      return pool.forenames[sex].pick(this.random);
    }
    return (ENGLISH_LISTS[sex][eraOf(year)] as RankedList).pick(this.random);
  }

  /** A forename unlike the siblings' (never the same name or a nickname of it); twins share an initial a fifth of the time. */
  private forenameFor(pool: PreparedPool, sex: Sex, born: number, siblings: readonly Person[], initialOf?: string): string {
    let name = this.givenName(pool, sex, born);
    for (let attempt = 0; attempt < 40; attempt += 1) {
      const lower = name.toLowerCase();
      const clash = siblings.some((sibling) => {
        const other = sibling.forename.toLowerCase();
        return (
          other === lower || areNicknames(other, lower) || RESPELLINGS_BY_NAME.get(other)?.some((form) => form.toLowerCase() === lower)
        );
      });
      const initialOk = initialOf === undefined || attempt > 30 || name[0] === initialOf[0];
      if (!clash && initialOk) {
        return name;
      }
      name = this.givenName(pool, sex, born);
    }
    return `${name}${siblings.length > 0 ? 'a' : ''}`;
  }

  private middleNameFor(pool: PreparedPool, sex: Sex, born: number, forename: string): string | undefined {
    if (!this.chance(pool.pool.key === 'english' ? 0.6 : 0.35)) {
      return undefined;
    }
    const middle = this.givenName(pool, sex, born);
    return middle === forename ? undefined : middle;
  }

  /** Applies the pool's own naming customs (Kowalska, Kaur, Begum) to a family surname. */
  private personalSurname(pool: PreparedPool, sex: Sex, surname: string): string {
    const own = sex === 'female' ? pool.pool.femaleSurnames : pool.pool.maleSurnames;
    if (own && this.chance(own.share)) {
      return this.element(own.names);
    }
    return genderedForm(pool, sex, surname);
  }

  private person(
    household: Household,
    pool: PreparedPool,
    sex: Sex,
    born: number,
    surname: string,
    member: 'adult' | 'child',
    siblings: readonly Person[] = [],
  ): Person {
    this.entities += 1;
    const forename = this.forenameFor(pool, sex, born, siblings);
    const person: Person = {
      entityId: entityCode('E', this.entities),
      householdId: household.id,
      pool,
      sex,
      forename,
      middleName: this.middleNameFor(pool, sex, born, forename),
      surname,
      born,
      nhsNumber: this.nextNhsNumber(),
      member,
      parentIds: [],
    };
    household.people.push(person);
    if (member === 'adult') {
      this.recentAdults.push(person);
      if (this.recentAdults.length > 500) {
        this.recentAdults.splice(0, 100);
      }
    }
    return person;
  }

  private bornAged(minimumYears: number, maximumYears: number): number {
    return Math.floor((this.today - this.between(minimumYears, maximumYears + 1) * YEAR) / DAY) * DAY;
  }

  /** The next household, with everyone in it. */
  household(): Household {
    this.households += 1;
    const index = this.households;
    const household: Household = {
      id: entityCode('H', index),
      address: addressAt(index),
      ...(this.chance(0.25) ? { previousAddress: addressAt(1_000_003 + index * 5) } : {}),
      people: [],
    };
    const kind = this.random();
    if (kind < 0.3) {
      this.family(household, true);
    } else if (kind < 0.45) {
      this.family(household, false);
    } else if (kind < 0.72) {
      this.singleAdult(household);
    } else {
      this.couple(household);
    }
    return household;
  }

  private singleAdult(household: Household): void {
    const namesake = this.recentAdults.length > 0 && this.chance(0.02) ? this.element(this.recentAdults) : undefined;
    if (namesake) {
      // Same name, sex and birth year; a different day, address and everything else.
      const year = new Date(namesake.born).getUTCFullYear();
      let born = Date.UTC(year, this.integer(0, 11), this.integer(1, 28));
      if (born === namesake.born) {
        born += 40 * DAY;
      }
      this.entities += 1;
      const person: Person = {
        entityId: entityCode('E', this.entities),
        householdId: household.id,
        pool: namesake.pool,
        sex: namesake.sex,
        forename: namesake.forename,
        middleName: this.middleNameFor(namesake.pool, namesake.sex, born, namesake.forename),
        surname: namesake.surname,
        born: Math.min(born, this.today - 18 * YEAR),
        nhsNumber: this.nextNhsNumber(),
        member: 'adult',
        parentIds: [],
        namesakeOf: namesake.entityId,
      };
      household.people.push(person);
      return;
    }
    const pool = this.pickPool();
    const sex: Sex = this.chance(0.5) ? 'female' : 'male';
    const born = this.bornAged(18, 90);
    const birthSurname = this.surnameFrom(pool);
    const person = this.person(household, pool, sex, born, this.personalSurname(pool, sex, birthSurname), 'adult');
    if (sex === 'female' && this.today - born > 30 * YEAR && this.chance(0.4)) {
      // Married, divorced or widowed, still using a husband's name.
      person.previousSurname = person.surname;
      person.surname = this.personalSurname(pool, sex, this.surnameFrom(pool));
    }
  }

  private partnerPool(pool: PreparedPool): PreparedPool {
    return this.chance(0.06) ? this.pickPool() : pool;
  }

  /** Couples with no children at home: young couples, older couples, a few same-sex partnerships. */
  private couple(household: Household): void {
    const pool = this.pickPool();
    const sameSex = this.chance(0.03);
    const firstSex: Sex = sameSex && this.chance(0.5) ? 'female' : 'male';
    const firstBorn = this.bornAged(22, 88);
    const first = this.person(household, pool, firstSex, firstBorn, this.personalSurname(pool, firstSex, this.surnameFrom(pool)), 'adult');
    const partnerPool = this.partnerPool(pool);
    const secondSex: Sex = sameSex ? firstSex : 'female';
    const secondBorn = Math.min(this.today - 18 * YEAR, firstBorn + this.between(-2, 8) * YEAR);
    const birthSurname = this.personalSurname(partnerPool, secondSex, this.surnameFrom(partnerPool));
    const second = this.person(household, partnerPool, secondSex, Math.floor(secondBorn / DAY) * DAY, birthSurname, 'adult');
    if (this.chance(sameSex ? 0.2 : 0.6)) {
      this.marry(first, second);
    }
  }

  /** On marriage or civil partnership most wives take the husband's surname; some double-barrel. */
  private marry(first: Person, second: Person): void {
    const roll = this.random();
    if (roll < 0.85) {
      second.previousSurname = second.surname;
      second.surname = second.pool.pool.gendered && second.sex === 'female' ? feminineSurname(first.surname) : first.surname;
    } else if (roll < 0.92) {
      second.previousSurname = second.surname;
      second.surname = `${first.surname}-${second.surname}`;
    }
  }

  private family(household: Household, twoParents: boolean): void {
    const pool = this.pickPool();
    const motherFirst = !twoParents && this.chance(0.15) ? 'father' : 'mother';
    const loneParentSex: Sex = motherFirst === 'father' ? 'male' : 'female';
    const parentBorn = this.bornAged(20, 52);
    const parentSurname = this.surnameFrom(pool);
    const parent = this.person(household, pool, twoParents ? 'female' : loneParentSex, parentBorn, parentSurname, 'adult');
    parent.surname = this.personalSurname(pool, parent.sex, parentSurname);
    let father: Person | undefined = parent.sex === 'male' ? parent : undefined;
    let childSurname = parent.surname;
    let married = false;
    if (twoParents) {
      const fatherPool = this.partnerPool(pool);
      const fatherBorn = Math.min(this.today - 19 * YEAR, parentBorn - this.between(-2, 8) * YEAR);
      const fatherSurname = this.surnameFrom(fatherPool);
      father = this.person(household, fatherPool, 'male', Math.floor(fatherBorn / DAY) * DAY, fatherSurname, 'adult');
      father.surname = this.personalSurname(fatherPool, 'male', fatherSurname);
      married = this.chance(0.55);
      if (married) {
        this.marry(father, parent);
      }
      const roll = this.random();
      if (married && !parent.surname.includes('-')) {
        childSurname = fatherSurname;
      } else if (married) {
        childSurname = parent.surname;
      } else if (roll < 0.7) {
        childSurname = fatherSurname;
      } else if (roll < 0.9) {
        childSurname = parentSurname;
      } else {
        childSurname = `${parentSurname}-${fatherSurname}`;
      }
    } else if (parent.sex === 'female') {
      if (this.chance(0.3)) {
        // Kept a former partner's name after separating.
        parent.previousSurname = parent.surname;
        parent.surname = this.personalSurname(pool, 'female', this.surnameFrom(pool));
      }
      // The children often carry their absent father's surname.
      childSurname = this.chance(0.6) ? this.surnameFrom(this.partnerPool(pool)) : parent.surname;
    }
    const mother = parent.sex === 'female' ? parent : undefined;
    const parentIds = [parent.entityId, ...(father && father !== parent ? [father.entityId] : [])];
    const children: Person[] = [];
    const childCount = [1, 2, 3, 4][pickCumulative(cumulative([0.35, 0.4, 0.17, 0.08]), this.random())] as number;
    // The eldest child at home is at most 19: older ones have left.
    const parentAge = (this.today - parentBorn) / YEAR;
    let born = parentBorn + this.between(Math.max(18, parentAge - 19), Math.min(38, parentAge)) * YEAR;
    let juniorGiven = false;
    for (let birth = 0; birth < childCount && born <= this.today; birth += 1) {
      const dob = Math.floor(born / DAY) * DAY;
      const multiple = this.chance(0.03) ? (this.chance(0.05) ? 3 : 2) : 1;
      const twinSet = multiple > 1 ? entityCode('T', ++this.twinSets) : undefined;
      const sameSexTwins = this.chance(0.65);
      let firstSex: Sex | undefined;
      let firstName: string | undefined;
      const childPool = father && this.chance(0.5) ? father.pool : pool;
      const renamed = !twoParents && mother !== undefined && this.chance(0.15);
      for (let child = 0; child < multiple; child += 1) {
        if (this.today - dob > 19 * YEAR) {
          break;
        }
        const sex: Sex = child > 0 && sameSexTwins && firstSex ? firstSex : this.chance(0.51) ? 'male' : 'female';
        // Twins share a surname (in its masculine or feminine form): no Kaur for one and Patel for the other.
        const surname = multiple > 1 ? genderedForm(childPool, sex, childSurname) : this.personalSurname(childPool, sex, childSurname);
        this.entities += 1;
        const forename =
          child > 0 && this.chance(0.2)
            ? this.forenameFor(childPool, sex, dob, children, firstName)
            : this.forenameFor(childPool, sex, dob, children);
        const person: Person = {
          entityId: entityCode('E', this.entities),
          householdId: household.id,
          pool: childPool,
          sex,
          forename,
          middleName: this.middleNameFor(childPool, sex, dob, forename),
          surname,
          born: dob,
          nhsNumber: this.nextNhsNumber(),
          member: 'child',
          parentIds,
          twinSet,
        };
        const fatherName = father?.forename;
        if (
          sex === 'male' &&
          father &&
          !juniorGiven &&
          multiple === 1 &&
          !children.some((sibling) => sibling.forename === fatherName) &&
          this.chance(0.04)
        ) {
          // Named after his father: the father-and-son pair a matcher must keep apart.
          person.forename = father.forename;
          person.surname = father.surname;
          person.juniorOf = father.entityId;
          juniorGiven = true;
        }
        const mothersName = mother ? genderedForm(childPool, sex, mother.surname) : undefined;
        if (renamed && mothersName && mothersName !== person.surname && !pool.pool.femaleSurnames?.names.includes(mothersName)) {
          // A child who has since taken the mother's (or a step-parent's) name.
          person.previousSurname = person.surname;
          person.surname = mothersName;
        }
        firstSex ??= sex;
        firstName ??= person.forename;
        household.people.push(person);
        children.push(person);
      }
      // Usually 1–5 years apart; sometimes barely a year ("Irish twins").
      born += this.chance(0.1) ? this.between(0.85, 1.1) * YEAR : this.between(1.2, 5) * YEAR;
    }
    const grandparentShare = pool.pool.multigenerational ?? 0.03;
    if (twoParents && father && this.chance(grandparentShare)) {
      const grandSex: Sex = this.chance(0.6) ? 'female' : 'male';
      const grandBorn = Math.max(father.born - this.between(20, 36) * YEAR, this.today - 95 * YEAR);
      const grandparent = this.person(household, father.pool, grandSex, Math.floor(grandBorn / DAY) * DAY, father.surname, 'adult');
      if (grandSex === 'female' && this.chance(0.7)) {
        grandparent.previousSurname = this.surnameFrom(father.pool);
      }
      grandparent.surname = this.personalSurname(father.pool, grandSex, father.surname);
      father.parentIds.push(grandparent.entityId);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Records.

  private sourceFor(member: 'adult' | 'child'): Source {
    return (ORIGINAL_SOURCES[member][pickCumulative(SOURCE_SUMS[member], this.random())] as [Source, number])[0];
  }

  /** The original record and its duplicates for one person. */
  recordsOf(person: Person, household: Household): IdentityRow[] {
    household.addressText ??= formatAddress(household.address);
    const duplicates = pickCumulative(DUPLICATE_SUMS, this.random());
    const family = household.people.filter((other) => other !== person && other.nhsNumber);
    const rows: IdentityRow[] = [];
    for (let index = 0; index <= duplicates; index += 1) {
      const role = index === 0 ? 'original' : 'duplicate';
      const source = this.sourceFor(person.member);
      const corruptions: Corruption[] = [];
      const record = role === 'original' ? this.cleanRecord(person, household) : this.corruptRecord(person, household, source, corruptions);
      if (person.nhsNumber) {
        if (!this.chance(nhsRecordedRate(source, this.level))) {
          corruptions.push('nhs_missing');
        } else if (role === 'duplicate' && family.length > 0 && this.chance(this.rates.nhs_other_person)) {
          record.nhsNumber = this.element(family).nhsNumber;
          corruptions.push('nhs_other_person');
        } else if (role === 'duplicate' && this.chance(this.rates.nhs_typo)) {
          record.nhsNumber = this.digitTypo(person.nhsNumber);
          corruptions.push('nhs_typo');
        } else {
          record.nhsNumber = person.nhsNumber;
          if (role === 'duplicate' && this.chance(this.rates.nhs_format)) {
            record.nhsNumber = spacedNhs(person.nhsNumber);
            corruptions.push('nhs_format');
          }
        }
      }
      rows.push({
        record,
        entityId: person.entityId,
        householdId: person.householdId,
        parentIds: person.parentIds,
        twinSet: person.twinSet,
        role,
        source,
        member: person.member,
        namesakeOf: person.namesakeOf,
        juniorOf: person.juniorOf,
        corruptions,
      });
    }
    return rows;
  }

  private cleanRecord(person: Person, household: Household): MatchInput {
    const keepHistory = !this.chance(this.rates.history_missing);
    return {
      id: '',
      forename: person.forename,
      surname: person.surname,
      ...(person.previousSurname && keepHistory ? { otherNames: [{ surname: person.previousSurname }] } : {}),
      dob: iso(person.born),
      sex: person.sex === 'female' ? 'F' : 'M',
      postcode: household.address.postcode,
      ...(household.previousAddress && keepHistory ? { otherPostcodes: [household.previousAddress.postcode] } : {}),
      address: household.addressText ?? formatAddress(household.address),
    };
  }

  private corruptRecord(person: Person, household: Household, source: Source, corruptions: Corruption[]): MatchInput {
    const rates = this.rates;
    const record = this.cleanRecord(person, household);
    const applies = (key: keyof CorruptionRates, factor = 1): boolean => {
      if (this.chance(rates[key] * factor)) {
        corruptions.push(key);
        return true;
      }
      return false;
    };
    // Surname.
    let surname = person.surname;
    if (person.previousSurname && applies('surname_previous')) {
      surname = person.previousSurname;
      record.otherNames = this.chance(0.3) ? [{ surname: person.surname }] : undefined;
    }
    if (surname.includes('-') && applies('surname_hyphen')) {
      const parts = surname.split('-');
      surname = this.chance(0.2) ? parts.join(' ') : this.element(parts);
    }
    if (applies('surname_respelt')) {
      surname = this.respell(surname);
    }
    if (applies('surname_typo')) {
      surname = this.typo(surname);
    }
    // Forename.
    let forename = person.forename;
    const nicknames = NICKNAMES_BY_NAME.get(forename.toLowerCase());
    if (nicknames && applies('forename_nickname')) {
      forename = capitalise(this.element(nicknames));
    } else if (person.middleName && applies('middle_name')) {
      forename = this.chance(0.67) ? `${forename} ${person.middleName}` : person.middleName;
    }
    if (applies('forename_respelt')) {
      forename = this.respell(forename);
    }
    if (applies('forename_typo')) {
      forename = this.typo(forename);
    }
    if (applies('name_swap', person.pool.pool.nameOrderSwapFactor ?? 1)) {
      [forename, surname] = [surname, forename];
    }
    if (applies('name_case', source === 'police' ? 5 : 1)) {
      const style = this.random();
      if (style < 0.6) {
        surname = surname.toUpperCase();
      } else if (style < 0.8) {
        forename = forename.toLowerCase();
        surname = surname.toLowerCase();
      } else {
        forename = ` ${forename}`;
        surname = `${surname}  `;
      }
    }
    record.forename = forename;
    record.surname = surname;
    // Date of birth: at most one thing wrong with it.
    const dob = iso(person.born);
    const [year, month, day] = dob.split('-') as [string, string, string];
    if (applies('dob_missing')) {
      record.dob = undefined;
    } else if (applies('dob_placeholder')) {
      record.dob = '1900-01-01';
    } else if (Number(day) <= 12 && day !== month && applies('dob_swap')) {
      record.dob = `${year}-${day}-${month}`;
    } else if (applies('dob_typo')) {
      record.dob = this.dobTypo(dob);
    }
    // Sex.
    if (applies('sex_missing')) {
      record.sex = undefined;
    } else if (applies('sex_wrong')) {
      record.sex = record.sex === 'F' ? 'M' : 'F';
    } else if (applies('sex_format')) {
      record.sex = person.sex === 'female' ? this.element(['Female', 'female', 'F', 'f']) : this.element(['Male', 'male', 'M', 'm']);
    }
    // Address and postcode.
    let address = household.address;
    if (household.previousAddress && applies('postcode_old')) {
      address = household.previousAddress;
      record.otherPostcodes = this.chance(0.1) ? [household.address.postcode] : undefined;
    }
    record.postcode = address.postcode;
    if (applies('postcode_missing')) {
      record.postcode = undefined;
    } else if (applies('postcode_typo')) {
      record.postcode = this.postcodeTypo(address.postcode);
    } else if (applies('postcode_format')) {
      record.postcode = this.chance(0.5) ? address.postcode.replace(' ', '') : address.postcode.toLowerCase();
    }
    if (applies('address_missing')) {
      record.address = undefined;
    } else {
      let text = formatAddress(address, applies('address_short'));
      if (corruptions.includes('address_short') && this.chance(0.5)) {
        text = text.slice(0, text.lastIndexOf(','));
      }
      if (applies('address_typo')) {
        text = text.replace(address.street, this.typo(address.street));
      }
      record.address = text;
    }
    return record;
  }

  /** One keying error: a neighbouring key, two letters swapped, a letter dropped or doubled. */
  typo(name: string): string {
    const positions: number[] = [];
    for (let index = 0; index < name.length; index += 1) {
      if (/[a-z]/i.test(name[index] as string)) {
        positions.push(index);
      }
    }
    if (positions.length < 3) {
      return `${name}${name.at(-1) ?? ''}`;
    }
    // The first letter is rarely the one mistyped.
    const candidates = this.chance(0.9) ? positions.slice(1) : positions;
    const at = this.element(candidates);
    const char = name[at] as string;
    const lower = char.toLowerCase();
    const kind = this.random();
    if (kind < 0.35) {
      const replacement = this.element([...(KEYBOARD_NEIGHBOURS[lower] ?? 'e')]);
      return `${name.slice(0, at)}${char === lower ? replacement : replacement.toUpperCase()}${name.slice(at + 1)}`;
    }
    if (kind < 0.6 && at + 1 < name.length && /[a-z]/i.test(name[at + 1] as string) && name[at + 1] !== char) {
      const next = name[at + 1] as string;
      return `${name.slice(0, at)}${next}${char}${name.slice(at + 2)}`;
    }
    if (kind < 0.8) {
      return `${name.slice(0, at)}${name.slice(at + 1)}`;
    }
    return `${name.slice(0, at)}${char}${name.slice(at)}`;
  }

  /** How the name is written elsewhere: a known transliteration, or a spelling rule that changes it. */
  respell(name: string): string {
    const known = RESPELLINGS_BY_NAME.get(name.toLowerCase());
    if (known && known.length > 0) {
      return this.element(known);
    }
    const start = Math.floor(this.random() * RESPELLING_RULES.length);
    for (let offset = 0; offset < RESPELLING_RULES.length; offset += 1) {
      const [pattern, replacement] = RESPELLING_RULES[(start + offset) % RESPELLING_RULES.length] as readonly [RegExp, string];
      const changed = name.replace(pattern, replacement);
      if (changed !== name && changed.replace(/[^a-z]/gi, '').length >= 2) {
        return capitalise(changed);
      }
    }
    return this.typo(name);
  }

  private digitTypo(digits: string): string {
    const at = this.integer(3, digits.length - 1);
    const current = Number(digits[at]);
    const replacement = (current + this.integer(1, 9)) % 10;
    return `${digits.slice(0, at)}${replacement}${digits.slice(at + 1)}`;
  }

  private dobTypo(dob: string): string | undefined {
    const digits = dob.replaceAll('-', '');
    for (let attempt = 0; attempt < 20; attempt += 1) {
      // Not the century: a typo makes 1987 into 1978 or 1997, not 2087.
      const at = this.integer(2, 7);
      const changed = `${digits.slice(0, at)}${this.integer(0, 9)}${digits.slice(at + 1)}`;
      if (changed !== digits && validIsoDate(changed, this.today)) {
        return `${changed.slice(0, 4)}-${changed.slice(4, 6)}-${changed.slice(6, 8)}`;
      }
    }
    return dob;
  }

  private postcodeTypo(postcode: string): string {
    const [outward, inward] = postcode.split(' ') as [string, string];
    const at = this.integer(1, 2);
    const letters = [...inward];
    const current = letters[at] as string;
    let replacement = current;
    while (replacement === current) {
      replacement = this.element([...INWARD_LETTERS]);
    }
    letters[at] = replacement;
    return `${outward} ${letters.join('')}`;
  }
}

/** A family surname in the form for this sex (Kowalski, Kowalska). */
function genderedForm(pool: PreparedPool, sex: Sex, surname: string): string {
  if (!pool.pool.gendered) {
    return surname;
  }
  return sex === 'female' ? feminineSurname(surname) : masculineSurname(surname);
}

function spacedNhs(nhs: string): string {
  return `${nhs.slice(0, 3)} ${nhs.slice(3, 6)} ${nhs.slice(6)}`;
}

/** The people file's columns: the batch matcher's standard fields. */
export const PEOPLE_CSV_COLUMNS = ['id', 'forename', 'surname', 'dob', 'sex', 'postcode', 'address', 'nhs_number'] as const;
export const TRUTH_CSV_COLUMNS = ['id', 'entity_id', 'household_id', 'relation_note'] as const;

/**
 * A row of the people file. Dates of birth come in the formats partners' files use (three in four
 * ISO, then 14/03/2019 and 20190314), chosen by `random` so the batch matcher must parse them.
 */
export function peopleCsvRow(row: IdentityRow, random: () => number): (string | undefined)[] {
  const { record } = row;
  let dob = record.dob ?? undefined;
  if (dob && /^\d{4}-\d{2}-\d{2}$/.test(dob)) {
    const roll = random();
    if (roll >= 0.9) {
      dob = dob.replaceAll('-', '');
    } else if (roll >= 0.75) {
      dob = `${dob.slice(8, 10)}/${dob.slice(5, 7)}/${dob.slice(0, 4)}`;
    }
  }
  return [
    record.id,
    record.forename ?? undefined,
    record.surname ?? undefined,
    dob,
    record.sex ?? undefined,
    record.postcode ?? undefined,
    record.address ?? undefined,
    record.nhsNumber ?? undefined,
  ];
}

export function truthCsvRow(row: IdentityRow): string[] {
  return [row.record.id, row.entityId, row.householdId, relationNote(row)];
}

/** Rows are held back in a window this size and let out in random order, so a person's records are not adjacent. */
const SHUFFLE_WINDOW = 4096;

/**
 * A synthetic UK-like population with known truth, as a stream: one original record per person and
 * the duplicates other agencies hold, corrupted as described at the top of this file. The same seed
 * (and today) always gives the same rows. Record ids (R0000001, …) are given in output order.
 */
export function* identityRows(options: IdentityOptions): Generator<IdentityRow> {
  const { entities, records } = options;
  if (entities === undefined && records === undefined) {
    throw new Error('Say how many entities or records to make');
  }
  const maker = new PopulationMaker(options.seed, options.today ?? '2026-01-01', options.corruption ?? 'realistic');
  const shuffle = seededRandom(options.seed ^ 0x5bd1e995);
  const window: IdentityRow[] = [];
  let made = 0;
  let emitted = 0;
  const take = (): IdentityRow => {
    const at = Math.floor(shuffle() * window.length);
    const row = window[at] as IdentityRow;
    window[at] = window[window.length - 1] as IdentityRow;
    window.pop();
    emitted += 1;
    row.record.id = entityCode('R', emitted);
    return row;
  };
  const full = () => (records !== undefined && made >= records) || (entities !== undefined && maker.entityCount >= entities);
  while (!full()) {
    const household = maker.household();
    for (const person of household.people) {
      if (entities !== undefined && Number(person.entityId.slice(1)) > entities) {
        break;
      }
      for (const row of maker.recordsOf(person, household)) {
        if (records !== undefined && made >= records) {
          break;
        }
        window.push(row);
        made += 1;
        if (window.length >= SHUFFLE_WINDOW) {
          yield take();
        }
      }
    }
  }
  while (window.length > 0) {
    yield take();
  }
}

/** The whole population as an array: for tests and small benchmarks (use identityRows for a million). */
export function generateIdentities(options: IdentityOptions): IdentityRow[] {
  return [...identityRows(options)];
}
