import {
  jaroWinkler,
  oneTypingErrorApart,
  type PostcodeParts,
  postcodeDisplay,
  sameArea,
  sameDistrict,
  sameSector,
  withinOneEdit,
} from './comparators.ts';
import { areNicknames } from './nicknames.ts';
import type { NameForm, PreparedAddress, PreparedRecord } from './record.ts';

/**
 * The comparisons of the Fellegi–Sunter model: for each field, an ordered list of levels from the
 * strongest agreement to "different". A pair falls into the first level it satisfies; a field missing
 * from either record is "no data" (-1) and counts neither way.
 */
export interface ComparisonLevel {
  key: string;
  /** How the level reads to a practitioner: "sounds the same". */
  label: string;
}

export interface LevelResult {
  level: number;
  /** The values that agreed (or differed), for the explanation. */
  left?: string;
  right?: string;
  /** True when the agreement was with a previous name, alias or earlier address. */
  other?: boolean;
  /** The value whose frequency adjusts the weight (exact levels only). */
  termValue?: string;
  /** That value as a person would write it, when it is not `left` (an address's postcode). */
  termLabel?: string;
  /** The other record's value, for names: two different names that are both common are two people more often than one typo. */
  otherTermValue?: string;
  /** Forename and surname were the other way round in one record. */
  swapped?: boolean;
}

export interface Comparison {
  key: ComparisonKey;
  label: string;
  levels: readonly ComparisonLevel[];
  /** Levels whose weight is adjusted by how common the agreeing value is. */
  termFrequencyLevels: readonly number[];
  /** With explain false, only the level and the value for term frequency: the batch path, no strings made. */
  compare(a: PreparedRecord, b: PreparedRecord, explain?: boolean): LevelResult;
}

export type ComparisonKey = 'forename' | 'surname' | 'dob' | 'sex' | 'address' | 'nhsNumber' | 'identifiers';

const NO_DATA: LevelResult = { level: -1 };

export const FORENAME_LEVELS = {
  exact: 0,
  nickname: 1,
  close: 2,
  sounds: 3,
  similar: 4,
  initial: 5,
  different: 6,
} as const;

export const SURNAME_LEVELS = { exact: 0, part: 1, close: 2, sounds: 3, similar: 4, different: 5 } as const;

function forenameLevel(a: NameForm, b: NameForm): number {
  if (a.first === b.first) {
    return FORENAME_LEVELS.exact;
  }
  if (areNicknames(a.first, b.first)) {
    return FORENAME_LEVELS.nickname;
  }
  const similarity = jaroWinkler(a.first, b.first);
  if (similarity >= 0.92 || (a.first.length >= 4 && oneTypingErrorApart(a.first, b.first))) {
    return FORENAME_LEVELS.close;
  }
  if (a.sound === b.sound || (a.soundAlternative !== '' && a.soundAlternative === b.soundAlternative)) {
    return FORENAME_LEVELS.sounds;
  }
  if (similarity >= 0.85) {
    return FORENAME_LEVELS.similar;
  }
  if ((a.first.length === 1 || b.first.length === 1) && a.first[0] === b.first[0]) {
    return FORENAME_LEVELS.initial;
  }
  return FORENAME_LEVELS.different;
}

function surnameLevel(a: NameForm, b: NameForm): number {
  if (a.joined === b.joined) {
    return SURNAME_LEVELS.exact;
  }
  // Smith-Jones and Smith, Jones and Smith Jones: one part of a double-barrelled name.
  if ((a.words.length > 1 || b.words.length > 1) && a.words.some((word) => word.length > 1 && b.words.includes(word))) {
    return SURNAME_LEVELS.part;
  }
  const left = a.letters;
  const right = b.letters;
  if (left === right) {
    return SURNAME_LEVELS.exact;
  }
  const similarity = jaroWinkler(left, right);
  // Jaro–Winkler forgives late errors and punishes an early one; one typing error anywhere is as close.
  if (similarity >= 0.92 || (left.length >= 4 && oneTypingErrorApart(left, right))) {
    return SURNAME_LEVELS.close;
  }
  if (a.sound === b.sound || (a.soundAlternative !== '' && a.soundAlternative === b.soundAlternative)) {
    return SURNAME_LEVELS.sounds;
  }
  if (similarity >= 0.85) {
    return SURNAME_LEVELS.similar;
  }
  return SURNAME_LEVELS.different;
}

