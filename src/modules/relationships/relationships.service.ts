import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/database/transaction.ts';
import type { AccessService } from '../access/index.ts';

export function createRelationshipsService(_db: Db, _clock: Clock, _access: AccessService) {
  return {
    /**
     * The people who share a household with this person at the given time, the person included.
     * Ids only and unscoped: callers (the family chronology) apply their own visibility rules.
     */
    async householdMemberIds(personId: string, _at: Date): Promise<string[]> {
      return [personId];
    },
  };
}

export type RelationshipsService = ReturnType<typeof createRelationshipsService>;
