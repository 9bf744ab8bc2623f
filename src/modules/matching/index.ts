/**
 * Identity resolution: a Fellegi–Sunter matching engine (comparisons with explainable levels,
 * term-frequency adjustment, blocking, EM training, clustering with "cannot link" guards) used by
 * the duplicate check, the review queue and the batch commands.
 */

export { type DedupeResult, dedupeRecords, type LinkedPair, linkRecords } from './engine/batch.ts';
export { BLOCKING_RULES, type BlockingRule, type BlockingStats, blockingKeysOf, forEachCandidatePair } from './engine/blocking.ts';
export { Clusters } from './engine/clustering.ts';
export { postcodeParts } from './engine/comparators.ts';
export { COMPARISONS, type ComparisonKey } from './engine/comparisons.ts';
export { parseFlexibleDate } from './engine/dates.ts';
export { DEFAULT_MODEL } from './engine/default-model.ts';
export {
  type FieldEvidence,
  GUARD_WORDS,
  GUARDS,
  type Guard,
  type MatchDecision,
  MatchModel,
  type ModelParameters,
  type PairScore,
  probabilityOf,
  summaryOf,
  weightOf,
} from './engine/model.ts';
export { areNicknames, NICKNAME_GROUPS, nicknamesOf } from './engine/nicknames.ts';
export { type MatchInput, type PreparedRecord, prepareRecord } from './engine/record.ts';
export { type LabelledPair, seededRandom, trainModel } from './engine/training.ts';
export { assertCanChangeModel } from './matching.policy.ts';
export { FieldEvidenceResponse, matchingRoutes, PairScoreResponse } from './matching.routes.ts';
export { ModelParametersSchema, type ModelSummary, parseModelParameters } from './matching.schema.ts';
export { createMatchingService, type MatchingService } from './matching.service.ts';
