import type { Migration } from 'kysely';
import * as createFoundation from './20261123T0900_platform_create-foundation.ts';
import * as addPeopleDetails from './20261123T1000_people_add-details.ts';
import * as createRelationships from './20261123T1010_relationships_create-relationships-and-households.ts';
import * as createChronology from './20261123T1020_chronology_create-chronology.ts';
import * as createCalendarAndWork from './20261123T1030_calendar_create-calendar-and-work.ts';
import * as createReferrals from './20261123T1040_referrals_create-referrals.ts';
import * as createInformationSharing from './20261123T1050_information-sharing_create-requests-and-decisions.ts';
import * as createStrategyDiscussions from './20261123T1060_strategy_create-strategy-discussions.ts';
import * as addWorkTrayIndexes from './20261123T1070_work_add-tray-indexes.ts';
import * as createMatchModel from './20261123T1080_matching_create-match-model.ts';
import * as createDuplicateReviewQueue from './20261123T1090_duplicates_create-review-queue-and-merges.ts';
import * as addPeopleMatchIndexes from './20261123T1100_people_add-match-indexes.ts';

/**
 * Every migration, by name. Names sort by time; Kysely applies them in name order and refuses to
 * run if an applied migration has vanished. `migrations.test.ts` fails if a file is not listed.
 */
export const migrations: Record<string, Migration> = {
  '20261123T0900_platform_create-foundation': createFoundation,
  '20261123T1000_people_add-details': addPeopleDetails,
  '20261123T1010_relationships_create-relationships-and-households': createRelationships,
  '20261123T1020_chronology_create-chronology': createChronology,
  '20261123T1030_calendar_create-calendar-and-work': createCalendarAndWork,
  '20261123T1040_referrals_create-referrals': createReferrals,
  '20261123T1050_information-sharing_create-requests-and-decisions': createInformationSharing,
  '20261123T1060_strategy_create-strategy-discussions': createStrategyDiscussions,
  '20261123T1070_work_add-tray-indexes': addWorkTrayIndexes,
  '20261123T1080_matching_create-match-model': createMatchModel,
  '20261123T1090_duplicates_create-review-queue-and-merges': createDuplicateReviewQueue,
  '20261123T1100_people_add-match-indexes': addPeopleMatchIndexes,
};
