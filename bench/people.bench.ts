// People benchmark (issue 3): with a large synthetic population, time the data behind a person's page
// (person, relationships, household, involvements, latest 200 chronology entries) and a name search,
// through the real services (scoped queries and audit writes included), against one primary-key lookup
// measured in the same run. A benchmark, not a test: it prints figures and always exits 0.
//
//   npm run bench:people -- [--database embedded|server] [--people N] [--entries-per-person 10] [--samples 300]
//
// embedded: PGlite in BENCH_DATA_DIR (default .bench-data/people-embedded; kept, so a second run reuses the population).
// server:   DATABASE_URL, or postgres://postgres@127.0.0.1:5432/wp_bench_people (created if missing, kept for reuse).
// Defaults: 100,000 people embedded, 1,000,000 on a server, 10 entries a person.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { DEMO_EMAIL_DOMAIN, DEMO_PARTNERSHIP_CODE, seedDemoPartnership } from '../src/demo/northshire.ts';
import { generatePopulation } from '../src/demo/population/generate-population.ts';
import { systemClock } from '../src/platform/clock.ts';
import { testConfig } from '../src/platform/config/config.ts';
import { openDatabase } from '../src/platform/database/database.ts';
import { migrateToLatest } from '../src/platform/database/migrate.ts';
import { createServices } from '../src/services.ts';
import { keptDatabase, summarise } from './figures.ts';

const TARGET_PAGE_P95_MS = 50;
const TARGET_SEARCH_P95_MS = 100;

const { values: options } = parseArgs({
  options: {
    database: { type: 'string', default: 'embedded' },
    people: { type: 'string' },
    'entries-per-person': { type: 'string', default: '10' },
    samples: { type: 'string', default: '300' },
  },
});
const backend = options.database;
if (backend !== 'embedded' && backend !== 'server') {
  throw new Error('--database must be embedded or server');
}
const targetPeople = Number(options.people ?? (backend === 'server' ? 1_000_000 : 100_000));
const entriesPerPerson = Number(options['entries-per-person']);
const samples = Number(options.samples);

