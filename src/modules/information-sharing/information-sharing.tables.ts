import type { Generated } from 'kysely';

export interface InformationRequestTable {
  id: string;
  partnership_id: string;
  referral_id: string;
  agency_id: string;
  requested_by_agency_id: string;
  mash_team_id: string;
  subject_person_ids: string[];
  question: string;
  requested_at: Date;
  requested_by: string | null;
  requested_by_label: string;
  due_at: Date;
  clock_label: string;
  status: string;
  returned_at: Date | null;
  returned_by: string | null;
  returned_by_label: string | null;
  return_summary: string | null;
  declined_reason: string | null;
  request_decision_id: string;
  return_decision_id: string | null;
  version: Generated<number>;
}

export interface InformationSharingDecisionTable {
  id: string;
  partnership_id: string;
  referral_id: string | null;
  person_id: string | null;
  information_request_id: string | null;
  decision: string;
  what_shared: string;
  with_agency_id: string;
  why: string;
  decided_at: Date;
  decided_by: string | null;
  decided_by_label: string;
  decided_by_agency_id: string;
  lawful_basis: string;
  special_category: boolean;
  special_category_condition: string | null;
  policy_document_ref: string | null;
  consent: string;
  consent_reason: string | null;
  flags: Generated<string[]>;
  created_at: Date;
}

export interface InformationSharingTables {
  information_request: InformationRequestTable;
  information_sharing_decision: InformationSharingDecisionTable;
}
