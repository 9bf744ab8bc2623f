import { BLOCKING_RULES, type BlockingRule, forEachCandidatePair } from './blocking.ts';
import { COMPARISONS, type ComparisonKey, DOB_LEVELS, type LevelResult } from './comparisons.ts';
import { type LevelParameters, MatchModel, type ModelParameters, type TermTable } from './model.ts';
import type { PreparedRecord } from './record.ts';

/**
 * Estimating the model from the data itself, as Splink does:
 * - u from random pairs (almost all of which are different people);
 * - m by expectation–maximisation over blocked pairs, one session per blocking rule, never
 *   estimating a field from pairs chosen for agreeing on it (a session blocked on date of birth says
 *   nothing about how often true matches share a date of birth);
 * - the prior from how many matches the date-of-birth session finds and how often true matches share
 *   that key;
 * - term frequencies counted straight from the records.
 * Decisions people have made in the review queue are labelled pairs: they count as certain matches or
 * certain non-matches in every session.
 */
export interface LabelledPair {
  a: PreparedRecord;
  b: PreparedRecord;
  match: boolean;
}

export interface TrainingOptions {
  /** Where the estimates start, and what is kept for anything the data cannot estimate. */
  base: ModelParameters;
  labels?: readonly LabelledPair[];
  /** Link two files: records before this index are the left file. */
  leftCount?: number;
  seed?: number;
  randomPairs?: number;
  maxSessionPairs?: number;
  iterations?: number;
  note?: string;
  now?: Date;
}

/** Seeded, so the same data trains the same model (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TERM_TABLE_SIZE = 2000;

function termTable(values: Iterable<string>, records: number): TermTable | undefined {
  const counts = new Map<string, number>();
  for (const value of values) {
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  if (counts.size === 0 || records === 0) {
    return undefined;
  }
  const top = [...counts].sort((x, y) => y[1] - x[1]).slice(0, TERM_TABLE_SIZE);
  const table: Record<string, number> = {};
  for (const [value, count] of top) {
    table[value] = count / records;
  }
  const smallestKept = (top[top.length - 1] as [string, number])[1] / records;
  // Rarer values than the table keeps are treated as that rare, which also caps how much a rare value can add.
  return { values: table, floor: Math.max(smallestKept / 2, 1 / records) };
}

export function countTermFrequencies(records: readonly PreparedRecord[]): ModelParameters['termFrequencies'] {
  const forename = termTable(
    records.flatMap((record) => (record.forenames[0] ? [record.forenames[0].joined] : [])),
    records.length,
  );
  const surname = termTable(
    records.flatMap((record) => (record.surnames[0] ? [record.surnames[0].joined] : [])),
    records.length,
  );
  const postcode = termTable(
    records.flatMap((record) => (record.postcodes[0] ? [record.postcodes[0].full] : [])),
    records.length,
  );
  return { ...(forename ? { forename } : {}), ...(surname ? { surname } : {}), ...(postcode ? { postcode } : {}) };
}

/** Level vectors, counted by pattern: EM over a few thousand patterns rather than millions of pairs. */
class PatternCounts {
  readonly counts = new Map<string, { levels: number[]; count: number; fixed?: number }>();
  total = 0;

  add(levels: readonly LevelResult[], fixed?: number): void {
    const vector = levels.map((result) => result.level);
    const key = `${vector.join(',')}${fixed === undefined ? '' : `|${fixed}`}`;
    const entry = this.counts.get(key);
    if (entry) {
      entry.count += 1;
    } else {
      this.counts.set(key, { levels: vector, count: 1, ...(fixed === undefined ? {} : { fixed }) });
    }
    this.total += 1;
  }
}

const SMOOTHING = 0.5;

