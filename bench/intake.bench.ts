// Intake benchmark (issue 4): referrals per second through the real API — bearer token, Idempotency-Key,
// validation, the referral and its subjects, access bases, work items, chronology entries and the audit
// chain, each referral one transaction — at 50 concurrent clients, with latency percentiles; and, in the
// same run on the same server, the ceiling of plain single-row insert transactions at the same
// concurrency. Prints the ratio. A benchmark, not a test: it prints figures and always exits 0.
//
//   npm run bench:intake -- [--clients 50] [--seconds 20] [--children 2000]
//
// DATABASE_URL, or postgres://postgres@127.0.0.1:5432/wp_bench_intake (dropped and created afresh each run).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { DEMO_EMAIL_DOMAIN, seedDemoPartnership } from '../src/demo/northshire.ts';
import { systemClock } from '../src/platform/clock.ts';
import { testConfig } from '../src/platform/config/config.ts';
import { openDatabase } from '../src/platform/database/database.ts';
import { migrateToLatest } from '../src/platform/database/migrate.ts';
import { createServices } from '../src/services.ts';
import { measureInsertCeiling } from './ceiling.ts';
import { freshDatabase, peakRssMiB, summarise } from './figures.ts';

const TARGET_PER_SECOND = 300;
const TARGET_RATIO = 0.3;

const { values: options } = parseArgs({
  options: {
    clients: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '20' },
    children: { type: 'string', default: '2000' },
  },
});
const clients = Number(options.clients);
const seconds = Number(options.seconds);
const childCount = Number(options.children);

const url = await freshDatabase(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/wp_bench_intake');
const handle = await openDatabase({ databaseUrl: url });
await migrateToLatest(handle.db);
const services = createServices(handle.db, testConfig(), systemClock);
await seedDemoPartnership(services);

// The referrer is Northshire Police's public protection unit sending notifications from its own system.
const tomUser = await services.agencies.findUserByEmail(`tom.fletcher@${DEMO_EMAIL_DOMAIN}`);
const tom = tomUser ? await services.agencies.loadActor(tomUser.id) : undefined;
if (!tom?.userId) {
  throw new Error('The demo partnership has no Tom Fletcher');
}
const mash = await handle.db.selectFrom('team').select('id').where('name', '=', 'Multi-Agency Safeguarding Hub').executeTakeFirstOrThrow();
process.stdout.write(`Creating ${childCount} children known to the police… `);
const childIds: string[] = [];
for (let index = 0; index < childCount; index += 1) {
  const child = await services.people.createPerson(tom, {
    givenName: `Bench${index}`,
    familyName: 'Intake',
    dateOfBirth: `20${String(10 + (index % 14)).padStart(2, '0')}-0${1 + (index % 9)}-1${index % 9}`,
  });
  childIds.push(child.id);
}
process.stdout.write('done\n');
const { token } = await services.identity.createApiToken(tom, { userId: tom.userId, label: 'bench' });

const app = await buildApp(services, { databaseKind: handle.kind });
await app.listen({ port: 0, host: '127.0.0.1' });
const port = (app.server.address() as AddressInfo).port;
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });

let sequence = 0;
function referralBody(): string {
  sequence += 1;
  return JSON.stringify({
    kind: 'child',
    referrerName: 'DC Tom Fletcher',
    referrerOrganisation: 'Northshire Police',
    referrerPhone: '01632 960000',
    referrerEmail: `tom.fletcher@${DEMO_EMAIL_DOMAIN}`,
    concern: `Domestic abuse incident ${sequence}: officers attended; the child was present and was seen.`,
    immediateDanger: false,
    parentConsent: 'not_sought',
    withoutConsentReason: 'Seeking consent would place the child at risk of further harm.',
    earlyHelpPlanOpen: false,
    receivingTeamId: mash.id,
    subjects: [{ personId: childIds[sequence % childIds.length], role: 'subject', consent: 'not_sought' }],
  });
}

function post(body: string, key: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/v1/referrals',
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': key,
          'content-length': Buffer.byteLength(body),
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

async function load(durationMs: number, record: boolean) {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const stopAt = performance.now() + durationMs;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      let n = 0;
      while (performance.now() < stopAt) {
        n += 1;
        const began = performance.now();
        const status = await post(referralBody(), `bench-${record ? 'm' : 'w'}-${client}-${n}`);
        if (record) {
          latencies.push(performance.now() - began);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      }
    }),
  );
  return { latencies, statuses, elapsedS: (performance.now() - started) / 1000 };
}

console.log(`Warming up for 3 s with ${clients} clients…`);
await load(3000, false);
console.log(`Measuring for ${seconds} s…`);
const run = await load(seconds * 1000, true);
const created = run.statuses.get(201) ?? 0;
const perSecond = created / run.elapsedS;
const latency = summarise(run.latencies);
await app.close();
agent.destroy();

console.log(`Measuring the plain single-row insert ceiling for ${Math.min(seconds, 10)} s…`);
const ceiling = await measureInsertCeiling(url, { clients, durationMs: Math.min(seconds, 10) * 1000 });
await handle.close();

const server = new pg.Client({ connectionString: url });
await server.connect();
const version = (await server.query<{ server_version: string }>('show server_version')).rows[0]?.server_version;
await server.end();

const ratio = perSecond / ceiling.transactionsPerSecond;
console.log('');
console.log(`PostgreSQL ${version}, ${clients} concurrent clients, Node ${process.version}`);
console.log(`Responses: ${[...run.statuses].map(([status, count]) => `${status}×${count}`).join(', ')}`);
console.log(
  `Referrals through the API: ${perSecond.toFixed(0)}/s (target ≥ ${TARGET_PER_SECOND}/s: ${perSecond >= TARGET_PER_SECOND ? 'met' : 'MISSED'})`,
);
console.log(`Latency: p50 ${latency.p50.toFixed(1)} ms, p95 ${latency.p95.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms`);
console.log(`Plain single-row insert transactions: ${ceiling.transactionsPerSecond.toFixed(0)}/s`);
console.log(`Ratio: ${ratio.toFixed(2)} of the ceiling (target ≥ ${TARGET_RATIO}: ${ratio >= TARGET_RATIO ? 'met' : 'MISSED'})`);
console.log(`Peak RSS: ${peakRssMiB()} MiB`);
