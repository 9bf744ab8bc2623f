import { type Selectable, sql } from 'kysely';
import { type Clock, HOUR_MS, MINUTE_MS } from '../clock.ts';
import type { Db } from '../database/transaction.ts';
import { newId } from '../ids.ts';
import type { JobTable } from './jobs.tables.ts';

/**
 * A durable job queue on the `job` table. Work is claimed with FOR UPDATE SKIP LOCKED and a lease
 * (`locked_until`), so any number of runners, in any number of processes, share the queue without
 * two of them taking the same job at once. Delivery is at least once: a runner that dies mid-job
 * leaves its lease to expire and the job is claimed again, so every handler must be safe to repeat.
 */

export interface Job {
  id: string;
  kind: string;
  payload: unknown;
  dueAt: Date;
  /** How many times the job has been claimed, this claim included. */
  attempts: number;
  maxAttempts: number;
  lockedUntil: Date | null;
  doneAt: Date | null;
  failedAt: Date | null;
  lastError: string | null;
  createdAt: Date;
}

export type JobHandler = (payload: unknown, job: Job) => Promise<void>;

export interface ScheduleJobInput {
  kind: string;
  /** Anything JSON can hold; identifiers rather than case content. */
  payload: unknown;
  /** When the job may first run; now when absent. */
  dueAt?: Date;
  /** Attempts before the job is marked failed; 5 when absent. */
  maxAttempts?: number;
}

/** The first retry waits 30 seconds, each later one twice as long, never more than an hour. */
export const RETRY_BASE_MS = 30_000;
export const RETRY_CAP_MS = HOUR_MS;
/** How long a claim lasts before another runner may take the job (the runner is presumed dead). */
export const DEFAULT_LOCK_MS = 5 * MINUTE_MS;
const MAX_ERROR_LENGTH = 2000;

function toJob(row: Selectable<JobTable>): Job {
  let payload: unknown;
  try {
    payload = JSON.parse(row.payload);
  } catch {
    payload = row.payload;
  }
  return {
    id: row.id,
    kind: row.kind,
    payload,
    dueAt: new Date(row.due_at),
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    lockedUntil: row.locked_until === null ? null : new Date(row.locked_until),
    doneAt: row.done_at === null ? null : new Date(row.done_at),
    failedAt: row.failed_at === null ? null : new Date(row.failed_at),
    lastError: row.last_error,
    createdAt: new Date(row.created_at),
  };
}

/** The wait before the next attempt, after `attempts` failed ones: 30 s × 2^(attempts−1), capped at an hour. */
export function retryDelayMs(attempts: number): number {
  const exponent = Math.max(0, attempts - 1);
  // 2^7 × 30 s already exceeds the cap; stop there so a large count cannot overflow to Infinity.
  return Math.min(RETRY_BASE_MS * 2 ** Math.min(exponent, 16), RETRY_CAP_MS);
}

/** Whether a job of this kind is waiting to run (other than `exceptId`, the one running now): self-rescheduling jobs queue one next run, not two. */
export async function jobWaiting(db: Db, kind: string, exceptId?: string): Promise<boolean> {
  let query = db.selectFrom('job').select('id').where('kind', '=', kind).where('done_at', 'is', null).where('failed_at', 'is', null);
  if (exceptId) {
    query = query.where('id', '!=', exceptId);
  }
  return (await query.limit(1).executeTakeFirst()) !== undefined;
}

export async function scheduleJob(db: Db, clock: Clock, input: ScheduleJobInput): Promise<Job> {
  if (!input.kind) {
    throw new Error('A job needs a kind');
  }
  const maxAttempts = input.maxAttempts ?? 5;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new Error(`maxAttempts must be a whole number of at least 1, but it is ${maxAttempts}`);
  }
  const payload = JSON.stringify(input.payload ?? null);
  const now = clock.now();
  const row = await db
    .insertInto('job')
    .values({
      id: newId(),
      kind: input.kind,
      payload,
      due_at: input.dueAt ?? now,
      max_attempts: maxAttempts,
      locked_until: null,
      done_at: null,
      failed_at: null,
      last_error: null,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toJob(row);
}

/**
 * Claims up to `limit` due jobs for `lockForMs`, counting the attempt. One statement: rows another
 * runner has locked are skipped rather than waited for, and a row whose lease is still live is not due.
 */
export async function claimDueJobs(db: Db, clock: Clock, options: { limit: number; lockForMs?: number }): Promise<Job[]> {
  const limit = Math.max(0, Math.floor(options.limit));
  if (limit === 0) {
    return [];
  }
  const now = clock.now();
  const lockedUntil = new Date(now.getTime() + (options.lockForMs ?? DEFAULT_LOCK_MS));
  const rows = await db
    .updateTable('job')
    .set({ locked_until: lockedUntil, attempts: sql<number>`attempts + 1` })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('job')
        .select('id')
        .where('done_at', 'is', null)
        .where('failed_at', 'is', null)
        .where('due_at', '<=', now)
        .where((inner) => inner.or([inner('locked_until', 'is', null), inner('locked_until', '<', now)]))
        .orderBy('due_at')
        .orderBy('id')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
  return rows.map(toJob).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id.localeCompare(b.id));
}