function estimateU(
  base: ModelParameters,
  model: MatchModel,
  records: readonly PreparedRecord[],
  random: () => number,
  pairs: number,
  leftCount: number | undefined,
): Record<ComparisonKey, number[]> {
  const counts = COMPARISONS.map((comparison) => new Array<number>(comparison.levels.length).fill(SMOOTHING));
  const size = records.length;
  for (let sample = 0; sample < pairs; sample += 1) {
    let i: number;
    let j: number;
    if (leftCount === undefined) {
      i = Math.floor(random() * size);
      j = Math.floor(random() * size);
      if (i === j) {
        continue;
      }
    } else {
      i = Math.floor(random() * leftCount);
      j = leftCount + Math.floor(random() * (size - leftCount));
    }
    const levels = model.levels(records[i] as PreparedRecord, records[j] as PreparedRecord, false);
    for (const [index, result] of levels.entries()) {
      if (result.level >= 0) {
        const row = counts[index] as number[];
        row[result.level] = (row[result.level] ?? 0) + 1;
      }
    }
  }
  return Object.fromEntries(
    COMPARISONS.map((comparison, index) => {
      const row = counts[index] as number[];
      const total = row.reduce((sum, value) => sum + value, 0);
      // A field no record has keeps the base figures: they never count, but the model page shows them.
      if (total <= SMOOTHING * row.length) {
        return [comparison.key, [...base.comparisons[comparison.key].u]];
      }
      return [comparison.key, row.map((value) => value / total)];
    }),
  ) as Record<ComparisonKey, number[]>;
}

interface SessionResult {
  m: Record<ComparisonKey, number[]>;
  estimated: Set<ComparisonKey>;
  /** Share of the session's pairs that are matches. */
  matchShare: number;
  pairs: number;
}

function runSession(
  patterns: PatternCounts,
  excluded: ReadonlySet<ComparisonKey>,
  start: ModelParameters['comparisons'],
  u: Record<ComparisonKey, number[]>,
  iterations: number,
): SessionResult {
  const m = Object.fromEntries(COMPARISONS.map((comparison) => [comparison.key, [...start[comparison.key].m]])) as Record<
    ComparisonKey,
    number[]
  >;
  let share = 0.1;
  const entries = [...patterns.counts.values()];
  for (let iteration = 0; iteration < iterations; iteration += 1) {
    const numerators = COMPARISONS.map((comparison) => new Array<number>(comparison.levels.length).fill(SMOOTHING / 10));
    let matched = 0;
    let counted = 0;
    for (const entry of entries) {
      let posterior = entry.fixed;
      if (posterior === undefined) {
        let logMatch = Math.log(share);
        let logNonMatch = Math.log(1 - share);
        for (const [index, comparison] of COMPARISONS.entries()) {
          const level = entry.levels[index] as number;
          if (level < 0 || excluded.has(comparison.key)) {
            continue;
          }
          logMatch += Math.log(Math.max((m[comparison.key][level] as number) ?? 0, 1e-9));
          logNonMatch += Math.log(Math.max((u[comparison.key][level] as number) ?? 0, 1e-9));
        }
        posterior = 1 / (1 + Math.exp(logNonMatch - logMatch));
        matched += posterior * entry.count;
        counted += entry.count;
      }
      for (const [index] of COMPARISONS.entries()) {
        const level = entry.levels[index] as number;
        if (level >= 0) {
          const row = numerators[index] as number[];
          row[level] = (row[level] ?? 0) + posterior * entry.count;
        }
      }
    }
    for (const [index, comparison] of COMPARISONS.entries()) {
      if (excluded.has(comparison.key)) {
        continue;
      }
      const row = numerators[index] as number[];
      const total = row.reduce((sum, value) => sum + value, 0);
      if (total > (SMOOTHING / 10) * row.length + 1e-9) {
        m[comparison.key] = row.map((value) => value / total);
      }
    }
    share = counted > 0 ? Math.min(Math.max(matched / counted, 1e-6), 1 - 1e-6) : share;
  }
  const estimated = new Set(COMPARISONS.map((comparison) => comparison.key).filter((key) => !excluded.has(key)));
  return { m, estimated, matchShare: share, pairs: patterns.total };
}

interface SessionPlan {
  rule: BlockingRule;
  excluded: ComparisonKey[];
}

const SESSIONS: readonly SessionPlan[] = [
  { rule: BLOCKING_RULES.find((rule) => rule.key === 'date-of-birth') as BlockingRule, excluded: ['dob'] },
  { rule: BLOCKING_RULES.find((rule) => rule.key === 'name-sounds') as BlockingRule, excluded: ['forename', 'surname'] },
  {
    rule: BLOCKING_RULES.find((rule) => rule.key === 'postcode-and-initial') as BlockingRule,
    excluded: ['forename', 'address'],
  },
];

