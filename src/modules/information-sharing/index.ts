/**
 * Information sharing at the MASH: requests to partner agencies and their returns, tracked against the
 * rating's target, and every decision to share or not to share recorded with its lawful basis.
 */
export { decisionVisibleTo, requestVisibleTo } from './information-sharing.policy.ts';
export { informationSharingRoutes } from './information-sharing.routes.ts';
export {
  CONSENT_POSITION_LABELS,
  CONSENT_POSITIONS,
  DECISION_FLAG_LABELS,
  type InformationRequest,
  LAWFUL_BASES,
  LAWFUL_BASIS_LABELS,
  REQUEST_STATUS_LABELS,
  type ReferralInformationSummary,
  type SharingDecision,
  SPECIAL_CATEGORY_CONDITION_LABELS,
  SPECIAL_CATEGORY_CONDITIONS,
} from './information-sharing.schema.ts';
export { createInformationSharingService, type InformationSharingService } from './information-sharing.service.ts';
