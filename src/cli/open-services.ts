import { sql } from 'kysely';
import { type Actor, systemActor } from '../platform/access/actor.ts';
import { type Config, loadConfig } from '../platform/config/config.ts';
import { type DatabaseHandle, openDatabase } from '../platform/database/database.ts';
import { migrateToLatest } from '../platform/database/migrate.ts';
import { isAppError } from '../platform/errors.ts';
import { createServices, type Services } from '../services.ts';
import { CliError, ExitCode, messageOf } from './cli-error.ts';
import type { CliIo } from './cli-io.ts';

/** What every command that touches the database is handed. */
export interface CliContext {
  io: CliIo;
  config: Config;
  database: DatabaseHandle;
  services: Services;
  /** The actor all CLI writes are recorded against in the audit trail (`system:cli`). */
  actor: Actor;
  /** The migrations this run applied (usually none). */
  appliedMigrations: string[];
}

/** Reads configuration from the CLI's environment; an invalid one is an environment problem (exit 3). */
export function loadCliConfig(io: CliIo): Config {
  return loadConfig(io.env);
}

function describeDatabase(config: Config): string {
  if (!config.databaseUrl) {
    return `the embedded database in ${config.dataDir}`;
  }
  try {
    const url = new URL(config.databaseUrl);
    // Never print the URL itself: it may hold a password.
    return `the PostgreSQL database ${url.pathname.slice(1) || '(default)'} on ${url.hostname}${url.port ? `:${url.port}` : ''}`;
  } catch {
    return 'the PostgreSQL database in DATABASE_URL';
  }
}

/**
 * Opens the database named by the environment (DATABASE_URL, or the embedded one in DATA_DIR),
 * applies pending migrations, runs `action`, and always closes the database again, so the DATA_DIR
 * lock is released and the process can exit. Anything that goes wrong before `action` runs is an
 * environment problem (exit 3).
 */
export async function withServices<T>(io: CliIo, action: (context: CliContext) => Promise<T>): Promise<T> {
  const config = loadCliConfig(io);
  let database: DatabaseHandle;
  try {
    database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  } catch (error) {
    throw isAppError(error) ? error : new CliError(ExitCode.environment, `Could not open ${describeDatabase(config)}: ${messageOf(error)}`);
  }
  try {
    try {
      // The embedded database is open by now; a server is first contacted here.
      await sql`select 1`.execute(database.db);
    } catch (error) {
      throw new CliError(ExitCode.environment, `Could not connect to ${describeDatabase(config)}: ${messageOf(error)}`);
    }
    let appliedMigrations: string[];
    try {
      appliedMigrations = (await migrateToLatest(database.db)).applied;
    } catch (error) {
      throw new CliError(ExitCode.environment, `Could not prepare ${describeDatabase(config)}: ${messageOf(error)}`);
    }
    const services = createServices(database.db, config);
    return await action({ io, config, database, services, actor: systemActor('cli'), appliedMigrations });
  } finally {
    await database.close();
  }
}
