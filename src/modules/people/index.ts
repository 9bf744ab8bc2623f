/**
 * People the partnership works with. This is the foundation's minimal person record (name, date of
 * birth, restriction) with scoped, audited reads; names over time, identifiers and relationships
 * come with the people-and-chronology work.
 */
export { canViewAccessLog } from './people.policy.ts';
export { peopleRoutes } from './people.routes.ts';
export { type AccessLogEntry, CreatePersonInput, type Person, RestrictPersonInput, UpdatePersonInput } from './people.schema.ts';
export { createPeopleService, type PeopleService } from './people.service.ts';
