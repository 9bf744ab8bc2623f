import { buildApp } from './app.ts';
import { seedDemoFamilies } from './demo/families.ts';
import { DEMO_PASSWORD, demoSignIns, seedDemoPartnership } from './demo/northshire.ts';
import { loadConfig } from './platform/config/config.ts';
import { openDatabase } from './platform/database/database.ts';
import { migrateToLatest } from './platform/database/migrate.ts';
import { isAppError } from './platform/errors.ts';
import { createJobRunner } from './platform/jobs/jobs.ts';
import { createServices } from './services.ts';

/** Process entry: configuration, database (locked, migrated), demo data on first start, then listen. */
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const { applied } = await migrateToLatest(database.db);
  if (applied.length > 0) {
    console.log(`Applied ${applied.length} database migration(s).`);
  }
  const services = createServices(database.db, config);
  if (config.seedDemo && (await seedDemoPartnership(services))) {
    await seedDemoFamilies(services);
    console.log('Seeded the fictional Northshire Safeguarding Partnership, its demo families and their histories.');
  }
  const app = await buildApp(services, { databaseKind: database.kind, logger: config.environment === 'production' });
  // Scheduled work registers its handlers here as modules arrive; work reminders and the duplicate scan requeue themselves.
  const jobs = config.runJobs
    ? createJobRunner({
        db: database.db,
        clock: services.clock,
        handlers: { ...services.work.jobHandlers(), ...services.duplicates.jobHandlers() },
        pollMs: 5_000,
        batchSize: 10,
        log: (level, message, details) => console[level === 'info' ? 'log' : level](message, details ?? ''),
      })
    : undefined;

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) {
      return;
    }
    closing = true;
    console.log(`${signal} received: finishing requests and closing the database.`);
    await app.close();
    await jobs?.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  if (jobs) {
    await services.work.scheduleReminders();
    await services.duplicates.scheduleScans();
    jobs.start();
  }
  const where = `http://localhost:${config.port}`;
  console.log(
    `Whole Picture is running at ${where} on ${database.kind === 'embedded' ? `the embedded database in ${config.dataDir}` : 'PostgreSQL'}.`,
  );
  if (config.seedDemo) {
    console.log(`\nSign in at ${where}/sign-in with any demo account below; the password for all of them is: ${DEMO_PASSWORD}\n`);
    for (const user of demoSignIns()) {
      console.log(`  ${user.email.padEnd(40)} ${user.job}`);
    }
    console.log('');
  }
}

main().catch((error: unknown) => {
  console.error(isAppError(error) ? `Whole Picture could not start: ${error.message}` : error);
  process.exit(1);
});
