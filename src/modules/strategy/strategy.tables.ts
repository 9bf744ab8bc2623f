export interface StrategyDiscussionTable {
  id: string;
  partnership_id: string;
  referral_id: string;
  referral_kind: string;
  referral_received_at: Date;
  receiving_team_id: string | null;
  kind: string;
  held_at: Date;
  due_at: Date;
  clock_label: string;
  chair: string;
  immediate_risk_considered: boolean;
  immediate_risk_action: string | null;
  views_established: boolean;
  views_not_established_reason: string | null;
  views_plan: string | null;
  harm_suspected: boolean;
  outcome: string;
  recorded_by: string | null;
  recorded_by_label: string;
  recorded_at: Date;
}

export interface StrategyAttendeeTable {
  discussion_id: string;
  position: number;
  name: string;
  agency_type: string;
  agency_name: string;
  role: string;
}

export interface StrategyActionTable {
  id: string;
  discussion_id: string;
  description: string;
  owner_name: string;
  owner_agency: string | null;
  owner_user_id: string | null;
  due_on: string;
  done: boolean;
  created_by: string | null;
  created_at: Date;
}

export interface Section47EnquiryTable {
  id: string;
  partnership_id: string;
  referral_id: string;
  strategy_discussion_id: string;
  person_ids: string[];
  started_at: Date;
  lead_social_worker: string | null;
  lead_user_id: string | null;
  team_id: string;
  icpc_due_at: Date;
  icpc_anchor: string;
  icpc_held_at: Date | null;
  started_by: string | null;
  started_by_label: string;
}

export interface StrategyTables {
  strategy_discussion: StrategyDiscussionTable;
  strategy_attendee: StrategyAttendeeTable;
  strategy_action: StrategyActionTable;
  section_47_enquiry: Section47EnquiryTable;
}