const serverUrl = () => keptDatabase(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/wp_bench_people');

const ms = (value: number) => `${value.toFixed(2)} ms`;

const dataDir = process.env.BENCH_DATA_DIR ?? path.resolve('.bench-data/people-embedded');
if (backend === 'embedded') {
  fs.mkdirSync(dataDir, { recursive: true });
}
const handle = backend === 'server' ? await openDatabase({ databaseUrl: await serverUrl() }) : await openDatabase({ dataDir });
try {
  await migrateToLatest(handle.db);
  const services = createServices(handle.db, testConfig(), systemClock);
  await seedDemoPartnership(services);
  const partnership = await services.agencies.findPartnershipByCode(DEMO_PARTNERSHIP_CODE);
  if (!partnership) {
    throw new Error('Northshire was not seeded');
  }
  const count = async (table: string) =>
    Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(handle.db)).rows[0]?.n);
  const existing = await count('person');
  if (existing < targetPeople) {
    const toAdd = targetPeople - existing;
    console.log(`Generating ${toAdd.toLocaleString('en-GB')} people (${entriesPerPerson} entries a person) into the ${backend} database…`);
    const started = performance.now();
    let lastReport = 0;
    const result = await generatePopulation(handle.db, systemClock, {
      partnershipId: partnership.id,
      people: toAdd,
      entriesPerPerson,
      seed: existing + 1,
      chunkFamilies: 1000,
      onProgress: (done, entries) => {
        if (done - lastReport >= toAdd / 20 || done === toAdd) {
          lastReport = done;
          console.log(
            `  ${done.toLocaleString('en-GB')} people, ${entries.toLocaleString('en-GB')} entries, ${((performance.now() - started) / 1000).toFixed(0)} s`,
          );
        }
      },
    });
    console.log(`Generated in ${((performance.now() - started) / 1000).toFixed(0)} s: ${result.entries.toLocaleString('en-GB')} entries.`);
    await sql`analyze`.execute(handle.db);
  }
  const people = await count('person');
  const entries = await count('chronology_entry');
  const user = await services.agencies.findUserByEmail(`sam.okafor@${DEMO_EMAIL_DOMAIN}`);
  const actor = await services.agencies.loadActor(user?.id as string);
  if (!actor) {
    throw new Error('Sam Okafor is missing');
  }
  // Children's services is involved with every generated family, so Sam may open every sampled child.
  const sample = (
    await sql<{
      id: string;
    }>`select p.id from person p join access_basis b on b.person_id = p.id
      where p.kind = 'child' and b.kind = 'agency_involved' and b.agency_id = ${actor.agencyId} order by random() limit ${samples}`.execute(
      handle.db,
    )
  ).rows.map((row) => row.id);
  const names = (
    await sql<{
      given_name: string;
      family_name: string;
    }>`select given_name, family_name from person where kind = 'child' order by random() limit 100`.execute(handle.db)
  ).rows;

  const personPage = async (id: string) => {
    await services.people.getPersonDetails(actor, id, 'benchmark');
    await services.relationships.listRelationships(actor, id);
    await services.relationships.getHouseholds(actor, id);
    await services.relationships.listInvolvements(actor, id);
    return services.chronology.personChronology(actor, id, { pageSize: 200 });
  };
  const primaryKey = async (id: string) => sql`select * from person where id = ${id}`.execute(handle.db);

  for (const id of sample.slice(0, 20)) {
    await personPage(id);
    await primaryKey(id);
  }
  const pageTimes: number[] = [];
  const keyTimes: number[] = [];
  let shownEntries = 0;
  for (const id of sample) {
    let started = performance.now();
    await primaryKey(id);
    keyTimes.push(performance.now() - started);
    started = performance.now();
    const page = await personPage(id);
    pageTimes.push(performance.now() - started);
    shownEntries += page.entries.length;
  }
  const searchTimes: number[] = [];
  let found = 0;
  for (const [index, name] of names.entries()) {
    // Every other search misspells the surname (two letters swapped), as people do on the phone.
    const family =
      index % 2 === 0 || name.family_name.length < 4
        ? name.family_name
        : `${name.family_name.slice(0, 2)}${name.family_name[3]}${name.family_name[2]}${name.family_name.slice(4)}`;
    const started = performance.now();
    const matches = await services.people.searchPeople(actor, { name: `${name.given_name} ${family}` });
    searchTimes.push(performance.now() - started);
    found += matches.some((match) => match.person.givenName === name.given_name) ? 1 : 0;
  }

  const page = summarise(pageTimes);
  const key = summarise(keyTimes);
  const search = summarise(searchTimes);
  const rss = process.memoryUsage().rss / 1024 / 1024;
  console.log('');
  console.log(
    `People benchmark — ${backend === 'server' ? 'PostgreSQL' : 'embedded PGlite'}, ${people.toLocaleString('en-GB')} people, ${entries.toLocaleString('en-GB')} chronology entries`,
  );
  console.log(
    `  Person page data (person, relationships, households, involvements, latest 200 entries; ${samples} children, avg ${(shownEntries / sample.length).toFixed(1)} entries shown):`,
  );
  console.log(
    `    p50 ${ms(page.p50)}   p95 ${ms(page.p95)}   p99 ${ms(page.p99)}   target p95 ≤ ${TARGET_PAGE_P95_MS} ms: ${page.p95 <= TARGET_PAGE_P95_MS ? 'met' : 'MISSED'}`,
  );
  console.log(`  Primary-key lookup of one person: p50 ${ms(key.p50)}   p95 ${ms(key.p95)}`);
  console.log(`  Ratio person page / primary-key lookup (p50): ${(page.p50 / key.p50).toFixed(1)}×`);
  console.log(`  Name search (${names.length} searches, half misspelt; right child found in ${found}):`);
  console.log(
    `    p50 ${ms(search.p50)}   p95 ${ms(search.p95)}   p99 ${ms(search.p99)}   target p95 ≤ ${TARGET_SEARCH_P95_MS} ms: ${search.p95 <= TARGET_SEARCH_P95_MS ? 'met' : 'MISSED'}`,
  );
  console.log(`  Peak RSS ${rss.toFixed(0)} MiB`);
} finally {
  await handle.close();
}
