/**
 * Who may see a person's records and why: legitimate relationships (allocation, involvement,
 * meetings, sharing decisions), restricted records with explicit grants, and break-glass.
 */
export { allocatedToPersonIn, canUseCaseRecords, personVisibleTo } from './access.policy.ts';
export { accessRoutes } from './access.routes.ts';
export {
  ACCESS_BASIS_KINDS,
  ACCESS_BASIS_LABELS,
  type AccessBasis,
  type AccessBasisKind,
  BREAK_GLASS_MINUTES,
  BREAK_GLASS_REASON_LABELS,
  BREAK_GLASS_REASONS,
  type BreakGlassGrant,
  RecordInvolvementInput,
  ReviewBreakGlassInput,
  StartBreakGlassInput,
} from './access.schema.ts';
export { type AccessService, createAccessService } from './access.service.ts';
