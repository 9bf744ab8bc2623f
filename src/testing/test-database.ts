import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely } from 'kysely';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../platform/database/database.ts';
import { migrateToLatest } from '../platform/database/migrate.ts';
import { PGliteDialect } from '../platform/database/pglite-dialect.ts';

const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../platform/database/migrations');
const CACHE_DIR = path.resolve(import.meta.dirname, '../../.cache');

function migrationsFingerprint(): string {
  const hash = createHash('sha256');
  for (const name of fs.readdirSync(MIGRATIONS_DIR).sort()) {
    hash.update(name).update(fs.readFileSync(path.join(MIGRATIONS_DIR, name)));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * A fresh PGlite costs seconds of initdb; restoring a migrated template costs a fraction. The
 * template is rebuilt whenever a migration file changes, and written atomically because test
 * files run in parallel processes.
 */
async function migratedTemplate(): Promise<Blob> {
  const file = path.join(CACHE_DIR, `pglite-template-${migrationsFingerprint()}.tar.gz`);
  if (fs.existsSync(file)) {
    return new Blob([fs.readFileSync(file)]);
  }
  // The same extensions as openDatabase: migrations create them in the template.
  const pglite = await PGlite.create({ extensions: { pg_trgm, fuzzystrmatch } });
  const db = new Kysely<unknown>({ dialect: new PGliteDialect(pglite) });
  await migrateToLatest(db);
  const dump = await pglite.dumpDataDir('gzip');
  await pglite.close();
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, Buffer.from(await dump.arrayBuffer()));
  fs.renameSync(temporary, file);
  return dump;
}

/**
 * A migrated, empty database for one test file: in-memory PGlite by default, or a throwaway
 * database on the server named by TEST_DATABASE_URL (dropped again on close).
 */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    return openDatabase({ dataDir: ':memory:', loadDataDir: await migratedTemplate() });
  }
  const name = `wp_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString() });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    async close() {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
