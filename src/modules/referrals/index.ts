/** The front door: partner contacts, children's Requests for Help and adult safeguarding concerns, triage, the decision and the routes onward. */
export { referralIdVisibleTo, referralVisibleTo } from './referrals.policy.ts';
export { referralsRoutes } from './referrals.routes.ts';
export {
  ABUSE_CATEGORIES,
  ABUSE_CATEGORY_LABELS,
  type AbuseCategory,
  CONSENT_LABELS,
  CONSENT_VALUES,
  CONTACT_KIND_LABELS,
  CONTACT_KINDS,
  type Contact,
  CreateContactInput,
  CreateReferralInput,
  DecideReferralInput,
  ONWARD_KIND_LABELS,
  ONWARD_KINDS,
  type OnwardKind,
  type OnwardWork,
  RATING_LABELS,
  RATINGS,
  RateReferralInput,
  type Rating,
  RecordS42DecisionInput,
  type Referral,
  type ReferralListItem,
  type ReferralSummary,
  type TriageContext,
} from './referrals.schema.ts';
export { createReferralsService, type ModuleRoute, type ReferralsService } from './referrals.service.ts';
export {
  DECISION_ROUTES,
  REFERRAL_KINDS,
  REFERRAL_STATUSES,
  type ReferralKind,
  type ReferralStatus,
  ROUTE_LABELS,
  ROUTES,
  type Route,
  STATUS_LABELS,
} from './referrals.workflow.ts';
