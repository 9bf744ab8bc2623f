import {
  COMPARISONS,
  type ComparisonKey,
  crossedNames,
  DOB_LEVELS,
  FORENAME_LEVELS,
  IDENTIFIER_LEVELS,
  type LevelResult,
} from './comparisons.ts';
import type { PreparedRecord } from './record.ts';

/**
 * A Fellegi–Sunter model: for every comparison level, m (how often the level is seen when the two
 * records are the same person) and u (how often it is seen when they are not). A level's weight is
 * log2(m/u); a pair's match weight is the prior's log-odds plus the weights of its levels, and its
 * match probability is 2^w / (1 + 2^w).
 */
export interface LevelParameters {
  m: number[];
  u: number[];
}

/** How often each value occurs (a share of records), so a common name counts for less than a rare one. */
export interface TermTable {
  values: Record<string, number>;
  /** The share assumed for a value not in the table: as rare as the rarest kept. */
  floor: number;
}

export interface Thresholds {
  /** At or above this probability two records are linked without a person looking. */
  autoLink: number;
  /** At or above this (and below autoLink) a person decides. */
  review: number;
}

export interface ModelParameters {
  version: 1;
  /** The chance that two records picked at random are the same person. */
  prior: number;
  comparisons: Record<ComparisonKey, LevelParameters>;
  termFrequencies: Partial<Record<'forename' | 'surname' | 'postcode', TermTable>>;
  thresholds: Thresholds;
  /** Where the figures came from, for the model page and the audit trail. */
  trainedOn?: { records: number; pairs: number; labelledPairs: number; at: string; note: string } | undefined;
}

export const GUARDS = ['forenames-differ', 'names-alike', 'nhs-numbers-differ', 'generations-apart'] as const;

export type Guard = (typeof GUARDS)[number];

export type MatchDecision = 'link' | 'review' | 'none';

export interface FieldEvidence {
  comparison: ComparisonKey;
  /** 'Date of birth'. */
  field: string;
  /** -1 when the field is missing from either record. */
  level: number;
  levelKey: string;
  weight: number;
  left?: string | undefined;
  right?: string | undefined;
  /** The agreement was with a previous name, alias or earlier postcode. */
  other?: boolean | undefined;
  swapped?: boolean | undefined;
  /** Part of the weight that comes from how common or rare the agreeing value is. */
  termAdjustment?: number | undefined;
  /** One sentence a practitioner can check. */
  words: string;
}

export interface PairScore {
  weight: number;
  probability: number;
  decision: MatchDecision;
  guard?: Guard | undefined;
  fields: FieldEvidence[];
  /** One sentence: "Very likely the same person (99.8%)". */
  summary: string;
}

const MIN_PROBABILITY = 1e-6;

/**
 * The most a rare value may add to an exact agreement, in bits (a value 32 times rarer than the
 * average one): in a million records the rarest values are often typing errors, and agreeing on a
 * typo is weaker evidence than its rarity suggests.
 */
const MAX_TERM_BOOST = 5;

/**
 * A given name held by at least this share of records (1 in 50,000), and by this many records, is a
 * name people are given, not a typing error.
 */
const KNOWN_NAME_SHARE = 2e-5;
const KNOWN_NAME_COUNT = 5;

/**
 * A guarded pair this far below even odds (in bits) is two strangers who happen to share a birthday:
 * no chain of links would join them anyway, and a million records hold tens of millions of such pairs.
 */
const CANNOT_LINK_FLOOR = -5;

/** Dates of birth this many years apart (and not one typing error) are a parent and child, not one person. */
const GENERATION_YEARS = 12;

function log2Ratio(m: number, u: number): number {
  return Math.log2(Math.max(m, MIN_PROBABILITY) / Math.max(u, MIN_PROBABILITY));
}

export function probabilityOf(weight: number): number {
  const odds = 2 ** weight;
  return odds / (1 + odds);
}

