import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createTestDatabase } from '../../testing/test-database.ts';
import { createFixedClock, HOUR_MS, MINUTE_MS } from '../clock.ts';
import type { DatabaseHandle } from '../database/database.ts';
import { claimDueJobs, completeJob, createJobRunner, failJob, findJob, type Job, retryDelayMs, scheduleJob } from './jobs.ts';

const SECOND_MS = 1000;

/** The reminder Priya, Sam's team manager, gets when an assessment about Ellie Hartwell falls due. */
const ASSESSMENT_DUE = 'reminder.assessment-due';
const reminderForPriya = { recipient: 'priya.nair@northshire.example', subject: 'Ellie Hartwell', deadline: '2026-11-30' };

describe('Scheduled work: reminders in the Northshire job queue', () => {
  let handle: DatabaseHandle;
  const clock = createFixedClock('2026-11-23T09:00:00Z');

  before(async () => {
    handle = await createTestDatabase();
  });
  after(() => handle.close());
  beforeEach(async () => {
    await handle.db.deleteFrom('job').execute();
    clock.set('2026-11-23T09:00:00Z');
  });

  it('a reminder that is due runs once, with its payload, and is marked done', async () => {
    const seen: unknown[] = [];
    const job = await scheduleJob(handle.db, clock, { kind: ASSESSMENT_DUE, payload: reminderForPriya });
    const runner = createJobRunner({
      db: handle.db,
      clock,
      handlers: { [ASSESSMENT_DUE]: async (payload) => void seen.push(payload) },
      pollMs: 10,
      batchSize: 5,
    });

    assert.equal(await runner.runOnce(), 1);
    assert.equal(await runner.runOnce(), 0, 'a done job is never run again');
    clock.advance(2 * HOUR_MS);
    assert.equal(await runner.runOnce(), 0, 'not even once its lease would have expired');

    assert.deepEqual(seen, [reminderForPriya]);
    const stored = await findJob(handle.db, job.id);
    assert.equal(stored?.attempts, 1);
    assert.deepEqual(stored?.doneAt, new Date('2026-11-23T09:00:00Z'));
    assert.equal(stored?.lockedUntil, null);
    assert.equal(stored?.failedAt, null);
  });

  it('a reminder set for next week waits until the clock passes its due time', async () => {
    const dueAt = new Date('2026-11-30T09:00:00Z');
    let runs = 0;
    await scheduleJob(handle.db, clock, { kind: ASSESSMENT_DUE, payload: reminderForPriya, dueAt });
    const runner = createJobRunner({
      db: handle.db,
      clock,
      handlers: { [ASSESSMENT_DUE]: async () => void runs++ },
      pollMs: 10,
      batchSize: 5,
    });

    assert.equal(await runner.runOnce(), 0);
    clock.set(new Date(dueAt.getTime() - 1));
    assert.equal(await runner.runOnce(), 0, 'one millisecond early is still early');
    clock.set(dueAt);
    assert.equal(await runner.runOnce(), 1);
    assert.equal(runs, 1);
  });

  it('a failing handler is retried with a growing back-off, then marked failed with its last error kept', async () => {
    let calls = 0;
    const job = await scheduleJob(handle.db, clock, { kind: ASSESSMENT_DUE, payload: reminderForPriya, maxAttempts: 3 });
    const logged: string[] = [];
    const runner = createJobRunner({
      db: handle.db,
      clock,
      handlers: {
        [ASSESSMENT_DUE]: async () => {
          calls += 1;
          throw new Error(`mail relay refused the message (try ${calls})`);
        },
      },
      pollMs: 10,
      batchSize: 5,
      log: (level, message) => logged.push(`${level}: ${message}`),
    });

    assert.equal(await runner.runOnce(), 1);
    let stored = await findJob(handle.db, job.id);
    assert.equal(stored?.attempts, 1);
    assert.deepEqual(stored?.dueAt, new Date(clock.now().getTime() + 30 * SECOND_MS), 'first retry after 30 seconds');
    assert.equal(stored?.lastError, 'mail relay refused the message (try 1)');
    assert.equal(stored?.failedAt, null);

    assert.equal(await runner.runOnce(), 0, 'not retried before the back-off has passed');
    clock.advance(30 * SECOND_MS - 1);
    assert.equal(await runner.runOnce(), 0);
    clock.advance(1);
    assert.equal(await runner.runOnce(), 1);
    stored = await findJob(handle.db, job.id);
    assert.deepEqual(stored?.dueAt, new Date(clock.now().getTime() + 60 * SECOND_MS), 'second retry after 60 seconds');

    clock.advance(60 * SECOND_MS);
    assert.equal(await runner.runOnce(), 1);
    stored = await findJob(handle.db, job.id);
    assert.equal(stored?.attempts, 3);
    assert.deepEqual(stored?.failedAt, clock.now(), 'failed for good after the third of three attempts');
    assert.equal(stored?.lastError, 'mail relay refused the message (try 3)');
    assert.equal(stored?.doneAt, null);

    clock.advance(2 * HOUR_MS);
    assert.equal(await runner.runOnce(), 0, 'a failed job is left alone');
    assert.equal(calls, 3);
    assert.deepEqual(logged, [
      'warn: Job reminder.assessment-due failed',
      'warn: Job reminder.assessment-due failed',
      'error: Job reminder.assessment-due failed',
    ]);
  });

  it('the back-off doubles from 30 seconds and never exceeds an hour', () => {
    assert.deepEqual([1, 2, 3, 4].map(retryDelayMs), [30 * SECOND_MS, 60 * SECOND_MS, 2 * MINUTE_MS, 4 * MINUTE_MS]);
    assert.equal(retryDelayMs(8), HOUR_MS);
    assert.equal(retryDelayMs(1000), HOUR_MS);
  });

  it('a job of a kind this process does not know is failed with an error that names the kind', async () => {
    const job = await scheduleJob(handle.db, clock, { kind: 'report.quarterly-return', payload: {}, maxAttempts: 1 });
    const runner = createJobRunner({ db: handle.db, clock, handlers: { [ASSESSMENT_DUE]: async () => {} }, pollMs: 10, batchSize: 5 });

    assert.equal(await runner.runOnce(), 1);
    const stored = await findJob(handle.db, job.id);
    assert.ok(stored?.failedAt, 'failed');
    assert.match(stored?.lastError ?? '', /No handler for job kind "report\.quarterly-return"/);
  });

  it('when a worker crashes holding a job, the job is claimed again once its lease expires', async () => {
    const job = await scheduleJob(handle.db, clock, { kind: ASSESSMENT_DUE, payload: reminderForPriya });
    // The first worker claims the job for a minute and then dies without completing or failing it.
    const [crashed] = await claimDueJobs(handle.db, clock, { limit: 10, lockForMs: MINUTE_MS });
    assert.equal(crashed?.id, job.id);
    assert.equal(crashed?.attempts, 1);

    let runs = 0;
    const runner = createJobRunner({
      db: handle.db,
      clock,
      handlers: { [ASSESSMENT_DUE]: async () => void runs++ },
      pollMs: 10,
      batchSize: 5,
    });
    assert.equal(await runner.runOnce(), 0, 'while the lease is live nobody else takes it');
    clock.advance(MINUTE_MS);
    assert.equal(await runner.runOnce(), 0, 'a lease is live up to and including its last instant');
    clock.advance(1);
    assert.equal(await runner.runOnce(), 1);
    assert.equal(runs, 1);
    const stored = await findJob(handle.db, job.id);
    assert.equal(stored?.attempts, 2);
    assert.ok(stored?.doneAt);

    // If the first worker comes back to life, its stale claim changes nothing.
    assert.equal(await completeJob(handle.db, clock, crashed as Job), false);
    assert.deepEqual(await failJob(handle.db, clock, crashed as Job, new Error('late')), { outcome: 'stale' });
    assert.equal((await findJob(handle.db, job.id))?.lastError, null);
  });

  it('started in the background, the runner picks up work; stop() waits for the job in hand to finish', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started!: () => void;
    const handlerStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    const job = await scheduleJob(handle.db, clock, { kind: ASSESSMENT_DUE, payload: reminderForPriya });
    const runner = createJobRunner({
      db: handle.db,
      clock,
      handlers: {
        [ASSESSMENT_DUE]: async () => {
          started();
          await gate;
        },
      },
      pollMs: 5,
      batchSize: 5,
    });

    runner.start();
    runner.start();
    await handlerStarted;
    let stopped = false;
    const stopping = runner.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(stopped, false, 'stop() is still waiting for the job');
    release();
    await stopping;
    assert.ok((await findJob(handle.db, job.id))?.doneAt, 'the job finished and was recorded before stop() returned');

    // Stopped means stopped: new work waits for the next runner.
    const later = await scheduleJob(handle.db, clock, { kind: ASSESSMENT_DUE, payload: reminderForPriya });
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal((await findJob(handle.db, later.id))?.attempts, 0);
  });

  it('refuses a job without a kind or with fewer than one attempt', async () => {
    await assert.rejects(scheduleJob(handle.db, clock, { kind: '', payload: {} }), /needs a kind/);
    await assert.rejects(scheduleJob(handle.db, clock, { kind: ASSESSMENT_DUE, payload: {}, maxAttempts: 0 }), /maxAttempts/);
    assert.equal((await handle.db.selectFrom('job').select('id').execute()).length, 0);
  });

  it('two workers claiming at the same time never get the same job, and between them get them all', async () => {
    const scheduled = new Set<string>();
    for (let index = 0; index < 50; index += 1) {
      const job = await scheduleJob(handle.db, clock, {
        kind: ASSESSMENT_DUE,
        payload: { ...reminderForPriya, index },
        dueAt: new Date(clock.now().getTime() - index * SECOND_MS),
      });
      scheduled.add(job.id);
    }

    // Each worker keeps claiming small batches until the queue is empty. On PostgreSQL the two use
    // separate pooled connections, so their statements overlap; the embedded database serialises them.
    async function worker(): Promise<string[]> {
      const mine: string[] = [];
      for (;;) {
        const claimed = await claimDueJobs(handle.db, clock, { limit: 3, lockForMs: 10 * MINUTE_MS });
        if (claimed.length === 0) {
          return mine;
        }
        mine.push(...claimed.map((job) => job.id));
      }
    }
    const [first, second, third] = await Promise.all([worker(), worker(), worker()]);
    const all = [...(first ?? []), ...(second ?? []), ...(third ?? [])];

    assert.equal(new Set(all).size, all.length, 'no job was claimed twice');
    assert.deepEqual(new Set(all), scheduled, 'every job was claimed');
    const attempts = await handle.db.selectFrom('job').select('attempts').execute();
    assert.ok(
      attempts.every((row) => row.attempts === 1),
      'each job counted exactly one attempt',
    );
  });
});

