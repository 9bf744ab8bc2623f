import { createAccessService } from './modules/access/index.ts';
import { createAgenciesService } from './modules/agencies/index.ts';
import { createCalendarService } from './modules/calendar/index.ts';
import { createChronologyService } from './modules/chronology/index.ts';
import { createDuplicatesService } from './modules/duplicates/index.ts';
import { createIdentityService } from './modules/identity/index.ts';
import { createInformationSharingService } from './modules/information-sharing/index.ts';
import { createMatchingService } from './modules/matching/index.ts';
import { createPeopleService } from './modules/people/index.ts';
import { createReferralsService } from './modules/referrals/index.ts';
import { createRelationshipsService } from './modules/relationships/index.ts';
import { createStrategyService } from './modules/strategy/index.ts';
import { createWorkService } from './modules/work/index.ts';
import { type Clock, systemClock } from './platform/clock.ts';
import type { Config } from './platform/config/config.ts';
import type { Db } from './platform/database/transaction.ts';

/**
 * The composition root: every module's service, wired with plain functions. The API, the web pages
 * and the CLI all call these same services; none of them reaches a repository directly.
 */
export function createServices(db: Db, config: Config, clock: Clock = systemClock) {
  const agencies = createAgenciesService(db, clock);
  const identity = createIdentityService(db, clock, agencies, config.oidc);
  const access = createAccessService(db, clock);
  const matching = createMatchingService(db, clock);
  const people = createPeopleService(db, clock, access, matching);
  const relationships = createRelationshipsService(db, clock, access, agencies);
  const chronology = createChronologyService(db, clock, { access, relationships });
  const calendar = createCalendarService(db, clock);
  const duplicates = createDuplicatesService(db, clock, { agencies, people, matching });
  const work = createWorkService(db, clock, { calendar });
  const referrals = createReferralsService(db, clock, { access, chronology, calendar, people, relationships });
  const strategy = createStrategyService(db, clock, { access, calendar, chronology, referrals });
  const informationSharing = createInformationSharingService(db, clock, { access, calendar, chronology, people, referrals });
  return {
    db,
    config,
    clock,
    agencies,
    identity,
    access,
    people,
    relationships,
    chronology,
    calendar,
    matching,
    duplicates,
    work,
    referrals,
    strategy,
    informationSharing,
  };
}

export type Services = ReturnType<typeof createServices>;
