// Matching benchmark (issue 5). A benchmark, not a test: it prints figures and always exits 0.
//
//   npm run bench:match -- [--entities 20000] [--corruption realistic] [--batch-records 1000000] [--skip-batch] [--skip-live]
//
// 1. Quality, on the synthetic population with known truth (src/demo/population/identities.ts): the
//    model is trained on the records alone (EM, no truth), then precision, recall and F1 of pairs at the
//    auto-link threshold, of the pairs implied by the clusters, exact clusters, blocking recall, and the
//    share of twin, sibling and parent–child pairs wrongly merged. Run at light, realistic and heavy corruption.
// 2. Batch: `wholepicture match dedupe` on a generated CSV of --batch-records rows, as a separate process
//    under /usr/bin/time: wall time, peak memory, and pair precision/recall of clusters.csv against truth.csv.
// 3. Live: bench/match-live.bench.ts (single-record matching against 1,000,000 people on PostgreSQL).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse';
import { type CorruptionLevel, generateIdentities, type IdentityRow, relation } from '../src/demo/population/identities.ts';
import {
  DEFAULT_MODEL,
  dedupeRecords,
  forEachCandidatePair,
  MatchModel,
  type PreparedRecord,
  prepareRecord,
  trainModel,
  weightOf,
} from '../src/modules/matching/index.ts';

const TARGETS = { pairF1: 0.98, pairPrecision: 0.995, familyFalseMerges: 0.001, batchMinutes: 15, batchGiB: 8 };

const { values: options } = parseArgs({
  options: {
    entities: { type: 'string', default: '20000' },
    corruption: { type: 'string' },
    seed: { type: 'string', default: '11' },
    'batch-records': { type: 'string', default: '1000000' },
    'skip-batch': { type: 'boolean', default: false },
    'skip-live': { type: 'boolean', default: false },
  },
});

interface Counts {
  truePositive: number;
  predicted: number;
  actual: number;
}