export function weightOf(probability: number): number {
  const p = Math.min(Math.max(probability, MIN_PROBABILITY), 1 - MIN_PROBABILITY);
  return Math.log2(p / (1 - p));
}

function signed(weight: number): string {
  const rounded = Math.abs(weight).toFixed(1);
  return weight >= 0 ? `+${rounded}` : `−${rounded}`;
}

function percent(probability: number): string {
  if (probability >= 0.999) {
    return '99.9% or more';
  }
  if (probability < 0.001) {
    return 'under 0.1%';
  }
  return `${(probability * 100).toFixed(1)}%`;
}

export function summaryOf(probability: number): string {
  const label =
    probability >= 0.99
      ? 'Very likely the same person'
      : probability >= 0.9
        ? 'Probably the same person'
        : probability >= 0.5
          ? 'Possibly the same person'
          : probability >= 0.1
            ? 'Probably different people'
            : 'Almost certainly different people';
  return `${label} (${percent(probability)})`;
}

const COMPARISON_INDEX: Record<ComparisonKey, number> = Object.fromEntries(
  COMPARISONS.map((comparison, index) => [comparison.key, index]),
) as Record<ComparisonKey, number>;

/** A model ready to score pairs: weights are worked out once from its parameters. */
export class MatchModel {
  readonly parameters: ModelParameters;
  readonly priorWeight: number;
  /** weights[comparison][level]. */
  private readonly weights: number[][];
  private readonly termTables: (TermTable | undefined)[];

  constructor(parameters: ModelParameters) {
    this.parameters = parameters;
    this.priorWeight = weightOf(parameters.prior);
    this.weights = COMPARISONS.map((comparison) => {
      const { m, u } = parameters.comparisons[comparison.key];
      return comparison.levels.map((_level, index) => log2Ratio(m[index] ?? 0, u[index] ?? 1));
    });
    this.termTables = COMPARISONS.map((comparison) =>
      comparison.key === 'forename' || comparison.key === 'surname'
        ? parameters.termFrequencies[comparison.key]
        : comparison.key === 'address'
          ? parameters.termFrequencies.postcode
          : undefined,
    );
  }

  /** The levels of every comparison for a pair, with crossed names taken when they agree better. */
  levels(a: PreparedRecord, b: PreparedRecord, explain = true): LevelResult[] {
    const results = COMPARISONS.map((comparison) => comparison.compare(a, b, explain));
    const forename = results[COMPARISON_INDEX.forename] as LevelResult;
    const surname = results[COMPARISON_INDEX.surname] as LevelResult;
    if (forename.level >= FORENAME_LEVELS.similar || forename.level === -1) {
      const crossed = crossedNames(a, b);
      if (crossed && crossed.forename.level + crossed.surname.level < forename.level + surname.level) {
        results[COMPARISON_INDEX.forename] = crossed.forename;
        results[COMPARISON_INDEX.surname] = crossed.surname;
      }
    }
    return results;
  }

  /** The weight one level contributes, with the term-frequency adjustment for exact agreement. */
  levelWeight(comparisonIndex: number, result: LevelResult): { weight: number; termAdjustment?: number } {
    if (result.level < 0) {
      return { weight: 0 };
    }
    const base = this.weights[comparisonIndex]?.[result.level] ?? 0;
    const termAdjustment = this.termAdjustment(comparisonIndex, result);
    return termAdjustment === undefined ? { weight: base } : { weight: base + termAdjustment, termAdjustment };
  }

  /**
   * Splink's adjustment for exact agreement: u of the level is replaced by the share of records
   * with this very value, so agreeing on "Smith" counts for less than agreeing on "Okonkwo".
   */
  private termAdjustment(comparisonIndex: number, result: LevelResult): number | undefined {
    const table = this.termTables[comparisonIndex];
    const comparison = COMPARISONS[comparisonIndex];
    if (!table || !comparison || result.termValue === undefined || !comparison.termFrequencyLevels.includes(result.level)) {
      return undefined;
    }
    const share = Math.max(table.values[result.termValue] ?? table.floor, table.floor);
    return Math.min(log2Ratio(this.parameters.comparisons[comparison.key].u[result.level] ?? share, share), MAX_TERM_BOOST);
  }

