import { z } from 'zod';
import type { Guard, MatchInput, PairScore } from '../matching/index.ts';

export const CANDIDATE_STATUSES = ['open', 'confirmed', 'rejected', 'linked', 'withdrawn'] as const;
export type CandidateStatus = (typeof CANDIDATE_STATUSES)[number];
export const CANDIDATE_STATUS_LABELS = {
  open: 'To review',
  confirmed: 'Confirmed: merged',
  rejected: 'Rejected: different people',
  linked: 'Linked automatically',
  withdrawn: 'Withdrawn',
} as const satisfies Record<CandidateStatus, string>;

/** How the queue is filtered: one status, or `decided` for every pair a person or the system has settled. */
export const QUEUE_FILTERS = ['open', 'linked', 'decided', 'confirmed', 'rejected', 'withdrawn'] as const;
export type QueueFilter = (typeof QUEUE_FILTERS)[number];

export const FOUND_BY = ['scan', 'creation', 'intake'] as const;
export type FoundBy = (typeof FOUND_BY)[number];

/** A pair of records that may be one person, with the engine's evidence and the decision taken on it. */
export interface DuplicateCandidate {
  id: string;
  partnershipId: string;
  personAId: string;
  personBId: string;
  probability: number;
  weight: number;
  decision: PairScore['decision'];
  guard: Guard | null;
  /** GUARD_WORDS for the guard, when there is one. */
  guardWords: string | null;
  summary: string;
  evidence: PairScore;
  snapshot: { a: MatchInput; b: MatchInput };
  status: CandidateStatus;
  foundBy: FoundBy;
  foundAt: Date;
  scoredAt: Date;
  decidedByLabel: string | null;
  decidedAt: Date | null;
  reason: string | null;
  /** The merge this pair's confirmation or automatic link made, when it did. */
  mergeId: string | null;
  version: number;
}

/** One side of a pair as the reviewer sees it: the record now (when it can still be opened) or as it was read. */
export interface CandidateRecord {
  personId: string;
  /** False for a record merged into the other (a shell): what is shown is the snapshot. */
  current: boolean;
  name: string;
  dateOfBirth: string | null;
  sex: string | null;
  isRestricted: boolean;
  createdAt: Date | null;
  otherNames: string[];
  identifiers: string[];
  addresses: string[];
}

export interface CandidateDetail {
  candidate: DuplicateCandidate;
  records: [CandidateRecord, CandidateRecord];
}

export interface MergeRowCount {
  table: string;
  column: string;
  moved: number;
  kept: number;
}

export interface PersonMerge {
  id: string;
  survivorId: string;
  mergedId: string;
  candidateId: string | null;
  reason: string;
  mergedByLabel: string;
  mergedAt: Date;
  survivorWasRestricted: boolean;
  unmergedAt: Date | null;
  unmergedByLabel: string | null;
  unmergeReason: string | null;
  rows: MergeRowCount[];
  /** Names as the engine read them at the decision: the merged record cannot be opened while merged. */
  survivorName: string;
  mergedName: string;
}

export interface ScanReport {
  partnershipId: string;
  people: number;
  pairsCompared: number;
  /** Pairs newly put in the queue. */
  queued: number;
  /** Pairs already in the queue whose score was brought up to date. */
  refreshed: number;
  /** Pairs merged without a person deciding (above the auto-link threshold, no guard, neither restricted). */
  linked: number;
  skippedRelated: number;
  skippedRejected: number;
}

export interface TrainingReport {
  modelId: string;
  records: number;
  labelledPairs: number;
}

const reason = z.string({ message: 'Enter a reason' }).trim().min(1, 'Enter a reason').max(2000, 'Enter 2000 characters or fewer');

export const ConfirmDuplicateInput = z.object({
  survivorId: z.preprocess((value) => (value === '' ? undefined : value), z.uuid({ message: 'Choose which record to keep' }).optional()),
  reason,
});
export type ConfirmDuplicateInput = z.input<typeof ConfirmDuplicateInput>;

export const RejectDuplicateInput = z.object({ reason });
export type RejectDuplicateInput = z.input<typeof RejectDuplicateInput>;

export const UnmergeInput = z.object({ reason });
export type UnmergeInput = z.input<typeof UnmergeInput>;

export const ListDuplicatesInput = z.object({
  status: z.enum(QUEUE_FILTERS).default('open'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
export type ListDuplicatesInput = z.input<typeof ListDuplicatesInput>;

export interface DuplicateQueuePage {
  status: QueueFilter;
  items: DuplicateCandidate[];
  total: number;
  page: number;
  pageSize: number;
  counts: Record<'open' | 'linked' | 'decided', number>;
}