function scores({ truePositive, predicted, actual }: Counts): { precision: number; recall: number; f1: number } {
  const precision = predicted === 0 ? 1 : truePositive / predicted;
  const recall = actual === 0 ? 1 : truePositive / actual;
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

function pairsIn(size: number): number {
  return (size * (size - 1)) / 2;
}

/** Pair counts implied by clusters against the truth, without listing pairs: group by (cluster, entity). */
function clusterCounts(
  clusters: ArrayLike<number | string>,
  entities: ArrayLike<string>,
): Counts & { exactClusters: number; entities: number } {
  const byCluster = new Map<number | string, number>();
  const byEntity = new Map<string, number>();
  const byBoth = new Map<string, number>();
  const clusterOfEntity = new Map<string, Set<number | string>>();
  for (let index = 0; index < clusters.length; index += 1) {
    const cluster = clusters[index] as number | string;
    const entity = entities[index] as string;
    byCluster.set(cluster, (byCluster.get(cluster) ?? 0) + 1);
    byEntity.set(entity, (byEntity.get(entity) ?? 0) + 1);
    const both = `${cluster}|${entity}`;
    byBoth.set(both, (byBoth.get(both) ?? 0) + 1);
    const set = clusterOfEntity.get(entity) ?? new Set();
    set.add(cluster);
    clusterOfEntity.set(entity, set);
  }
  let truePositive = 0;
  for (const size of byBoth.values()) {
    truePositive += pairsIn(size);
  }
  let predicted = 0;
  for (const size of byCluster.values()) {
    predicted += pairsIn(size);
  }
  let actual = 0;
  for (const size of byEntity.values()) {
    actual += pairsIn(size);
  }
  // An entity is resolved exactly when its records form one cluster holding nothing else.
  let exactClusters = 0;
  for (const [entity, set] of clusterOfEntity) {
    const [only] = [...set];
    if (set.size === 1 && byCluster.get(only as number | string) === byEntity.get(entity)) {
      exactClusters += 1;
    }
  }
  return { truePositive, predicted, actual, exactClusters, entities: byEntity.size };
}

function percent(value: number, places = 2): string {
  return `${(value * 100).toFixed(places)}%`;
}

function quality(corruption: CorruptionLevel, entities: number, seed: number): void {
  const started = performance.now();
  const rows = generateIdentities({ entities, seed, corruption });
  const records: PreparedRecord[] = rows.map((row) => prepareRecord(row.record));
  const parameters = trainModel(records, { base: DEFAULT_MODEL, seed });
  const model = new MatchModel(parameters);
  const threshold = weightOf(parameters.thresholds.autoLink);

  // Pairs at the auto-link threshold, and how many true pairs blocking offers at all.
  let linked = 0;
  let linkedTrue = 0;
  let candidateTrue = 0;
  forEachCandidatePair(records, (i, j) => {
    const a = rows[i] as IdentityRow;
    const b = rows[j] as IdentityRow;
    const same = a.entityId === b.entityId;
    if (same) {
      candidateTrue += 1;
    }
    const { weight, guard } = model.quickScore(records[i] as PreparedRecord, records[j] as PreparedRecord);
    if (guard === undefined && weight >= threshold) {
      linked += 1;
      if (same) {
        linkedTrue += 1;
      }
    }
  });
  const entityIds = rows.map((row) => row.entityId);
  const truePairs = clusterCounts(entityIds, entityIds).actual;
  const pairs = scores({ truePositive: linkedTrue, predicted: linked, actual: truePairs });

  const result = dedupeRecords(records, model);
  const clusters = clusterCounts(result.clusters, entityIds);
  const clusterScores = scores(clusters);

  // Family members wrongly merged: every pair of records of two different people in one household.
  const byHousehold = new Map<string, number[]>();
  for (const [index, row] of rows.entries()) {
    const list = byHousehold.get(row.householdId) ?? [];
    list.push(index);
    byHousehold.set(row.householdId, list);
  }
  const family: Record<'twin' | 'sibling' | 'parent-child', { pairs: number; merged: number }> = {
    twin: { pairs: 0, merged: 0 },
    sibling: { pairs: 0, merged: 0 },
    'parent-child': { pairs: 0, merged: 0 },
  };
  for (const members of byHousehold.values()) {
    for (let x = 0; x < members.length; x += 1) {
      for (let y = x + 1; y < members.length; y += 1) {
        const i = members[x] as number;
        const j = members[y] as number;
        const kind = relation(rows[i] as IdentityRow, rows[j] as IdentityRow);
        if (kind === 'twin' || kind === 'sibling' || kind === 'parent-child') {
          family[kind].pairs += 1;
          if (result.clusters[i] === result.clusters[j]) {
            family[kind].merged += 1;
          }
        }
      }
    }
  }
  const siblingsAndTwins = {
    pairs: family.twin.pairs + family.sibling.pairs,
    merged: family.twin.merged + family.sibling.merged,
  };
  const falseMergeRate = siblingsAndTwins.pairs === 0 ? 0 : siblingsAndTwins.merged / siblingsAndTwins.pairs;
  const seconds = (performance.now() - started) / 1000;

  console.log(
    `\nQuality at ${corruption} corruption: ${rows.length.toLocaleString()} records of ${entities.toLocaleString()} people (${seconds.toFixed(1)} s)`,
  );
  console.log(
    `  model: trained on the records alone; prior ${parameters.prior.toExponential(2)}; auto-link at p ≥ ${parameters.thresholds.autoLink}`,
  );
  console.log(
    `  blocking recall: ${percent(candidateTrue / Math.max(truePairs, 1))} of ${truePairs.toLocaleString()} true pairs are compared`,
  );
  console.log(
    `  pairs at the auto-link threshold: precision ${pairs.precision.toFixed(4)}, recall ${pairs.recall.toFixed(4)}, F1 ${pairs.f1.toFixed(4)}` +
      `  (target F1 ≥ ${TARGETS.pairF1}, precision ≥ ${TARGETS.pairPrecision})`,
  );
  console.log(
    `  pairs implied by clusters: precision ${clusterScores.precision.toFixed(4)}, recall ${clusterScores.recall.toFixed(4)}, F1 ${clusterScores.f1.toFixed(4)}`,
  );
  console.log(`  people resolved exactly (one cluster, nothing else in it): ${percent(clusters.exactClusters / clusters.entities)}`);
  console.log(
    `  twins and siblings merged: ${siblingsAndTwins.merged} of ${siblingsAndTwins.pairs.toLocaleString()} pairs = ${percent(falseMergeRate, 3)} (target ≤ ${percent(TARGETS.familyFalseMerges, 1)})` +
      `; twins ${family.twin.merged}/${family.twin.pairs}, siblings ${family.sibling.merged}/${family.sibling.pairs}, parent and child ${family['parent-child'].merged}/${family['parent-child'].pairs}`,
  );
  console.log(`  links refused by cannot-link guards: ${result.linksRefused}; guarded pairs: ${result.guardedPairs}`);
}

async function readColumn(file: string, columns: string[]): Promise<string[][]> {
  const out: string[][] = columns.map(() => []);
  const parser = fs.createReadStream(file).pipe(parse({ columns: true }));
  for await (const row of parser as AsyncIterable<Record<string, string>>) {
    for (const [index, column] of columns.entries()) {
      (out[index] as string[]).push(row[column] ?? '');
    }
  }
  return out;
}

async function batch(records: number, seed: number): Promise<void> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'wp-bench-match-'));
  const people = path.join(folder, 'people.csv');
  const truthFile = path.join(folder, 'truth.csv');
  const clustersFile = path.join(folder, 'clusters.csv');
  const cli = path.resolve('bin/wholepicture.js');
  try {
    const generated = spawnSync(
      process.execPath,
      [cli, 'demo', 'identities', '--records', String(records), '--seed', String(seed), '--output', people, '--truth', truthFile],
      { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, SEED_DEMO: 'true' } },
    );
    if (generated.status !== 0) {
      console.log(`\nBatch: could not generate the input (exit ${generated.status})`);
      return;
    }
    const timed = spawnSync(
      '/usr/bin/time',
      ['-f', 'WALL %e RSS %M', process.execPath, cli, 'match', 'dedupe', '--input', people, '--output', clustersFile],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: process.env },
    );
    const stderr = timed.stderr ?? '';
    const figures = /WALL ([\d.]+) RSS (\d+)/.exec(stderr);
    if (timed.status !== 0 || !figures) {
      console.log(`\nBatch: match dedupe failed (exit ${timed.status})\n${stderr.slice(-2000)}`);
      return;
    }
    const wall = Number(figures[1]);
    const rssGiB = Number(figures[2]) / 1024 / 1024;
    const [ids, clusterIds] = await readColumn(clustersFile, ['id', 'cluster_id']);
    const [truthIds, entityIds] = await readColumn(truthFile, ['id', 'entity_id']);
    const entityOf = new Map<string, string>();
    for (const [index, id] of (truthIds as string[]).entries()) {
      entityOf.set(id, (entityIds as string[])[index] as string);
    }
    const entities = (ids as string[]).map((id) => entityOf.get(id) ?? id);
    const counts = clusterCounts(clusterIds as string[], entities);
    const result = scores(counts);
    console.log(`\nBatch dedupe of ${records.toLocaleString()} records (wholepicture match dedupe, ${os.cpus().length} cores)`);
    console.log(
      `  wall time ${(wall / 60).toFixed(1)} min (${wall.toFixed(0)} s; target ≤ ${TARGETS.batchMinutes} min), peak memory ${rssGiB.toFixed(2)} GiB (target ≤ ${TARGETS.batchGiB} GB)`,
    );
    console.log(
      `  pairs implied by clusters: precision ${result.precision.toFixed(4)}, recall ${result.recall.toFixed(4)}, F1 ${result.f1.toFixed(4)}; people resolved exactly ${percent(counts.exactClusters / counts.entities)}`,
    );
    const summary = (timed.stdout ?? '').trim().split('\n').slice(-6).join('\n  ');
    console.log(`  the command said:\n  ${summary}`);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

const seed = Number(options.seed);
const entities = Number(options.entities);
const levels: CorruptionLevel[] = options.corruption ? [options.corruption as CorruptionLevel] : ['light', 'realistic', 'heavy'];
for (const level of levels) {
  quality(level, entities, seed);
}
if (!options['skip-batch']) {
  await batch(Number(options['batch-records']), seed);
}
if (!options['skip-live']) {
  console.log('\nLive matching (bench/match-live.bench.ts):');
  spawnSync(process.execPath, ['--import', 'tsx', path.resolve('bench/match-live.bench.ts')], { stdio: 'inherit', env: process.env });
}
