import type { Generated } from 'kysely';

export interface DuplicateCandidateTable {
  id: string;
  partnership_id: string;
  /** The smaller id of the pair, so a pair has one row whichever way round it was found. */
  person_a_id: string;
  person_b_id: string;
  probability: number;
  weight: number;
  decision: string;
  guard: string | null;
  /** The engine's PairScore, as JSON. */
  evidence: string;
  /** `{ a: MatchInput, b: MatchInput }` as JSON, refreshed at the decision. */
  snapshot: string;
  status: string;
  found_by: string;
  found_at: Date;
  scored_at: Date;
  decided_by: string | null;
  decided_by_label: string | null;
  decided_at: Date | null;
  reason: string | null;
  version: Generated<number>;
}

export interface PersonMergeTable {
  id: string;
  partnership_id: string;
  survivor_id: string;
  merged_id: string;
  candidate_id: string | null;
  reason: string;
  merged_by: string | null;
  merged_by_label: string;
  merged_at: Date;
  survivor_was_restricted: boolean;
  survivor_restriction_reason: string | null;
  unmerged_at: Date | null;
  unmerged_by: string | null;
  unmerged_by_label: string | null;
  unmerge_reason: string | null;
}

export interface PersonMergeRowTable {
  id: string;
  merge_id: string;
  table_name: string;
  column_name: string;
  /** The row's primary key without the moved column, as JSON of text values. */
  row_key: string;
  action: string;
  original_kind: string | null;
  note: string | null;
}

export interface DuplicatesTables {
  duplicate_candidate: DuplicateCandidateTable;
  person_merge: PersonMergeTable;
  person_merge_row: PersonMergeRowTable;
}
