import type { Migration } from 'kysely';
import * as createFoundation from './20261123T0900_platform_create-foundation.ts';

/**
 * Every migration, by name. Names sort by time; Kysely applies them in name order and refuses to
 * run if an applied migration has vanished. `migrations.test.ts` fails if a file is not listed.
 */
export const migrations: Record<string, Migration> = {
  '20261123T0900_platform_create-foundation': createFoundation,
};
