import type { AccessTables } from '../../modules/access/access.tables.ts';
import type { AgenciesTables } from '../../modules/agencies/agencies.tables.ts';
import type { CalendarTables } from '../../modules/calendar/calendar.tables.ts';
import type { ChronologyTables } from '../../modules/chronology/chronology.tables.ts';
import type { DuplicatesTables } from '../../modules/duplicates/duplicates.tables.ts';
import type { IdentityTables } from '../../modules/identity/identity.tables.ts';
import type { InformationSharingTables } from '../../modules/information-sharing/information-sharing.tables.ts';
import type { MatchingTables } from '../../modules/matching/matching.tables.ts';
import type { PeopleTables } from '../../modules/people/people.tables.ts';
import type { ReferralsTables } from '../../modules/referrals/referrals.tables.ts';
import type { RelationshipsTables } from '../../modules/relationships/relationships.tables.ts';
import type { StrategyTables } from '../../modules/strategy/strategy.tables.ts';
import type { WorkTables } from '../../modules/work/work.tables.ts';
import type { AuditTrailTables } from '../audit-trail/audit-trail.tables.ts';
import type { IdempotencyTables } from '../idempotency/idempotency.tables.ts';
import type { JobsTables } from '../jobs/jobs.tables.ts';
import type { NotificationsTables } from '../notifications/notifications.tables.ts';

/** The whole schema as Kysely sees it: the intersection of the tables each module owns. */
export type Database = AgenciesTables &
  IdentityTables &
  AccessTables &
  PeopleTables &
  RelationshipsTables &
  ChronologyTables &
  ReferralsTables &
  InformationSharingTables &
  StrategyTables &
  CalendarTables &
  MatchingTables &
  DuplicatesTables &
  WorkTables &
  AuditTrailTables &
  NotificationsTables &
  IdempotencyTables &
  JobsTables;
