// Audit-trail benchmark (issue 2): append N events chained and unchained, verify the chain, and report
// events/s, the chaining overhead and peak RSS against the targets. A benchmark, not a test: it always exits 0.
//
//   npm run bench:audit -- [--events 1000000] [--batch 1000] [--database embedded|server]
//
// embedded: PGlite in a temporary directory (removed at the end).
// server:   DATABASE_URL, or postgres://postgres@127.0.0.1:5432/postgres; a throwaway database is created and dropped.
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import type { Actor } from '../src/platform/access/actor.ts';
import { type AuditEventInput, canonicalDetails } from '../src/platform/audit-trail/audit-event.ts';
import type { AuditEventTable } from '../src/platform/audit-trail/audit-trail.tables.ts';
import { recordAuditEvents } from '../src/platform/audit-trail/record-audit-event.ts';
import { verifyAuditChain } from '../src/platform/audit-trail/verify-chain.ts';
import { systemClock } from '../src/platform/clock.ts';
import { type DatabaseHandle, openDatabase } from '../src/platform/database/database.ts';
import { migrateToLatest } from '../src/platform/database/migrate.ts';
import { withTransaction } from '../src/platform/database/transaction.ts';

const TARGET_VERIFY_EVENTS_PER_SECOND = 200_000;
const TARGET_CHAINING_OVERHEAD = 0.2;
// The baseline shares audit_event's shape and indexes (LIKE … INCLUDING ALL) but has no chain head.
const UNCHAINED_TABLE = 'audit_event_unchained';
const PLACEHOLDER_HASH = 'f'.repeat(64);

const { values: options } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    batch: { type: 'string', default: '1000' },
    database: { type: 'string', default: 'embedded' },
  },
});
const totalEvents = Number(options.events);
const batchSize = Number(options.batch);
const backend = options.database;
if (!Number.isInteger(totalEvents) || totalEvents < 1) {
  throw new Error('--events must be a positive whole number');
}
// 13 columns a row; PostgreSQL allows 65,535 bind parameters in one statement.
if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize * 13 > 65_535) {
  throw new Error('--batch must be a whole number from 1 to 5041');
}
if (backend !== 'embedded' && backend !== 'server') {
  throw new Error('--database must be embedded or server');
}

/** Realistic traffic: many users reading and changing a few thousand people's records, one actor per request. */
const actors: Actor[] = Array.from({ length: 64 }, (_, index) => ({
  kind: 'user',
  userId: randomUUID(),
  label: `user:bench.user${index}@northshire.example`,
  displayName: `Bench user ${index}`,
  agencyId: randomUUID(),
  partnershipId: randomUUID(),
  teamIds: [],
  roles: ['practitioner'],
}));
const subjects = Array.from({ length: 5_000 }, () => randomUUID());
const ACTIONS = ['person.viewed', 'person.listed', 'person.updated', 'access.basis-added'] as const;

function batchOf(size: number, offset: number): { actor: Actor; events: AuditEventInput[] } {
  const actor = { ...(actors[offset % actors.length] as Actor), requestId: randomUUID() };
  const events = Array.from({ length: size }, (_, index) => {
    const n = offset + index;
    return {
      action: ACTIONS[n % ACTIONS.length] as string,
      subjectType: 'person',
      subjectId: subjects[n % subjects.length] as string,
      purpose: 'allocated_worker',
      details: { basis: ['allocated_worker'], n },
    };
  });
  return { actor, events };
}

