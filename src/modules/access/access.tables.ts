export interface AccessBasisTable {
  id: string;
  person_id: string;
  kind: string;
  user_id: string | null;
  team_id: string | null;
  agency_id: string | null;
  starts_at: Date;
  ends_at: Date | null;
  reason: string | null;
  source_type: string | null;
  source_id: string | null;
  created_by: string | null;
  created_at: Date;
}

export interface BreakGlassTable {
  id: string;
  user_id: string;
  person_id: string;
  reason_code: string;
  reason_text: string;
  started_at: Date;
  expires_at: Date;
  ended_at: Date | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  review_outcome: string | null;
  review_note: string | null;
}

export interface AccessTables {
  access_basis: AccessBasisTable;
  break_glass: BreakGlassTable;
}
