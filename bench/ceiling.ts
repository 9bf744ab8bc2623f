// The ceiling of a PostgreSQL server for small writes: plain single-row insert transactions per second
// with many concurrent clients, into a throwaway table. The intake benchmark compares referrals per
// second against it (same server, same run), so a figure says how close the application comes to
// what the database alone can do, whatever the machine.
//
//   node --import tsx bench/ceiling.ts [--clients 50] [--seconds 10]      (DATABASE_URL or the local postgres)
//
// import { measureInsertCeiling } from './ceiling.ts' → { transactionsPerSecond, p50Ms, p95Ms, ... }.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { percentile } from './figures.ts';

export interface CeilingOptions {
  /** Concurrent clients, each on its own connection (a pg Pool of this size). 50 when absent. */
  clients?: number;
  /** How long to insert for after the warm-up. 10 seconds when absent. */
  durationMs?: number;
  /** Inserts per client before timing starts, so connections and caches are warm. 20 when absent. */
  warmUpPerClient?: number;
}

export interface CeilingResult {
  clients: number;
  transactions: number;
  seconds: number;
  transactionsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

/**
 * Each client loops `insert … ; ` as its own autocommitted transaction (one row, a uuid key, a short
 * text and a timestamp: about the width of an audit row's fixed part) until the time is up. The
 * table is logged like any other, so every commit waits for the WAL flush as the application's do.
 */
export async function measureInsertCeiling(connectionString: string, options: CeilingOptions = {}): Promise<CeilingResult> {
  const clients = options.clients ?? 50;
  const durationMs = options.durationMs ?? 10_000;
  const warmUp = options.warmUpPerClient ?? 20;
  const table = `bench_ceiling_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const pool = new pg.Pool({ connectionString, max: clients });
  try {
    await pool.query(`create table ${table} (id uuid primary key, label text not null, created_at timestamptz not null)`);
    const insert = `insert into ${table} (id, label, created_at) values ($1, $2, now())`;
    const one = () => pool.query(insert, [randomUUID(), 'ceiling']);
    await Promise.all(
      Array.from({ length: clients }, async () => {
        for (let i = 0; i < warmUp; i += 1) {
          await one();
        }
      }),
    );
    const latencies: number[] = [];
    const started = performance.now();
    const stopAt = started + durationMs;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (performance.now() < stopAt) {
          const at = performance.now();
          await one();
          latencies.push(performance.now() - at);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      clients,
      transactions: latencies.length,
      seconds,
      transactionsPerSecond: latencies.length / seconds,
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      p99Ms: percentile(latencies, 99),
    };
  } finally {
    await pool.query(`drop table if exists ${table}`).catch(() => undefined);
    await pool.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { clients: { type: 'string', default: '50' }, seconds: { type: 'string', default: '10' } } });
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const result = await measureInsertCeiling(url, { clients: Number(values.clients), durationMs: Number(values.seconds) * 1000 });
  console.log(
    `Insert ceiling, ${result.clients} clients: ${result.transactionsPerSecond.toFixed(0)} transactions/s (${result.transactions} in ${result.seconds.toFixed(1)} s); p50 ${result.p50Ms.toFixed(2)} ms, p95 ${result.p95Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms`,
  );
}