/** The best agreement between any recorded form of one name and any of the other's. */
function bestNameLevel(left: readonly NameForm[], right: readonly NameForm[], levelOf: (a: NameForm, b: NameForm) => number): LevelResult {
  const firstLeft = left[0];
  const firstRight = right[0];
  if (firstLeft === undefined || firstRight === undefined) {
    return NO_DATA;
  }
  let best = levelOf(firstLeft, firstRight);
  let bestLeft = firstLeft;
  let bestRight = firstRight;
  if (best !== 0 && (left.length > 1 || right.length > 1)) {
    for (const a of left) {
      for (const b of right) {
        const level = levelOf(a, b);
        if (level < best) {
          best = level;
          bestLeft = a;
          bestRight = b;
        }
      }
    }
  }
  return {
    level: best,
    left: bestLeft.display,
    right: bestRight.display,
    other: bestLeft.other || bestRight.other,
    termValue: bestLeft.joined,
    otherTermValue: bestRight.joined,
  };
}

export const forenameComparison: Comparison = {
  key: 'forename',
  label: 'Given name',
  levels: [
    { key: 'exact', label: 'the same' },
    { key: 'nickname', label: 'one is a usual short form of the other' },
    { key: 'close', label: 'spelt almost the same' },
    { key: 'sounds', label: 'sound the same' },
    { key: 'similar', label: 'spelt alike' },
    { key: 'initial', label: 'only an initial, which agrees' },
    { key: 'different', label: 'different' },
  ],
  termFrequencyLevels: [FORENAME_LEVELS.exact],
  compare: (a, b) => bestNameLevel(a.forenames, b.forenames, forenameLevel),
};

export const surnameComparison: Comparison = {
  key: 'surname',
  label: 'Family name',
  levels: [
    { key: 'exact', label: 'the same' },
    { key: 'part', label: 'share one part of a double-barrelled name' },
    { key: 'close', label: 'spelt almost the same' },
    { key: 'sounds', label: 'sound the same' },
    { key: 'similar', label: 'spelt alike' },
    { key: 'different', label: 'different' },
  ],
  termFrequencyLevels: [SURNAME_LEVELS.exact],
  compare: (a, b) => bestNameLevel(a.surnames, b.surnames, surnameLevel),
};

export const DOB_LEVELS = { exact: 0, swapped: 1, typo: 2, year: 3, different: 4 } as const;

function formatDob(dob: { day: number; month: number; year: number }): string {
  return `${String(dob.day).padStart(2, '0')}/${String(dob.month).padStart(2, '0')}/${dob.year}`;
}

export const dobComparison: Comparison = {
  key: 'dob',
  label: 'Date of birth',
  levels: [
    { key: 'exact', label: 'the same' },
    { key: 'swapped', label: 'the same with day and month swapped' },
    { key: 'typo', label: 'one digit different' },
    { key: 'year', label: 'only the year agrees' },
    { key: 'different', label: 'different' },
  ],
  termFrequencyLevels: [],
  compare(a, b, explain = true) {
    if (!a.dob || !b.dob) {
      return NO_DATA;
    }
    const described = explain ? { left: formatDob(a.dob), right: formatDob(b.dob) } : {};
    if (a.dob.digits === b.dob.digits) {
      return { level: DOB_LEVELS.exact, ...described };
    }
    if (a.dob.year === b.dob.year && a.dob.day === b.dob.month && a.dob.month === b.dob.day) {
      return { level: DOB_LEVELS.swapped, ...described };
    }
    if (withinOneEdit(a.dob.digits, b.dob.digits)) {
      return { level: DOB_LEVELS.typo, ...described };
    }
    if (a.dob.year === b.dob.year) {
      return { level: DOB_LEVELS.year, ...described };
    }
    return { level: DOB_LEVELS.different, ...described };
  },
};

