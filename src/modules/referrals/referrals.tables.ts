import type { Generated } from 'kysely';

export interface ContactTable {
  id: string;
  partnership_id: string;
  source_agency_id: string;
  kind: string;
  received_at: Date;
  occurred_at: Date | null;
  reported_by: string;
  source_reference: string | null;
  summary: string;
  status: string;
  referral_id: string | null;
  created_by: string | null;
  created_at: Date;
}

export interface ContactSubjectTable {
  contact_id: string;
  position: number;
  person_id: string | null;
  name: string;
  date_of_birth: string | null;
  role: string;
}

export interface ReferralTable {
  id: string;
  partnership_id: string;
  kind: string;
  status: string;
  received_at: Date | null;
  receiving_team_id: string | null;
  referrer_agency_id: string | null;
  referrer_name: string | null;
  referrer_organisation: string | null;
  referrer_phone: string | null;
  referrer_email: string | null;
  contact_id: string | null;
  concern: string | null;
  immediate_danger: boolean | null;
  parent_consent: string | null;
  without_consent_reason: string | null;
  views_of_child: string | null;
  views_of_parents: string | null;
  help_in_place: string | null;
  early_help_plan_open: boolean | null;
  views_and_outcomes: string | null;
  abuse_categories: Generated<string[]>;
  mental_capacity_concern: boolean | null;
  mental_capacity_detail: string | null;
  substantial_difficulty: boolean | null;
  appropriate_person: string | null;
  advocacy_needed: Generated<boolean>;
  advocate_arranged_at: Date | null;
  rating: string | null;
  rating_due_at: Date | null;
  rated_at: Date | null;
  rated_by: string | null;
  rating_rationale: string | null;
  needs_mash: boolean | null;
  decision_due_at: Date | null;
  decision_route: string | null;
  decided_at: Date | null;
  decided_by: string | null;
  decision_rationale: string | null;
  decided_late: boolean | null;
  route: string | null;
  draft_data: unknown;
  form_token: string | null;
  version: Generated<number>;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface ReferralSubjectTable {
  referral_id: string;
  person_id: string;
  role: string;
  position: number;
  consent: string | null;
}

export interface ReferralRouteTable {
  id: string;
  referral_id: string;
  route: string;
  previous_route: string | null;
  rationale: string;
  routed_at: Date;
  routed_by: string | null;
  origin: string;
}

export interface OnwardWorkTable {
  id: string;
  partnership_id: string;
  referral_id: string;
  kind: string;
  team_id: string | null;
  lead_professional: string | null;
  lead_professional_user_id: string | null;
  started_at: Date;
  due_at: Date;
  status: string;
  completed_at: Date | null;
  outcome: string | null;
  created_by: string | null;
  created_at: Date;
}

export interface S42DecisionTable {
  referral_id: string;
  care_and_support_needs: boolean;
  experiencing_or_at_risk: boolean;
  unable_to_protect: boolean;
  outcome: string;
  rationale: string;
  due_at: Date;
  decided_at: Date;
  decided_by: string | null;
}

export interface ReferralsTables {
  contact: ContactTable;
  contact_subject: ContactSubjectTable;
  referral: ReferralTable;
  referral_subject: ReferralSubjectTable;
  referral_route: ReferralRouteTable;
  onward_work: OnwardWorkTable;
  s42_decision: S42DecisionTable;
}
