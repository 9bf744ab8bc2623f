import type { Generated } from 'kysely';

export interface ChronologyEntryTable {
  id: string;
  partnership_id: string;
  occurred_at: Date;
  occurred_at_is_approximate: Generated<boolean>;
  time_is_known: Generated<boolean>;
  recorded_at: Date;
  source_agency_id: string;
  author_user_id: string | null;
  author_label: string;
  category: string;
  summary: string;
  nature: string;
  significance: string;
  sensitivity: string;
  source_reference: string | null;
  supersedes_id: string | null;
  amendment_reason: string | null;
  origin_type: string | null;
  origin_id: string | null;
  import_batch_id: string | null;
}

export interface ChronologyEntryPersonTable {
  entry_id: string;
  person_id: string;
  occurred_at: Date;
}

export interface ChronologyWithdrawalTable {
  entry_id: string;
  reason: string;
  withdrawn_by: string | null;
  withdrawn_by_label: string;
  withdrawn_at: Date;
}

export interface VoiceEntryTable {
  id: string;
  partnership_id: string;
  person_id: string;
  heard_on: string;
  method: string;
  heard_individually: boolean;
  words: string;
  is_verbatim: boolean;
  wishes_and_feelings: string | null;
  agency_id: string;
  recorded_by: string | null;
  recorded_by_label: string;
  recorded_at: Date;
}

export interface ChronologyTables {
  chronology_entry: ChronologyEntryTable;
  chronology_entry_person: ChronologyEntryPersonTable;
  chronology_withdrawal: ChronologyWithdrawalTable;
  voice_entry: VoiceEntryTable;
}