const SEX_WORDS = { f: 'female', m: 'male', x: 'another sex' } as const;

export const sexComparison: Comparison = {
  key: 'sex',
  label: 'Sex',
  levels: [
    { key: 'exact', label: 'the same' },
    { key: 'different', label: 'different' },
  ],
  termFrequencyLevels: [],
  compare(a, b) {
    if (!a.sex || !b.sex) {
      return NO_DATA;
    }
    return { level: a.sex === b.sex ? 0 : 1, left: SEX_WORDS[a.sex], right: SEX_WORDS[b.sex] };
  },
};

export const ADDRESS_LEVELS = { sameAddress: 0, samePostcode: 1, sector: 2, district: 3, area: 4, different: 5 } as const;

function sameStreetAddress(a: PreparedAddress, b: PreparedAddress): boolean {
  if (a.normalised === b.normalised) {
    return true;
  }
  // The same house number in a street with a name spelt alike: "39 Redcliffe St" and "Flat 20, 39 Beck
  // Street" share a number and the word street, which is not the same address.
  return (
    a.number !== undefined &&
    a.number === b.number &&
    a.street.length > 0 &&
    b.street.length > 0 &&
    (a.street === b.street || b.street.startsWith(a.street) || a.street.startsWith(b.street) || jaroWinkler(a.street, b.street) >= 0.9)
  );
}

function postcodeLevel(left: PostcodeParts, right: PostcodeParts): number {
  if (left.full === right.full) {
    return ADDRESS_LEVELS.samePostcode;
  }
  if (sameSector(left, right)) {
    return ADDRESS_LEVELS.sector;
  }
  if (sameDistrict(left, right)) {
    return ADDRESS_LEVELS.district;
  }
  if (sameArea(left, right)) {
    return ADDRESS_LEVELS.area;
  }
  return ADDRESS_LEVELS.different;
}

/**
 * Address and postcode are one comparison: they say the same thing twice, and counting both as
 * independent evidence would let a shared home outweigh a date of birth 27 years apart.
 */
export const addressComparison: Comparison = {
  key: 'address',
  label: 'Address',
  levels: [
    { key: 'same-address', label: 'the same address' },
    { key: 'same-postcode', label: 'the same postcode' },
    { key: 'sector', label: 'in the same postcode sector' },
    { key: 'district', label: 'in the same postcode district' },
    { key: 'area', label: 'in the same postcode area' },
    { key: 'different', label: 'in different places' },
  ],
  termFrequencyLevels: [ADDRESS_LEVELS.sameAddress, ADDRESS_LEVELS.samePostcode],
  compare(a, b, explain = true) {
    const currentLeft = a.postcodes[0];
    const currentRight = b.postcodes[0];
    if (a.address && b.address && sameStreetAddress(a.address, b.address)) {
      const postcodesAgree =
        currentLeft === undefined ||
        currentRight === undefined ||
        currentLeft.other ||
        currentRight.other ||
        currentLeft.full === currentRight.full;
      if (postcodesAgree) {
        return {
          level: ADDRESS_LEVELS.sameAddress,
          left: a.address.display,
          right: b.address.display,
          ...(currentLeft && currentRight && currentLeft.full === currentRight.full
            ? { termValue: currentLeft.full, ...(explain ? { termLabel: `the postcode ${postcodeDisplay(currentLeft)}` } : {}) }
            : {}),
        };
      }
    }
    if (currentLeft === undefined || currentRight === undefined) {
      if (a.address && b.address) {
        return { level: ADDRESS_LEVELS.different, left: a.address.display, right: b.address.display };
      }
      return NO_DATA;
    }
    let best: number = ADDRESS_LEVELS.different;
    let bestLeft = currentLeft;
    let bestRight = currentRight;
    for (const left of a.postcodes) {
      for (const right of b.postcodes) {
        const level = postcodeLevel(left, right);
        if (level < best) {
          best = level;
          bestLeft = left;
          bestRight = right;
        }
      }
    }
    if (!explain) {
      return { level: best, termValue: bestLeft.full };
    }
    return {
      level: best,
      left: postcodeDisplay(bestLeft),
      right: postcodeDisplay(bestRight),
      other: bestLeft.other || bestRight.other,
      termValue: bestLeft.full,
    };
  },
};

