/** Partner organisations, their teams, and the people and service accounts who work in them. */
export { canAdministerDirectory } from './agencies.policy.ts';
export { normaliseEmail } from './agencies.repository.ts';
export { agenciesRoutes } from './agencies.routes.ts';
export {
  AGENCY_KIND_LABELS,
  AGENCY_KINDS,
  type Agency,
  type AgencyKind,
  CreateAgencyInput,
  CreateUserInput,
  type Team,
  type User,
} from './agencies.schema.ts';
export { type AgenciesService, createAgenciesService } from './agencies.service.ts';
