import type { Generated } from 'kysely';

export interface PersonTable {
  id: string;
  partnership_id: string;
  /** Defaults to adult only for rows written outside the service (tests, bulk loads); the service always sets it. */
  kind: Generated<string>;
  given_name: string;
  family_name: string;
  date_of_birth: string | null;
  date_of_birth_is_estimated: Generated<boolean>;
  expected_delivery_date: string | null;
  sex: string | null;
  gender_identity: string | null;
  ethnicity_code: string | null;
  first_language: string | null;
  interpreter_needed: boolean | null;
  disability: string | null;
  date_of_death: string | null;
  is_restricted: Generated<boolean>;
  restriction_reason: string | null;
  /** Set when this record was merged into another (the survivor); such a shell is hidden everywhere. */
  merged_into_id: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  version: Generated<number>;
}

export interface PersonNameTable {
  id: string;
  person_id: string;
  kind: string;
  given_name: string | null;
  family_name: string | null;
  valid_from: string | null;
  valid_to: string | null;
  recorded_by: string;
  recorded_at: Date;
}

export interface PersonIdentifierTable {
  id: string;
  person_id: string;
  partnership_id: string;
  kind: string;
  value: string;
  recorded_by: string;
  recorded_at: Date;
  ended_at: Date | null;
  ended_by: string | null;
  end_reason: string | null;
}

export interface PersonAddressTable {
  id: string;
  person_id: string;
  line1: string;
  line2: string | null;
  town: string | null;
  postcode: string;
  valid_from: string | null;
  valid_to: string | null;
  recorded_by: string;
  recorded_at: Date;
}

export interface PersonChangeTable {
  id: string;
  person_id: string;
  field: string;
  old_value: string | null;
  new_value: string | null;
  kind: 'change' | 'correction';
  reason: string | null;
  changed_by: string;
  changed_at: Date;
  version: number;
}

export interface PeopleTables {
  person: PersonTable;
  person_name: PersonNameTable;
  person_identifier: PersonIdentifierTable;
  person_address: PersonAddressTable;
  person_change: PersonChangeTable;
}
