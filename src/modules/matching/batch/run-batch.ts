import path from 'node:path';
import { dedupeRecords, linkRecords } from '../engine/batch.ts';
import { DEFAULT_MODEL } from '../engine/default-model.ts';
import { MatchModel, type ModelParameters } from '../engine/model.ts';
import type { PreparedRecord } from '../engine/record.ts';
import { trainModel } from '../engine/training.ts';
import { checkReadable, readRecordsCsv } from './csv-input.ts';
import { checkWritable, writeCsvAtomically } from './csv-output.ts';
import { BatchInputError, type MappingEntry, parseMapping, type RowIssues } from './mapping.ts';
import { loadModelFile, saveModelFile } from './model-file.ts';

/**
 * The two batch jobs behind `wholepicture match dedupe|link`: read, estimate the model (or load
 * one), score the blocked pairs, write the result whole. They report progress through the hooks and
 * know nothing of terminals or exit codes.
 */
export interface BatchHooks {
  /** A progress bar for one stage; the caller decides how it is drawn. */
  progress(label: string): { update(done: number, total: number): void; stop(): void };
  /** A line for the person running the job (stderr in the CLI). */
  note(text: string): void;
}

export interface ModelChoice {
  /** A saved model to use instead of estimating one. */
  modelFile?: string | undefined;
  /** Where to save the model used. */
  saveModel?: string | undefined;
  /** Auto-link probability, overriding the model's. */
  threshold?: number | undefined;
}

export interface DedupeJob extends ModelChoice {
  input: string;
  map?: string | undefined;
  output: string;
}

export interface LinkJob extends ModelChoice {
  left: string;
  right: string;
  map?: string | undefined;
  mapRight?: string | undefined;
  output: string;
}

export type ModelSource = 'estimated' | 'loaded' | 'default';

interface CommonSummary {
  pairsScored: number;
  model: ModelSource;
  threshold: number;
  warnings: string[];
  seconds: number;
}

export interface DedupeSummary extends CommonSummary {
  records: number;
  links: number;
  /** Links not made because they would have put twins or siblings into one cluster. */
  linksRefused: number;
  clusters: number;
  /** Clusters with two records or more: the duplicates found. */
  clustersWithDuplicates: number;
}

export interface LinkSummary extends CommonSummary {
  leftRecords: number;
  rightRecords: number;
  links: number;
  /** Distinct left records with at least one link. */
  leftLinked: number;
}

function checkThreshold(threshold: number | undefined): void {
  if (threshold !== undefined && !(threshold > 0 && threshold < 1)) {
    throw new BatchInputError(`--threshold must be a probability between 0 and 1 (e.g. 0.95), not ${threshold}.`, { usage: true });
  }
}

function issueWarnings(label: string, issues: RowIssues, mappedDob: boolean): string[] {
  const warnings: string[] = [];
  if (mappedDob && issues.unreadableDates > 0) {
    warnings.push(
      `${label}: ${issues.unreadableDates} date(s) of birth could not be read (use YYYY-MM-DD, DD/MM/YYYY or YYYYMMDD) and were left out of the matching.`,
    );
  }
  if (issues.missingIds > 0) {
    warnings.push(`${label}: ${issues.missingIds} row(s) had no id; their row number is used instead.`);
  }
  return warnings;
}

async function readWithProgress(
  file: string,
  entries: readonly MappingEntry[],
  option: string,
  hooks: BatchHooks,
): Promise<{ records: PreparedRecord[]; warnings: string[] }> {
  const label = path.basename(file);
  const bar = hooks.progress(`Reading ${label}`);
  try {
    const { records, mapping, issues } = await readRecordsCsv(file, entries, {
      option,
      onProgress: (done, total) => bar.update(done, total),
    });
    bar.stop();
    hooks.note(`${label}: ${records.length} records; fields ${mapping.describe()}.`);
    return { records, warnings: issueWarnings(label, issues, mapping.fields.has('dob')) };
  } finally {
    bar.stop();
  }
}

