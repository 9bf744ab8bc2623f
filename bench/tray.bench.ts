// Work-tray benchmark (issue 4): one team with 100,000 open items (plus closed history and other teams'
// work) on PostgreSQL; time the tray a team manager opens — first page and the counts per state,
// through the real service (calendar, scoped query, person-visibility check on the page's rows) —
// and a few variants. A benchmark, not a test: it prints figures and always exits 0.
//
//   npm run bench:tray -- [--open 100000] [--closed 200000] [--other 50000] [--samples 300]
//
// DATABASE_URL, or postgres://postgres@127.0.0.1:5432/wp_bench_tray (created if missing, kept for reuse:
// a second run tops the items up rather than loading them again).
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { DEMO_EMAIL_DOMAIN, seedDemoPartnership } from '../src/demo/northshire.ts';
import { WORK_KINDS } from '../src/modules/work/index.ts';
import type { Actor } from '../src/platform/access/actor.ts';
import { systemClock } from '../src/platform/clock.ts';
import { testConfig } from '../src/platform/config/config.ts';
import { openDatabase } from '../src/platform/database/database.ts';
import { migrateToLatest } from '../src/platform/database/migrate.ts';
import { createServices } from '../src/services.ts';
import { keptDatabase, summarise } from './figures.ts';

const TARGET_P95_MS = 30;

const { values: options } = parseArgs({
  options: {
    open: { type: 'string', default: '100000' },
    closed: { type: 'string', default: '200000' },
    other: { type: 'string', default: '50000' },
    samples: { type: 'string', default: '300' },
  },
});
const targetOpen = Number(options.open);
const targetClosed = Number(options.closed);
const targetOther = Number(options.other);
const samples = Math.max(200, Number(options.samples));