/** Samples at most `limit` of a rule's pairs evenly (reservoir sampling), as level patterns. */
function sessionPatterns(
  model: MatchModel,
  records: readonly PreparedRecord[],
  plan: SessionPlan,
  limit: number,
  random: () => number,
  leftCount: number | undefined,
  labels: readonly LabelledPair[],
): { patterns: PatternCounts; totalPairs: number } {
  const reservoir: [number, number][] = [];
  let seen = 0;
  forEachCandidatePair(
    records,
    (i, j) => {
      seen += 1;
      if (reservoir.length < limit) {
        reservoir.push([i, j]);
      } else {
        const slot = Math.floor(random() * seen);
        if (slot < limit) {
          reservoir[slot] = [i, j];
        }
      }
    },
    { rules: [plan.rule], ...(leftCount === undefined ? {} : { leftCount }) },
  );
  const patterns = new PatternCounts();
  for (const [i, j] of reservoir) {
    const a = records[i] as PreparedRecord;
    const b = records[j] as PreparedRecord;
    const levels = model.levels(a, b, false);
    // Pairs the guards call different people (a father and his namesake son, two valid NHS numbers) are
    // certain non-matches: left to EM, a household of namesakes would teach it that true matches often
    // disagree on date of birth.
    const guard = model.guardOf(levels, a, b);
    patterns.add(levels, guard === 'generations-apart' || guard === 'nhs-numbers-differ' ? 0 : undefined);
  }
  for (const label of labels) {
    patterns.add(model.levels(label.a, label.b), label.match ? 1 : 0);
  }
  return { patterns, totalPairs: seen };
}

/** A model estimated from these records, starting from (and falling back on) the base model. */
export function trainModel(records: readonly PreparedRecord[], options: TrainingOptions): ModelParameters {
  const random = seededRandom(options.seed ?? 1);
  const base = options.base;
  const model = new MatchModel(base);
  const leftCount = options.leftCount;
  const labels = options.labels ?? [];
  const size = records.length;
  const totalPairs = leftCount === undefined ? (size * (size - 1)) / 2 : leftCount * (size - leftCount);
  if (size < 50 || totalPairs < 1000) {
    return base;
  }
  const randomPairs = Math.min(options.randomPairs ?? 1_000_000, totalPairs);
  const u = estimateU(base, model, records, random, randomPairs, leftCount);
  const iterations = options.iterations ?? 25;
  const limit = options.maxSessionPairs ?? 500_000;
  const estimates: Partial<Record<ComparisonKey, number[][]>> = {};
  let dobSession: { matchShare: number; totalPairs: number } | undefined;
  for (const plan of SESSIONS) {
    const { patterns, totalPairs: sessionPairs } = sessionPatterns(model, records, plan, limit, random, leftCount, labels);
    if (patterns.total - labels.length < 50) {
      continue;
    }
    const result = runSession(patterns, new Set(plan.excluded), base.comparisons, u, iterations);
    for (const key of result.estimated) {
      const list = estimates[key] ?? [];
      list.push(result.m[key]);
      estimates[key] = list;
    }
    if (plan.excluded.includes('dob')) {
      dobSession = { matchShare: result.matchShare, totalPairs: sessionPairs };
    }
  }
  const comparisons = Object.fromEntries(
    COMPARISONS.map((comparison) => {
      const found = estimates[comparison.key];
      const m =
        found && found.length > 0
          ? comparison.levels.map((_level, index) => found.reduce((sum, row) => sum + (row[index] as number), 0) / found.length)
          : [...base.comparisons[comparison.key].m];
      return [comparison.key, { m, u: u[comparison.key] } satisfies LevelParameters];
    }),
  ) as ModelParameters['comparisons'];
  let prior = base.prior;
  if (dobSession) {
    const dobM = comparisons.dob.m;
    const recall = (dobM[DOB_LEVELS.exact] ?? 0) + (dobM[DOB_LEVELS.swapped] ?? 0);
    const matches = (dobSession.matchShare * dobSession.totalPairs) / Math.max(recall, 0.05);
    prior = Math.min(Math.max(matches / totalPairs, 1e-9), 0.5);
  }
  return {
    version: 1,
    prior,
    comparisons,
    termFrequencies: countTermFrequencies(records),
    thresholds: base.thresholds,
    trainedOn: {
      records: size,
      pairs: randomPairs,
      labelledPairs: labels.length,
      at: (options.now ?? new Date()).toISOString(),
      note: options.note ?? 'estimated from the records by random sampling and expectation–maximisation',
    },
  };
}