  guardOf(levels: readonly LevelResult[], a: PreparedRecord, b: PreparedRecord): Guard | undefined {
    const nhs = levels[COMPARISON_INDEX.nhsNumber]?.level;
    const identifiers = levels[COMPARISON_INDEX.identifiers]?.level;
    if (nhs === 1) {
      return 'nhs-numbers-differ';
    }
    // A father and his son of the same name at the same address: a generation apart is never a typing error.
    if (
      levels[COMPARISON_INDEX.dob]?.level === DOB_LEVELS.different &&
      a.dob &&
      b.dob &&
      Math.abs(a.dob.year - b.dob.year) >= GENERATION_YEARS &&
      nhs !== 0 &&
      identifiers !== 0
    ) {
      return 'generations-apart';
    }
    // Twins and siblings share everything but the given name; an agreeing identifier shows it is a renaming.
    const forename = levels[COMPARISON_INDEX.forename]?.level ?? -1;
    if (forename === FORENAME_LEVELS.different && nhs !== 0 && identifiers !== 0) {
      return 'forenames-differ';
    }
    if (forename > FORENAME_LEVELS.nickname && nhs !== 0 && identifiers !== 0) {
      // Olivia and Oliver, Alexandra and Alexandru: a brother and sister are named alike more often than a
      // typing error changes both a name and a sex.
      if (levels[COMPARISON_INDEX.sex]?.level === 1) {
        return 'forenames-differ';
      }
      // Sana and Safa born the same day in one family: when both spellings are names many people have,
      // they are more likely twins than one girl typed twice ("Iyv" is a typo, and no one's name).
      const dob = levels[COMPARISON_INDEX.dob]?.level ?? -1;
      if ((dob === DOB_LEVELS.exact || dob === DOB_LEVELS.swapped) && this.bothKnownGivenNames(levels[COMPARISON_INDEX.forename])) {
        return 'names-alike';
      }
    }
    return undefined;
  }

  private bothKnownGivenNames(result: LevelResult | undefined): boolean {
    const table = this.parameters.termFrequencies.forename;
    if (!table || result?.termValue === undefined || result.otherTermValue === undefined) {
      return false;
    }
    const records = this.parameters.trainedOn?.records ?? 0;
    const known = (value: string) => {
      const share = table.values[value] ?? 0;
      return share >= KNOWN_NAME_SHARE && share * records >= KNOWN_NAME_COUNT;
    };
    return known(result.termValue) && known(result.otherTermValue);
  }

  /**
   * Whether a guarded pair must also never end up in one cluster through other records. A guarded
   * pair with another identifier one typing error apart is most likely one person typed twice (the
   * guard still stops a direct link); as a constraint it would split that person's records.
   */
  isCannotLink(guard: Guard, levels: readonly LevelResult[]): boolean {
    // Names alike (Katie and Katy) are as often one girl spelt two ways as twins: held back from a
    // direct link, but free to join through the person's other records.
    if (guard === 'names-alike') {
      return false;
    }
    return guard === 'nhs-numbers-differ' || levels[COMPARISON_INDEX.identifiers]?.level !== IDENTIFIER_LEVELS.typo;
  }

  decide(probability: number, guard: Guard | undefined): MatchDecision {
    const { autoLink, review } = this.parameters.thresholds;
    if (probability >= autoLink && guard === undefined) {
      return 'link';
    }
    return probability >= review ? 'review' : 'none';
  }

