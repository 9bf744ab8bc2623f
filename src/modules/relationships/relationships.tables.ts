import type { Generated } from 'kysely';

/** One row reads "related_person is the <kind> of person" (Kayleigh is the mother of Ellie). */
export interface RelationshipTable {
  id: string;
  partnership_id: string;
  person_id: string;
  related_person_id: string;
  kind: string;
  starts_on: string | null;
  ends_on: string | null;
  /** null: not known. Never assumed. */
  has_parental_responsibility: boolean | null;
  pr_evidence_seen: Generated<boolean>;
  pr_evidence_note: string | null;
  seen_on: string | null;
  assessed_on: string | null;
  checks_note: string | null;
  notes: string | null;
  recorded_by: string;
  recorded_at: Date;
  ended_by: string | null;
  version: Generated<number>;
}

export interface HouseholdTable {
  id: string;
  partnership_id: string;
  label: string;
  postcode: string | null;
  created_by: string;
  created_at: Date;
}

export interface HouseholdMemberTable {
  id: string;
  household_id: string;
  person_id: string;
  role: string;
  starts_on: string | null;
  ends_on: string | null;
  seen_on: string | null;
  assessed_on: string | null;
  checks_note: string | null;
  recorded_by: string;
  recorded_at: Date;
  ended_by: string | null;
  version: Generated<number>;
}

export interface RelationshipsTables {
  relationship: RelationshipTable;
  household: HouseholdTable;
  household_member: HouseholdMemberTable;
}
