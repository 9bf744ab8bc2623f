import { type BlockingStats, forEachCandidatePair } from './blocking.ts';
import { clusterLinks } from './clustering.ts';
import { type MatchModel, probabilityOf, weightOf } from './model.ts';
import type { PreparedRecord } from './record.ts';

/**
 * The batch paths: dedupe one file into clusters, or link two files into pairs. Scores only the
 * candidate pairs blocking makes; holds the records, the links above the threshold and nothing else,
 * so memory grows with the records, not with the pairs.
 */
export interface BatchProgress {
  /** Called now and then with pairs scored so far and the pairs expected in all. */
  onPairs?: (scored: number, expected: number) => void;
}

export interface DedupeResult {
  /** Per record (in input order): a cluster number, the smallest record index in its cluster. */
  clusters: Int32Array;
  pairsScored: number;
  linksAccepted: number;
  /** Links refused because they would have joined a "cannot link" pair (twins, siblings). */
  linksRefused: number;
  guardedPairs: number;
  blocking: BlockingStats;
}

class LinkList {
  i = new Int32Array(1024);
  j = new Int32Array(1024);
  weight = new Float64Array(1024);
  count = 0;

  push(i: number, j: number, weight: number): void {
    if (this.count === this.i.length) {
      const grow = <T extends Int32Array | Float64Array>(array: T, make: (size: number) => T): T => {
        const next = make(array.length * 2);
        next.set(array);
        return next;
      };
      this.i = grow(this.i, (size) => new Int32Array(size));
      this.j = grow(this.j, (size) => new Int32Array(size));
      this.weight = grow(this.weight, (size) => new Float64Array(size));
    }
    this.i[this.count] = i;
    this.j[this.count] = j;
    this.weight[this.count] = weight;
    this.count += 1;
  }
}

const PROGRESS_EVERY = 200_000;

function expectedPairsCounter(progress: BatchProgress): {
  onRuleStart: (rule: unknown, expected: number) => void;
  tick: () => void;
} {
  let expected = 0;
  let scored = 0;
  return {
    onRuleStart(_rule, pairs) {
      expected += pairs;
      progress.onPairs?.(scored, expected);
    },
    tick() {
      scored += 1;
      if (scored % PROGRESS_EVERY === 0) {
        progress.onPairs?.(scored, Math.max(expected, scored));
      }
    },
  };
}

/**
 * Clusters the records: pairs at or above the threshold (default: the model's auto-link
 * probability) are linked unless guarded; guarded pairs (twins, a father and son, different NHS
 * numbers) become "cannot link" constraints instead, whatever their weight, so no chain of other
 * records joins them either.
 */
export function dedupeRecords(
  records: readonly PreparedRecord[],
  model: MatchModel,
  options: BatchProgress & { threshold?: number } = {},
): DedupeResult {
  const threshold = weightOf(options.threshold ?? model.parameters.thresholds.autoLink);
  const links = new LinkList();
  const forbidden = new LinkList();
  let pairsScored = 0;
  const counter = expectedPairsCounter(options);
  const blocking = forEachCandidatePair(
    records,
    (i, j) => {
      pairsScored += 1;
      counter.tick();
      const { weight, guard, cannotLink } = model.quickScore(records[i] as PreparedRecord, records[j] as PreparedRecord);
      if (guard !== undefined) {
        if (cannotLink) {
          forbidden.push(i, j, weight);
        }
      } else if (weight >= threshold) {
        links.push(i, j, weight);
      }
    },
    { onRuleStart: counter.onRuleStart },
  );
  options.onPairs?.(pairsScored, pairsScored);
  const { clusters, refusedLinks } = clusterLinks(records.length, links, forbidden);
  return {
    clusters,
    pairsScored,
    linksAccepted: links.count - refusedLinks,
    linksRefused: refusedLinks,
    guardedPairs: forbidden.count,
    blocking,
  };
}

export interface LinkedPair {
  left: number;
  right: number;
  weight: number;
  probability: number;
}

/**
 * Links two files: calls onPair for every left–right pair at or above the threshold (guarded pairs
 * never), as they are found, so they can be streamed to a file.
 */
export function linkRecords(
  left: readonly PreparedRecord[],
  right: readonly PreparedRecord[],
  model: MatchModel,
  onPair: (pair: LinkedPair) => void,
  options: BatchProgress & { threshold?: number } = {},
): { pairsScored: number; pairsLinked: number; blocking: BlockingStats } {
  const threshold = weightOf(options.threshold ?? model.parameters.thresholds.autoLink);
  const records = [...left, ...right];
  const leftCount = left.length;
  let pairsScored = 0;
  let pairsLinked = 0;
  const counter = expectedPairsCounter(options);
  const blocking = forEachCandidatePair(
    records,
    (i, j) => {
      pairsScored += 1;
      counter.tick();
      const { weight, guard } = model.quickScore(records[i] as PreparedRecord, records[j] as PreparedRecord);
      if (guard === undefined && weight >= threshold) {
        pairsLinked += 1;
        onPair({ left: i, right: j - leftCount, weight, probability: probabilityOf(weight) });
      }
    },
    { leftCount, onRuleStart: counter.onRuleStart },
  );
  options.onPairs?.(pairsScored, pairsScored);
  return { pairsScored, pairsLinked, blocking };
}
