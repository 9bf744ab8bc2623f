import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase } from '../../testing/test-database.ts';
import { type DatabaseHandle, openDatabase } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import { migrations } from './migrations/index.ts';

const MIGRATIONS_DIR = path.join(import.meta.dirname, 'migrations');
/** `20261123T0900_platform_create-foundation`: when, which part of the system, what it does. */
const NAME_PATTERN = /^\d{8}T\d{4}_[a-z][a-z0-9-]*_[a-z0-9][a-z0-9-]*$/;

const migrationFiles = fs
  .readdirSync(MIGRATIONS_DIR)
  .filter((file) => file.endsWith('.ts') && file !== 'index.ts' && !file.endsWith('.test.ts'))
  .map((file) => file.slice(0, -'.ts'.length))
  .sort();
const registered = Object.keys(migrations);

describe('Migrations: how the database schema moves forward', () => {
  it('every migration file is registered in migrations/index.ts, and nothing is registered without a file', () => {
    assert.ok(migrationFiles.length > 0);
    assert.deepEqual(
      migrationFiles.filter((name) => !registered.includes(name)),
      [],
      'files missing from index.ts',
    );
    assert.deepEqual(
      registered.filter((name) => !migrationFiles.includes(name)),
      [],
      'names in index.ts without a file',
    );
  });

  it('names follow the timestamp_area_description pattern and are listed in the order they sort (the order Kysely applies them)', () => {
    for (const name of registered) {
      assert.match(name, NAME_PATTERN);
    }
    assert.deepEqual(registered, [...registered].sort());
    assert.equal(new Set(registered.map((name) => name.slice(0, 13))).size, registered.length, 'no two migrations share a timestamp');
  });

  it('every registered migration has an up step', () => {
    for (const [name, migration] of Object.entries(migrations)) {
      assert.equal(typeof migration.up, 'function', name);
    }
  });
});

describe('Migrating a brand-new embedded database, then starting again', () => {
  let handle: DatabaseHandle;

  before(async () => {
    handle = await openDatabase({ dataDir: ':memory:' });
  });
  after(() => handle.close());

  it('the first start applies every migration in order; the second applies nothing and changes nothing', async () => {
    const first = await migrateToLatest(handle.db);
    assert.deepEqual(first.applied, registered);

    const tables = await handle.db.introspection.getTables();
    assert.ok(
      ['person', 'audit_event', 'job', 'idempotency_key'].every((table) => tables.some((found) => found.name === table)),
      'the schema exists',
    );

    const second = await migrateToLatest(handle.db);
    assert.deepEqual(second.applied, []);
    const recorded = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(handle.db);
    assert.deepEqual(
      recorded.rows.map((row) => row.name),
      registered,
      'each migration recorded once',
    );
  });
});

describe('Migrating a database that is already up to date (PostgreSQL when TEST_DATABASE_URL is set)', () => {
  let handle: DatabaseHandle;

  before(async () => {
    handle = await createTestDatabase();
  });
  after(() => handle.close());

  it('applies nothing, twice over', async () => {
    assert.deepEqual((await migrateToLatest(handle.db)).applied, []);
    assert.deepEqual((await migrateToLatest(handle.db)).applied, []);
  });
});
