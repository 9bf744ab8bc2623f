/** Strategy discussions and meetings, the four audit questions and their figures, and the section 47 and section 42 enquiries they start. */
export { canSeeAuditFigures, discussionVisibleTo } from './strategy.policy.ts';
export { strategyRoutes } from './strategy.routes.ts';
export {
  AGENCY_TYPE_LABELS,
  AGENCY_TYPES,
  type AgencyType,
  AUDIT_QUESTION_LABELS,
  AUDIT_QUESTIONS,
  type AuditAnswer,
  type AuditFigures,
  DISCUSSION_KIND_LABELS,
  DISCUSSION_KINDS,
  EXPECTED_AGENCIES,
  type ReferralStrategySummary,
  type Section47Enquiry,
  type StrategyAction,
  type StrategyDiscussion,
} from './strategy.schema.ts';
export { auditAnswers, CHILD_PROTECTION_TEAM, createStrategyService, missingAgencies, type StrategyService } from './strategy.service.ts';
