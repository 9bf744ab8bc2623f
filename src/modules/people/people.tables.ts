import type { Generated } from 'kysely';

export interface PersonTable {
  id: string;
  partnership_id: string;
  given_name: string;
  family_name: string;
  date_of_birth: string | null;
  is_restricted: Generated<boolean>;
  restriction_reason: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  version: Generated<number>;
}

export interface PeopleTables {
  person: PersonTable;
}
