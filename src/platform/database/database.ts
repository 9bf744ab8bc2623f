import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { acquireDataDirLock } from './data-dir-lock.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import type { Database } from './tables.ts';

export type DatabaseKind = 'embedded' | 'postgresql';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  close(): Promise<void>;
}

const OID = { INT8: 20, DATE: 1082, NUMERIC: 1700 } as const;

/**
 * Both backends must hand back identical JavaScript values, or code passes on one and fails on
 * the other: bigint counts and sequence numbers as numbers (they stay far below 2^53), dates
 * as 'YYYY-MM-DD' strings (never a Date shifted by the server's time zone).
 */
const parseInt8 = (value: string): number => Number(value);
const keepText = (value: string): string => value;

export interface OpenDatabaseOptions {
  /** A postgres:// URL; without it the embedded database is used. */
  databaseUrl?: string | undefined;
  /** Folder for the embedded database, or ':memory:'. */
  dataDir?: string;
  /** A PGlite data-directory tarball to start from (tests use a migrated template). */
  loadDataDir?: Blob | File;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: 10,
      types: {
        getTypeParser: ((oid: number, format?: string) => {
          if (oid === OID.INT8) {
            return parseInt8;
          }
          if (oid === OID.DATE || oid === OID.NUMERIC) {
            return keepText;
          }
          return pg.types.getTypeParser(oid, format as 'text');
        }) as typeof pg.types.getTypeParser,
      },
    });
    // An idle client's error (server restart) must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgresql', close: () => db.destroy() };
  }

  const dataDir = options.dataDir ?? ':memory:';
  const inMemory = dataDir === ':memory:';
  const releaseLock = inMemory ? () => {} : acquireDataDirLock(dataDir);
  try {
    const pglite = await PGlite.create(inMemory ? undefined : path.join(dataDir, 'pg'), {
      parsers: { [OID.INT8]: parseInt8, [OID.DATE]: keepText, [OID.NUMERIC]: keepText },
      // Name search tolerant of misspellings: trigram similarity and double metaphone, as on a server.
      extensions: { pg_trgm, fuzzystrmatch },
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    return {
      db,
      kind: 'embedded',
      async close() {
        await db.destroy();
        await pglite.close();
        releaseLock();
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}