export const nhsNumberComparison: Comparison = {
  key: 'nhsNumber',
  label: 'NHS number',
  levels: [
    { key: 'exact', label: 'the same' },
    { key: 'different', label: 'different' },
  ],
  termFrequencyLevels: [],
  compare(a, b) {
    if (!a.nhsNumber || !b.nhsNumber) {
      return NO_DATA;
    }
    return { level: a.nhsNumber === b.nhsNumber ? 0 : 1, left: a.nhsNumber, right: b.nhsNumber };
  },
};

export const IDENTIFIER_LEVELS = { exact: 0, typo: 1, different: 2 } as const;

export const identifiersComparison: Comparison = {
  key: 'identifiers',
  label: 'Other identifiers',
  levels: [
    { key: 'exact', label: 'the same' },
    { key: 'typo', label: 'one typing error apart' },
    { key: 'different', label: 'different' },
  ],
  termFrequencyLevels: [],
  compare(a, b, explain = true) {
    if (a.identifiers.size === 0 || b.identifiers.size === 0) {
      return NO_DATA;
    }
    // Of the identifiers both records hold, the best agreement counts.
    let best: LevelResult | undefined;
    for (const [name, value] of a.identifiers) {
      const other = b.identifiers.get(name);
      if (other === undefined) {
        continue;
      }
      const level =
        other === value
          ? IDENTIFIER_LEVELS.exact
          : oneTypingErrorApart(value, other)
            ? IDENTIFIER_LEVELS.typo
            : IDENTIFIER_LEVELS.different;
      if (best === undefined || level < best.level) {
        best = explain ? { level, left: `${name} ${value}`, right: `${name} ${other}` } : { level };
        if (level === IDENTIFIER_LEVELS.exact) {
          break;
        }
      }
    }
    return best ?? NO_DATA;
  },
};

/** Every comparison, in the order explanations list them. */
export const COMPARISONS: readonly Comparison[] = [
  forenameComparison,
  surnameComparison,
  dobComparison,
  sexComparison,
  addressComparison,
  nhsNumberComparison,
  identifiersComparison,
];

/**
 * Forename and surname written the other way round in one record ('Okafor Samuel'): the names are
 * compared crossed, and the crossed reading is used when it agrees better than the straight one.
 */
export function crossedNames(a: PreparedRecord, b: PreparedRecord): { forename: LevelResult; surname: LevelResult } | undefined {
  const aForename = a.forenames[0];
  const aSurname = a.surnames[0];
  const bForename = b.forenames[0];
  const bSurname = b.surnames[0];
  if (!aForename || !aSurname || !bForename || !bSurname) {
    return undefined;
  }
  const forename = forenameLevel(aForename, bSurname);
  const surname = surnameLevel(aSurname, bForename);
  if (forename > FORENAME_LEVELS.close || surname > SURNAME_LEVELS.close) {
    return undefined;
  }
  // How common a name is depends on its role ("Murphy" is a rare given name and a common family name)
  // and which record has them the other way round is unknown, so crossed names get no frequency
  // adjustment: they count as an average agreement.
  return {
    forename: { level: forename, left: aForename.display, right: bSurname.display, swapped: true },
    surname: { level: surname, left: aSurname.display, right: bForename.display, swapped: true },
  };
}
