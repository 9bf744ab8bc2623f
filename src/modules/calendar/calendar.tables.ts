import type { Generated } from 'kysely';

/** A non-working day: the official England and Wales list (partnership_id null) or a partnership's own. */
export interface CalendarDayTable {
  id: string;
  partnership_id: string | null;
  day: string;
  title: string;
  source: 'official' | 'partnership';
  created_at: Generated<Date>;
  created_by: string | null;
}

/** A partnership's settings, one JSON document per key, validated by the owning module on read. */
export interface PartnershipSettingTable {
  partnership_id: string;
  key: string;
  value: string;
  updated_at: Date;
  updated_by: string;
}

export interface CalendarTables {
  calendar_day: CalendarDayTable;
  partnership_setting: PartnershipSettingTable;
}