describe('Jobs claimed through two separate connection pools on PostgreSQL', () => {
  let first: DatabaseHandle;
  let second: DatabaseHandle | undefined;
  const clock = createFixedClock('2026-11-23T09:00:00Z');

  before(async () => {
    first = await createTestDatabase();
  });
  after(async () => {
    await second?.close();
    await first.close();
  });

  it('two pools racing over 50 due jobs split them without overlap (on PGlite, one pool serialises the same race)', async () => {
    const { openDatabase } = await import('../database/database.ts');
    // Tests on a server get a throwaway database; a second pool must reach that same database.
    const databaseName =
      first.kind === 'postgresql'
        ? (await first.db.selectNoFrom((eb) => eb.fn<string>('current_database', []).as('name')).executeTakeFirstOrThrow()).name
        : undefined;
    const serverUrl = process.env.TEST_DATABASE_URL;
    if (databaseName && serverUrl) {
      const url = new URL(serverUrl);
      url.pathname = `/${databaseName}`;
      second = await openDatabase({ databaseUrl: url.toString() });
    }
    const pools = [first.db, second?.db ?? first.db];

    const scheduled = new Set<string>();
    for (let index = 0; index < 50; index += 1) {
      scheduled.add((await scheduleJob(first.db, clock, { kind: ASSESSMENT_DUE, payload: { index } })).id);
    }
    const claims = await Promise.all(
      pools.flatMap((db) =>
        [0, 1, 2, 3].map(async () => {
          const mine: string[] = [];
          for (;;) {
            const claimed = await claimDueJobs(db, clock, { limit: 2, lockForMs: 10 * MINUTE_MS });
            if (claimed.length === 0) {
              return mine;
            }
            mine.push(...claimed.map((job) => job.id));
          }
        }),
      ),
    );
    const all = claims.flat();
    assert.equal(new Set(all).size, all.length, 'no job was claimed twice');
    assert.deepEqual(new Set(all), scheduled, 'every job was claimed');
    assert.equal(first.kind === 'postgresql', second !== undefined, 'on a server the second pool is a real, separate one');
  });
});