async function chooseModel(
  records: readonly PreparedRecord[],
  choice: ModelChoice,
  loaded: ModelParameters | undefined,
  hooks: BatchHooks,
  leftCount?: number,
): Promise<{ parameters: ModelParameters; source: ModelSource }> {
  let parameters: ModelParameters;
  let source: ModelSource;
  if (loaded) {
    parameters = loaded;
    source = 'loaded';
  } else {
    const started = Date.now();
    hooks.note(`Estimating the model from ${records.length} records…`);
    parameters = trainModel(records, { base: DEFAULT_MODEL, ...(leftCount === undefined ? {} : { leftCount }) });
    // trainModel hands back the base itself when there are too few records to estimate from.
    source = parameters === DEFAULT_MODEL ? 'default' : 'estimated';
    hooks.note(
      source === 'default'
        ? 'Too few records to estimate a model: the default model is used.'
        : `Model estimated in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
  }
  if (choice.saveModel) {
    await saveModelFile(choice.saveModel, parameters);
  }
  return { parameters, source };
}

/** Reading is done before writing starts, but a mistyped command would still replace the partner's own file. */
function checkNotAnInput(output: string, inputs: readonly string[]): void {
  const target = path.resolve(output);
  if (inputs.some((input) => path.resolve(input) === target)) {
    throw new BatchInputError(`--output ${output} is also an input file; write the result to a new file.`, { usage: true });
  }
}

/** Everything that can be wrong with the command line is found before the first record is read. */
async function checkModelChoice(choice: ModelChoice): Promise<ModelParameters | undefined> {
  checkThreshold(choice.threshold);
  if (choice.saveModel) {
    await checkWritable(choice.saveModel, '--save-model');
  }
  return choice.modelFile ? loadModelFile(choice.modelFile) : undefined;
}

export async function runDedupe(job: DedupeJob, hooks: BatchHooks): Promise<DedupeSummary> {
  const started = Date.now();
  const entries = parseMapping(job.map, '--map');
  await checkReadable(job.input);
  checkNotAnInput(job.output, [job.input]);
  await checkWritable(job.output, '--output');
  const loaded = await checkModelChoice(job);

  const { records, warnings } = await readWithProgress(job.input, entries, '--map', hooks);
  const { parameters, source } = await chooseModel(records, job, loaded, hooks);
  const model = new MatchModel(parameters);
  const threshold = job.threshold ?? parameters.thresholds.autoLink;

  const bar = hooks.progress('Scoring pairs');
  let result: ReturnType<typeof dedupeRecords>;
  try {
    result = dedupeRecords(records, model, { threshold, onPairs: (scored, expected) => bar.update(scored, expected) });
  } finally {
    bar.stop();
  }
  const { clusters } = result;
  const sizes = new Map<number, number>();
  for (const cluster of clusters) {
    sizes.set(cluster, (sizes.get(cluster) ?? 0) + 1);
  }
  let clustersWithDuplicates = 0;
  for (const size of sizes.values()) {
    if (size > 1) {
      clustersWithDuplicates += 1;
    }
  }
  // Cluster numbers are the smallest record index in the cluster, so its first record in input order names it.
  await writeCsvAtomically(
    job.output,
    ['id', 'cluster_id'],
    (function* () {
      for (let index = 0; index < records.length; index += 1) {
        yield [(records[index] as PreparedRecord).id, (records[clusters[index] as number] as PreparedRecord).id];
      }
    })(),
  );
  return {
    records: records.length,
    pairsScored: result.pairsScored,
    links: result.linksAccepted,
    linksRefused: result.linksRefused,
    clusters: sizes.size,
    clustersWithDuplicates,
    model: source,
    threshold,
    warnings,
    seconds: (Date.now() - started) / 1000,
  };
}

/** Linked pairs held as numbers (16 bytes a pair) until they are sorted and written. */
class PairList {
  left = new Int32Array(1024);
  right = new Int32Array(1024);
  weight = new Float64Array(1024);
  probability = new Float64Array(1024);
  count = 0;

  push(left: number, right: number, weight: number, probability: number): void {
    if (this.count === this.left.length) {
      const size = this.left.length * 2;
      const grow = <T extends Int32Array | Float64Array>(from: T, to: T): T => {
        to.set(from);
        return to;
      };
      this.left = grow(this.left, new Int32Array(size));
      this.right = grow(this.right, new Int32Array(size));
      this.weight = grow(this.weight, new Float64Array(size));
      this.probability = grow(this.probability, new Float64Array(size));
    }
    this.left[this.count] = left;
    this.right[this.count] = right;
    this.weight[this.count] = weight;
    this.probability[this.count] = probability;
    this.count += 1;
  }
}

export async function runLink(job: LinkJob, hooks: BatchHooks): Promise<LinkSummary> {
  const started = Date.now();
  const leftEntries = parseMapping(job.map, '--map');
  const rightEntries = job.mapRight === undefined ? leftEntries : parseMapping(job.mapRight, '--map-right');
  const rightOption = job.mapRight === undefined ? '--map' : '--map-right';
  await checkReadable(job.left);
  await checkReadable(job.right);
  checkNotAnInput(job.output, [job.left, job.right]);
  await checkWritable(job.output, '--output');
  const loaded = await checkModelChoice(job);

  const left = await readWithProgress(job.left, leftEntries, '--map', hooks);
  const right = await readWithProgress(job.right, rightEntries, rightOption, hooks);
  const leftCount = left.records.length;
  let parameters: ModelParameters;
  let source: ModelSource;
  {
    const combined = loaded ? [] : [...left.records, ...right.records];
    ({ parameters, source } = await chooseModel(combined, job, loaded, hooks, leftCount));
  }
  const model = new MatchModel(parameters);
  const threshold = job.threshold ?? parameters.thresholds.autoLink;

  const pairs = new PairList();
  const bar = hooks.progress('Scoring pairs');
  let result: ReturnType<typeof linkRecords>;
  try {
    result = linkRecords(left.records, right.records, model, (pair) => pairs.push(pair.left, pair.right, pair.weight, pair.probability), {
      threshold,
      onPairs: (scored, expected) => bar.update(scored, expected),
    });
  } finally {
    bar.stop();
  }
  // In left-file order, and for each left record its likeliest partner first: how a reviewer reads it.
  const order = new Uint32Array(pairs.count);
  for (let index = 0; index < pairs.count; index += 1) {
    order[index] = index;
  }
  order.sort(
    (x, y) =>
      (pairs.left[x] as number) - (pairs.left[y] as number) ||
      (pairs.weight[y] as number) - (pairs.weight[x] as number) ||
      (pairs.right[x] as number) - (pairs.right[y] as number),
  );
  const leftLinked = new Set(pairs.left.subarray(0, pairs.count)).size;
  await writeCsvAtomically(
    job.output,
    ['left_id', 'right_id', 'match_probability', 'match_weight'],
    (function* () {
      for (const index of order) {
        yield [
          (left.records[pairs.left[index] as number] as PreparedRecord).id,
          (right.records[pairs.right[index] as number] as PreparedRecord).id,
          (pairs.probability[index] as number).toFixed(6),
          (pairs.weight[index] as number).toFixed(3),
        ];
      }
    })(),
  );
  return {
    leftRecords: leftCount,
    rightRecords: right.records.length,
    pairsScored: result.pairsScored,
    links: result.pairsLinked,
    leftLinked,
    model: source,
    threshold,
    warnings: [...left.warnings, ...right.warnings],
    seconds: (Date.now() - started) / 1000,
  };
}
