import type { PreparedRecord } from './record.ts';

/**
 * Blocking: only records that share a key under some rule are compared, so a million records make
 * tens of millions of pairs rather than half a trillion. The rules are chosen so that a true match
 * usually shares at least one key even when several fields are wrong: each rule leans on different
 * fields. A pair found by an earlier rule is not compared again by a later one.
 */
export interface BlockingRule {
  key: string;
  /** For the benchmark and the model page. */
  description: string;
  keys(record: PreparedRecord): string | string[] | undefined;
}

function sorted(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

function many(values: string[]): string | string[] | undefined {
  if (values.length === 0) {
    return undefined;
  }
  if (values.length === 1) {
    return values[0];
  }
  return [...new Set(values)].sort();
}

export const BLOCKING_RULES: readonly BlockingRule[] = [
  {
    key: 'nhs-number',
    description: 'the same valid NHS number',
    keys: (record) => record.nhsNumber,
  },
  {
    key: 'identifier',
    description: 'the same value of another identifier',
    keys: (record) => many([...record.identifiers].map(([name, value]) => `${name}:${value}`)),
  },
  {
    key: 'date-of-birth',
    description: 'the same date of birth, or the same with day and month swapped',
    keys: (record) => (record.dob ? `${record.dob.year}|${sorted(String(record.dob.month), String(record.dob.day))}` : undefined),
  },
  {
    key: 'name-sounds',
    description: 'given and family names that sound the same (either way round)',
    keys(record) {
      const keys: string[] = [];
      for (const forename of record.forenames) {
        for (const surname of record.surnames) {
          if (forename.sound && surname.sound) {
            keys.push(sorted(forename.sound, surname.sound));
          }
        }
      }
      return many(keys);
    },
  },
  {
    key: 'surname-sounds-and-birth-year',
    description: 'a family name that sounds the same and the same year of birth',
    keys: (record) =>
      record.dob
        ? many(record.surnames.filter((surname) => surname.sound).map((surname) => `${surname.sound}|${record.dob?.year}`))
        : undefined,
  },
  {
    key: 'postcode-and-initial',
    description: 'the same postcode and the same first letter of the given name',
    keys(record) {
      const initials = [...new Set(record.forenames.map((forename) => forename.first[0]))];
      return many(record.postcodes.flatMap((postcode) => initials.map((initial) => `${postcode.full}|${initial}`)));
    },
  },
];

type Keys = string | string[] | undefined;

function sharesKey(a: Keys, b: Keys, below?: string): boolean {
  if (a === undefined || b === undefined) {
    return false;
  }
  if (typeof a === 'string') {
    return (below === undefined || a < below) && (typeof b === 'string' ? a === b : b.includes(a));
  }
  for (const key of a) {
    if ((below === undefined || key < below) && (typeof b === 'string' ? key === b : b.includes(key))) {
      return true;
    }
  }
  return false;
}

export interface BlockingStats {
  rules: { key: string; blocks: number; pairs: number; oversizedBlocks: number; oversizedRecords: number }[];
  pairs: number;
}

export interface BlockingOptions {
  rules?: readonly BlockingRule[];
  /** Link two files: records before this index are the left file; only left–right pairs are made. */
  leftCount?: number;
  /**
   * Blocks bigger than this are skipped (and counted): a placeholder value shared by thousands of
   * records ('01/01/1900') would otherwise make millions of useless pairs.
   */
  maxBlockSize?: number;
  onRuleStart?: (rule: BlockingRule, expectedPairs: number) => void;
}

export const DEFAULT_MAX_BLOCK_SIZE = 3000;

function blockPairCount(block: readonly number[], leftCount: number | undefined): number {
  if (leftCount === undefined) {
    return (block.length * (block.length - 1)) / 2;
  }
  let left = 0;
  for (const index of block) {
    if (index < leftCount) {
      left += 1;
    }
  }
  return left * (block.length - left);
}

/**
 * Calls visit(i, j) once for every candidate pair, i < j (and in link mode i in the left file, j in
 * the right). Keys are worked out per rule and dropped after it, so memory holds one rule's blocks.
 */
export function forEachCandidatePair(
  records: readonly PreparedRecord[],
  visit: (i: number, j: number) => void,
  options: BlockingOptions = {},
): BlockingStats {
  const rules = options.rules ?? BLOCKING_RULES;
  const maxBlockSize = options.maxBlockSize ?? DEFAULT_MAX_BLOCK_SIZE;
  const leftCount = options.leftCount;
  const keysByRule: Keys[][] = [];
  const stats: BlockingStats = { rules: [], pairs: 0 };
  for (const [ruleIndex, rule] of rules.entries()) {
    const keys: Keys[] = records.map((record) => rule.keys(record));
    keysByRule.push(keys);
    const blocks = new Map<string, number[]>();
    for (const [index, value] of keys.entries()) {
      if (value === undefined) {
        continue;
      }
      for (const key of typeof value === 'string' ? [value] : value) {
        const block = blocks.get(key);
        if (block) {
          block.push(index);
        } else {
          blocks.set(key, [index]);
        }
      }
    }
    const ruleStats = { key: rule.key, blocks: 0, pairs: 0, oversizedBlocks: 0, oversizedRecords: 0 };
    let expected = 0;
    for (const block of blocks.values()) {
      if (block.length > 1 && block.length <= maxBlockSize) {
        expected += blockPairCount(block, leftCount);
      }
    }
    options.onRuleStart?.(rule, expected);
    for (const [blockKey, block] of blocks) {
      if (block.length < 2) {
        continue;
      }
      if (block.length > maxBlockSize) {
        ruleStats.oversizedBlocks += 1;
        ruleStats.oversizedRecords += block.length;
        continue;
      }
      ruleStats.blocks += 1;
      for (let x = 0; x < block.length; x += 1) {
        const i = block[x] as number;
        for (let y = x + 1; y < block.length; y += 1) {
          const j = block[y] as number;
          let first = i;
          let second = j;
          if (leftCount !== undefined) {
            if (i < leftCount === j < leftCount) {
              continue;
            }
            if (i > j) {
              first = j;
              second = i;
            }
          }
          if (seenEarlier(keysByRule, ruleIndex, first, second, blockKey)) {
            continue;
          }
          ruleStats.pairs += 1;
          visit(first, second);
        }
      }
    }
    stats.rules.push(ruleStats);
    stats.pairs += ruleStats.pairs;
  }
  return stats;
}

/** True when an earlier rule, or an earlier key of this rule, already produced the pair. */
function seenEarlier(keysByRule: Keys[][], ruleIndex: number, i: number, j: number, blockKey: string): boolean {
  for (let earlier = 0; earlier < ruleIndex; earlier += 1) {
    const keys = keysByRule[earlier] as Keys[];
    if (sharesKey(keys[i], keys[j])) {
      return true;
    }
  }
  const own = keysByRule[ruleIndex] as Keys[];
  const left = own[i];
  return typeof left !== 'string' && left !== undefined && sharesKey(left, own[j], blockKey);
}

/** Every key a record has under every rule, for finding stored candidates of one new record. */
export function blockingKeysOf(record: PreparedRecord, rules: readonly BlockingRule[] = BLOCKING_RULES): string[] {
  return rules.flatMap((rule) => {
    const value = rule.keys(record);
    return value === undefined ? [] : (typeof value === 'string' ? [value] : value).map((key) => `${rule.key}:${key}`);
  });
}