const serverUrl = () => keptDatabase(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/wp_bench_tray');

const ms = (value: number) => `${value.toFixed(2)} ms`;

const handle = await openDatabase({ databaseUrl: await serverUrl() });
try {
  await migrateToLatest(handle.db);
  const services = createServices(handle.db, testConfig(), systemClock);
  await seedDemoPartnership(services);
  const load = async (name: string): Promise<Actor> => {
    const user = await services.agencies.findUserByEmail(`${name}@${DEMO_EMAIL_DOMAIN}`);
    const actor = user ? await services.agencies.loadActor(user.id) : undefined;
    if (!actor) {
      throw new Error(`${name} is missing`);
    }
    return actor;
  };
  const priya = await load('priya.nair');
  const sam = await load('sam.okafor');
  const teamId = priya.teamIds[0] as string;
  const partnershipId = priya.partnershipId as string;
  const otherTeams = (await sql<{ id: string }>`select id from team where id <> ${teamId}`.execute(handle.db)).rows.map((row) => row.id);
  // The demo's people: Ellie and Jayden are the team's, Mason is not (his name must stay hidden).
  const people = (await sql<{ id: string }>`select id from person order by id`.execute(handle.db)).rows.map((row) => row.id);

  const count = async (where: ReturnType<typeof sql>) =>
    Number((await sql<{ n: string }>`select count(*) as n from work_item where ${where}`.execute(handle.db)).rows[0]?.n);
  const fill = async (label: string, missing: number, teams: string[], closed: boolean) => {
    if (missing <= 0) {
      return;
    }
    console.log(`Loading ${missing.toLocaleString('en-GB')} ${label}…`);
    const started = performance.now();
    const chunk = 50_000;
    for (let done = 0; done < missing; done += chunk) {
      const n = Math.min(chunk, missing - done);
      // Deadlines from 30 days ago to 60 days ahead; about a third held by Sam, a third by Priya, a third unallocated.
      await sql`insert into work_item (id, partnership_id, kind, title, person_id, reference_type, reference_id, team_id,
          holder_user_id, opened_at, due_at, clock_label, completed_at, completed_by, outcome)
        select gen_random_uuid(), ${partnershipId}, (${sql.val(WORK_KINDS)}::text[])[1 + (i % ${WORK_KINDS.length})], 'Decide on the referral',
          (${sql.val(people)}::uuid[])[1 + (i % ${people.length})], 'referral', gen_random_uuid(),
          (${sql.val(teams)}::uuid[])[1 + (i % ${teams.length})],
          case i % 3 when 0 then ${sam.userId}::uuid when 1 then ${priya.userId}::uuid else null end,
          now() - interval '40 days', now() + (random() * 90 - 30) * interval '1 day', '1 working day from receipt',
          ${closed ? sql`now() - interval '1 day'` : sql`null`}, ${closed ? 'user:bench' : null}, ${closed ? 'done' : null}
        from generate_series(1, ${n}) as i`.execute(handle.db);
    }
    console.log(`  loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };
  await fill(
    'open items for Assessment Team East',
    targetOpen - (await count(sql`team_id = ${teamId} and completed_at is null`)),
    [teamId],
    false,
  );
  await fill('closed items (history)', targetClosed - (await count(sql`completed_at is not null`)), [teamId, ...otherTeams], true);
  await fill(
    'open items for other teams',
    targetOther - (await count(sql`team_id <> ${teamId} and completed_at is null`)),
    otherTeams,
    false,
  );
  // As autovacuum would on a live system: statistics, and the visibility map the index-only counts rely on.
  await sql`vacuum analyze work_item`.execute(handle.db);

  const open = await count(sql`team_id = ${teamId} and completed_at is null`);
  const all = await count(sql`true`);
  const variants: { label: string; run: () => Promise<unknown> }[] = [
    { label: 'Team tray, first page + counts', run: () => services.work.tray(priya, { view: 'team', teamId }) },
    { label: 'Team tray, overdue only', run: () => services.work.tray(priya, { view: 'team', teamId, state: 'overdue' }) },
    { label: 'Team tray, one kind', run: () => services.work.tray(priya, { view: 'team', teamId, kind: 'referral_decision' }) },
    { label: 'Team tray, unallocated', run: () => services.work.tray(priya, { view: 'team', teamId, holder: 'unallocated' }) },
    { label: 'My work (Sam, ~33,000 items)', run: () => services.work.tray(sam, { view: 'mine' }) },
    { label: 'Manager’s view (by holder)', run: () => services.work.tray(priya, { view: 'manager' }) },
  ];
  const results: { label: string; p50: number; p95: number; p99: number }[] = [];
  for (const variant of variants) {
    for (let i = 0; i < 20; i += 1) {
      await variant.run();
    }
    const times: number[] = [];
    for (let i = 0; i < samples; i += 1) {
      const started = performance.now();
      await variant.run();
      times.push(performance.now() - started);
    }
    results.push({ label: variant.label, ...summarise(times) });
  }
  const first = await services.work.tray(priya, { view: 'team', teamId });
  console.log('');
  console.log(
    `Work-tray benchmark — PostgreSQL, ${open.toLocaleString('en-GB')} open items in one team, ${all.toLocaleString('en-GB')} work items in all; ${samples} runs each`,
  );
  console.log(
    `  (counts: ${first.counts.overdue.toLocaleString('en-GB')} overdue, ${first.counts.dueSoon.toLocaleString('en-GB')} due soon, ${first.counts.due.toLocaleString('en-GB')} due; ${first.items.filter((item) => item.personHidden).length} of ${first.items.length} names hidden on the first page)`,
  );
  for (const result of results) {
    const target = result === results[0] ? `   target p95 ≤ ${TARGET_P95_MS} ms: ${result.p95 <= TARGET_P95_MS ? 'met' : 'MISSED'}` : '';
    console.log(`  ${result.label.padEnd(36)} p50 ${ms(result.p50)}   p95 ${ms(result.p95)}   p99 ${ms(result.p99)}${target}`);
  }
} finally {
  await handle.close();
}