async function openBackend(): Promise<{ handle: DatabaseHandle; label: string; cleanUp(): Promise<void> }> {
  if (backend === 'embedded') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wp-audit-bench-'));
    const handle = await openDatabase({ dataDir });
    return {
      handle,
      label: `embedded PGlite in ${dataDir}`,
      async cleanUp() {
        await handle.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `wp_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString() });
  return {
    handle,
    label: `PostgreSQL ${url.host}, throwaway database ${name}`,
    async cleanUp() {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

async function timed(label: string, work: () => Promise<void>): Promise<number> {
  process.stdout.write(`${label}… `);
  const started = process.hrtime.bigint();
  await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(`${seconds.toFixed(1)} s\n`);
  return seconds;
}

/** The same rows as the chained path, built the same way, but with no hashing and no head lock. */
async function appendUnchainedBatch(db: Kysely<{ [UNCHAINED_TABLE]: AuditEventTable }>, offset: number, firstSeq: number): Promise<void> {
  const { actor, events } = batchOf(Math.min(batchSize, totalEvents - offset), offset);
  const occurredAt = new Date(systemClock.now().getTime());
  let seq = firstSeq;
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto(UNCHAINED_TABLE)
      .values(
        events.map((event) => {
          seq += 1;
          return {
            seq,
            occurred_at: occurredAt,
            actor_user_id: actor.userId,
            actor_label: actor.label,
            action: event.action,
            outcome: event.outcome ?? 'allowed',
            subject_type: event.subjectType ?? null,
            subject_id: event.subjectId ?? null,
            purpose: event.purpose ?? null,
            request_id: actor.requestId ?? null,
            details: canonicalDetails(event.details),
            prev_hash: PLACEHOLDER_HASH,
            hash: PLACEHOLDER_HASH,
          };
        }),
      )
      .execute();
  });
}

async function appendChainedBatch(handle: DatabaseHandle, offset: number): Promise<void> {
  const { actor, events } = batchOf(Math.min(batchSize, totalEvents - offset), offset);
  await withTransaction(handle.db, (tx) => recordAuditEvents(tx, actor, systemClock, events));
}

/**
 * Appends both ways, batch by batch, alternating which goes first. Run one after the other, the second
 * run would pay for the first's growth (checkpoints, autovacuum, a bigger cache), which skewed the ratio
 * by tens of per cent on a PostgreSQL server; interleaved, both see the same database.
 */
async function appendBothWays(handle: DatabaseHandle): Promise<{ unchainedSeconds: number; chainedSeconds: number }> {
  const unchainedDb = handle.db as unknown as Kysely<{ [UNCHAINED_TABLE]: AuditEventTable }>;
  let unchainedNs = 0n;
  let chainedNs = 0n;
  let batch = 0;
  process.stdout.write('Append, unchained (baseline) and hash-chained (recordAuditEvents), interleaved… ');
  for (let offset = 0; offset < totalEvents; offset += batchSize, batch += 1) {
    const runUnchained = async () => {
      const started = process.hrtime.bigint();
      await appendUnchainedBatch(unchainedDb, offset, offset);
      unchainedNs += process.hrtime.bigint() - started;
    };
    const runChained = async () => {
      const started = process.hrtime.bigint();
      await appendChainedBatch(handle, offset);
      chainedNs += process.hrtime.bigint() - started;
    };
    if (batch % 2 === 0) {
      await runUnchained();
      await runChained();
    } else {
      await runChained();
      await runUnchained();
    }
  }
  const result = { unchainedSeconds: Number(unchainedNs) / 1e9, chainedSeconds: Number(chainedNs) / 1e9 };
  process.stdout.write(`${(result.unchainedSeconds + result.chainedSeconds).toFixed(1)} s\n`);
  return result;
}

function rate(events: number, seconds: number): string {
  return Math.round(events / seconds).toLocaleString('en-GB');
}

async function main(): Promise<void> {
  console.log(`Audit benchmark: ${totalEvents.toLocaleString('en-GB')} events in batches of ${batchSize}, ${backend} database`);
  const { handle, label, cleanUp } = await openBackend();
  try {
    console.log(`Database: ${label}`);
    await migrateToLatest(handle.db);
    await sql`create table ${sql.table(UNCHAINED_TABLE)} (like audit_event including all)`.execute(handle.db);

    const { unchainedSeconds, chainedSeconds } = await appendBothWays(handle);
    let verification: Awaited<ReturnType<typeof verifyAuditChain>> | undefined;
    const verifySeconds = await timed('Verify the chain (verifyAuditChain)', async () => {
      verification = await verifyAuditChain(handle.db);
    });
    if (!verification?.ok || verification.checked !== totalEvents) {
      console.log(`Verification FAILED: ${JSON.stringify(verification)}`);
    }

    const overhead = chainedSeconds / unchainedSeconds - 1;
    const verifyRate = totalEvents / verifySeconds;
    const peakRssMiB = process.resourceUsage().maxRSS / 1024;
    const rows = [
      ['step', 'events', 'seconds', 'events/s'],
      ['append unchained', totalEvents.toLocaleString('en-GB'), unchainedSeconds.toFixed(2), rate(totalEvents, unchainedSeconds)],
      ['append chained', totalEvents.toLocaleString('en-GB'), chainedSeconds.toFixed(2), rate(totalEvents, chainedSeconds)],
      ['verify', (verification?.checked ?? 0).toLocaleString('en-GB'), verifySeconds.toFixed(2), rate(totalEvents, verifySeconds)],
    ];
    const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] as string).length))) ?? [];
    console.log('');
    for (const row of rows) {
      console.log(
        row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  '),
      );
    }
    console.log('');
    console.log(`chained / unchained time: ${(chainedSeconds / unchainedSeconds).toFixed(3)} (overhead ${(overhead * 100).toFixed(1)}%)`);
    console.log(`peak RSS: ${peakRssMiB.toFixed(0)} MiB`);
    console.log('');
    const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
    console.log(
      `${verdict(verifyRate >= TARGET_VERIFY_EVENTS_PER_SECOND)}  verify ≥ ${TARGET_VERIFY_EVENTS_PER_SECOND.toLocaleString('en-GB')} events/s (${rate(totalEvents, verifySeconds)})`,
    );
    console.log(
      `${verdict(overhead <= TARGET_CHAINING_OVERHEAD)}  chaining overhead ≤ ${TARGET_CHAINING_OVERHEAD * 100}% (${(overhead * 100).toFixed(1)}%)`,
    );
    console.log(`${verdict(verification?.ok === true)}  chain verifies (${verification?.checked ?? 0} entries)`);
  } finally {
    await cleanUp();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 0;
});
