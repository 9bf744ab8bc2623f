/**
 * Identity resolution with a person in the loop: the review queue of likely duplicate records
 * (scanned with the matching engine), automatic links above the threshold, confirmations that merge
 * two records into one, rejections that are remembered, and merges that can be undone exactly.
 */
export { canResolveDuplicates } from './duplicates.policy.ts';
export { duplicatesRoutes } from './duplicates.routes.ts';
export {
  CANDIDATE_STATUS_LABELS,
  CANDIDATE_STATUSES,
  type CandidateDetail,
  type CandidateRecord,
  type CandidateStatus,
  ConfirmDuplicateInput,
  type DuplicateCandidate,
  type DuplicateQueuePage,
  ListDuplicatesInput,
  type PersonMerge,
  QUEUE_FILTERS,
  type QueueFilter,
  RejectDuplicateInput,
  type ScanReport,
  type TrainingReport,
  UnmergeInput,
} from './duplicates.schema.ts';
export { createDuplicatesService, type DuplicatesService, MATCHING_ACTOR, SCAN_JOB_KIND } from './duplicates.service.ts';
