/**
 * Identity resolution: a Fellegi–Sunter matching engine (comparisons with explainable levels,
 * term-frequency adjustment, blocking, EM training, clustering with "cannot link" guards) used by
 * the duplicate check, the review queue and the batch commands.
 */

export { checkReadable, type ReadRecordsOptions, type ReadRecordsResult, readRecordsCsv } from './batch/csv-input.ts';
export { checkWritable, writeAtomically, writeCsvAtomically } from './batch/csv-output.ts';
export {
  BatchInputError,
  type MappedField,
  type MappingEntry,
  parseMapping,
  type ResolvedMapping,
  resolveMapping,
  rowToMatchInput,
  STANDARD_FIELDS,
} from './batch/mapping.ts';
export { loadModelFile, saveModelFile } from './batch/model-file.ts';
export {
  type BatchHooks,
  type DedupeJob,
  type DedupeSummary,
  type LinkJob,
  type LinkSummary,
  type ModelSource,
  runDedupe,
  runLink,
} from './batch/run-batch.ts';
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
