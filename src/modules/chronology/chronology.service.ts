import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/database/transaction.ts';
import type { AccessService } from '../access/index.ts';
import type { RelationshipsService } from '../relationships/index.ts';

export function createChronologyService(_db: Db, _clock: Clock, _deps: { access: AccessService; relationships: RelationshipsService }) {
  return {};
}

export type ChronologyService = ReturnType<typeof createChronologyService>;