/**
 * Marks a claimed job done. Only the claim that is still current counts: if the lease ran out and
 * another runner took the job (its attempt count moved on), this returns false and changes nothing.
 */
export async function completeJob(db: Db, clock: Clock, job: Pick<Job, 'id' | 'attempts'>): Promise<boolean> {
  const result = await db
    .updateTable('job')
    .set({ done_at: clock.now(), locked_until: null })
    .where('id', '=', job.id)
    .where('attempts', '=', job.attempts)
    .where('done_at', 'is', null)
    .where('failed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}

/**
 * Records a failed attempt. The job is retried after an exponential back-off until it has used
 * `max_attempts`; then it is marked failed for good. The error is kept either way. Like
 * completeJob, only the current claim counts.
 */
export async function failJob(
  db: Db,
  clock: Clock,
  job: Pick<Job, 'id' | 'attempts' | 'maxAttempts'>,
  error: unknown,
): Promise<{ outcome: 'retry'; retryAt: Date } | { outcome: 'failed' } | { outcome: 'stale' }> {
  const now = clock.now();
  const lastError = describeError(error);
  const giveUp = job.attempts >= job.maxAttempts;
  const retryAt = new Date(now.getTime() + retryDelayMs(job.attempts));
  const result = await db
    .updateTable('job')
    .set(
      giveUp
        ? { failed_at: now, locked_until: null, last_error: lastError }
        : { due_at: retryAt, locked_until: null, last_error: lastError },
    )
    .where('id', '=', job.id)
    .where('attempts', '=', job.attempts)
    .where('done_at', 'is', null)
    .where('failed_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) {
    return { outcome: 'stale' };
  }
  return giveUp ? { outcome: 'failed' } : { outcome: 'retry', retryAt };
}

/** One job by id (for tests, the CLI and diagnostics). */
export async function findJob(db: Db, id: string): Promise<Job | undefined> {
  const row = await db.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toJob(row) : undefined;
}

export type JobLog = (level: 'info' | 'warn' | 'error', message: string, details?: Record<string, unknown>) => void;

export interface JobRunnerOptions {
  db: Db;
  clock: Clock;
  handlers: Record<string, JobHandler>;
  /** The pause between polls when the queue had nothing more to do. */
  pollMs: number;
  /** Jobs claimed per poll; they run concurrently. */
  batchSize: number;
  /** The lease on a claimed job; keep it well above the longest handler. */
  lockForMs?: number;
  log?: JobLog;
}

export interface JobRunner {
  /** Polls in the background until stop(). Calling it twice does nothing more. */
  start(): void;
  /** Stops polling and resolves once the jobs in hand have finished. */
  stop(): Promise<void>;
  /** Claims one batch, runs it to the end and returns how many jobs it ran. */
  runOnce(): Promise<number>;
}

export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { db, clock, handlers, pollMs, batchSize } = options;
  const lockForMs = options.lockForMs ?? DEFAULT_LOCK_MS;
  const log: JobLog = options.log ?? (() => {});
  const inFlight = new Set<Promise<unknown>>();
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let loop: Promise<void> | undefined;

  async function runJob(job: Job): Promise<void> {
    const handler = Object.hasOwn(handlers, job.kind) ? handlers[job.kind] : undefined;
    try {
      if (!handler) {
        throw new Error(`No handler for job kind "${job.kind}": this process does not know how to run it`);
      }
      await handler(job.payload, job);
    } catch (error) {
      const result = await failJob(db, clock, job, error);
      log(result.outcome === 'failed' ? 'error' : 'warn', `Job ${job.kind} failed`, {
        jobId: job.id,
        attempt: job.attempts,
        outcome: result.outcome,
        error: describeError(error),
      });
      return;
    }
    if (!(await completeJob(db, clock, job))) {
      log('warn', `Job ${job.kind} finished after its lease ran out; another runner has it now`, { jobId: job.id });
    }
  }

  async function runOnce(): Promise<number> {
    const jobs = await claimDueJobs(db, clock, { limit: batchSize, lockForMs });
    const work = Promise.allSettled(
      jobs.map((job) =>
        runJob(job).catch((error: unknown) => {
          // Recording the outcome failed (the database went away): the lease runs out and the job is retried.
          log('error', `Could not record the outcome of job ${job.kind}`, { jobId: job.id, error: describeError(error) });
        }),
      ),
    );
    inFlight.add(work);
    try {
      await work;
    } finally {
      inFlight.delete(work);
    }
    return jobs.length;
  }

  async function tick(): Promise<void> {
    let ran = 0;
    try {
      ran = await runOnce();
    } catch (error) {
      log('error', 'Could not claim jobs', { error: describeError(error) });
    }
    if (running) {
      // A full batch suggests more is waiting: poll again at once rather than after the pause.
      timer = setTimeout(
        () => {
          loop = tick();
        },
        ran >= batchSize ? 0 : pollMs,
      );
    }
  }

  return {
    start() {
      if (running) {
        return;
      }
      running = true;
      loop = tick();
    },
    async stop() {
      running = false;
      if (timer) {
        clearTimeout(timer);
        timer = undefined;
      }
      await loop;
      await Promise.allSettled([...inFlight]);
    },
    runOnce,
  };
}