  /** The match weight alone, and the guard: the batch path, which explains nothing. */
  quickScore(a: PreparedRecord, b: PreparedRecord): { weight: number; guard: Guard | undefined; cannotLink: boolean } {
    const levels = this.levels(a, b, false);
    let weight = this.priorWeight;
    for (let index = 0; index < levels.length; index += 1) {
      const result = levels[index] as LevelResult;
      if (result.level >= 0) {
        weight += (this.weights[index] as number[])[result.level] as number;
        if (result.termValue !== undefined) {
          weight += this.termAdjustment(index, result) ?? 0;
        }
      }
    }
    const guard = this.guardOf(levels, a, b);
    return { weight, guard, cannotLink: guard !== undefined && weight >= CANNOT_LINK_FLOOR && this.isCannotLink(guard, levels) };
  }

  /** The full score with every field's evidence in words. */
  score(a: PreparedRecord, b: PreparedRecord): PairScore {
    const levels = this.levels(a, b);
    let weight = this.priorWeight;
    const fields = levels.map((result, index) => {
      const comparison = COMPARISONS[index];
      if (!comparison) {
        throw new Error('comparison and levels out of step');
      }
      const { weight: fieldWeight, termAdjustment } = this.levelWeight(index, result);
      weight += fieldWeight;
      return {
        comparison: comparison.key,
        field: comparison.label,
        level: result.level,
        levelKey: result.level < 0 ? 'no-data' : (comparison.levels[result.level]?.key ?? 'unknown'),
        weight: fieldWeight,
        left: result.left,
        right: result.right,
        other: result.other,
        swapped: result.swapped,
        termAdjustment,
        words: describeField(comparison.label, comparison.levels[result.level]?.label, result, fieldWeight, termAdjustment),
      } satisfies FieldEvidence;
    });
    const probability = probabilityOf(weight);
    const guard = this.guardOf(levels, a, b);
    // A guarded pair may score high and still be two people: the summary must not say otherwise.
    const summary = guard
      ? `Alike in most details (${percent(probability)}), but with a sign of two different people`
      : summaryOf(probability);
    return { weight, probability, decision: this.decide(probability, guard), guard, fields, summary };
  }
}

function describeField(
  field: string,
  levelLabel: string | undefined,
  result: LevelResult,
  weight: number,
  termAdjustment: number | undefined,
): string {
  if (result.level < 0 || levelLabel === undefined) {
    return `${field}: not recorded on both, so it counts neither way.`;
  }
  const values = result.left === result.right || result.right === undefined ? `${result.left}` : `${result.left} and ${result.right}`;
  const how = result.left === result.right && result.level === 0 ? 'the same on both' : levelLabel;
  const notes: string[] = [];
  if (result.swapped) {
    notes.push('given and family names are the other way round on one record');
  }
  if (result.other) {
    notes.push('it agrees with an earlier name or address');
  }
  const term = result.termLabel ?? `“${result.left}”`;
  if (termAdjustment !== undefined && termAdjustment <= -1) {
    notes.push(`${term} is common, so agreeing counts for less`);
  } else if (termAdjustment !== undefined && termAdjustment >= 1) {
    notes.push(`${term} is unusual, so agreeing counts for more`);
  }
  const effect =
    Math.abs(weight) < 0.5
      ? 'hardly counts either way'
      : weight > 0
        ? weight >= 5
          ? 'strong evidence they are the same person'
          : 'some evidence they are the same person'
        : weight <= -5
          ? 'strong evidence they are different people'
          : 'some evidence they are different people';
  const note = notes.length > 0 ? ` (${notes.join('; ')})` : '';
  return `${field}: ${values}, ${how}${note}: ${effect} (${signed(weight)}).`;
}

export const GUARD_WORDS: Record<Guard, string> = {
  'forenames-differ':
    'The given names are different while much else agrees: this is how twins and siblings look, so these records are never linked without a person deciding.',
  'names-alike':
    'Two different given names, both in common use, on the same date of birth in one family: this is how twins with similar names look, so these records are never linked without a person deciding.',
  'nhs-numbers-differ':
    'Both records have a valid NHS number and they differ, so these records are never linked without a person deciding.',
  'generations-apart':
    'The dates of birth are a generation apart: this is how a parent and a child with the same name look, so these records are never linked without a person deciding.',
};
