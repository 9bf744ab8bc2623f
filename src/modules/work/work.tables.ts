import type { Generated } from 'kysely';

/**
 * One piece of work on a clock, in a team's tray: it carries a reference to the record it is about
 * (never case content), so the tray is one fast query and the record keeps its own access rules.
 */
export interface WorkItemTable {
  id: string;
  partnership_id: string;
  kind: string;
  title: string;
  person_id: string | null;
  reference_type: string;
  reference_id: string;
  team_id: string;
  holder_user_id: string | null;
  opened_at: Date;
  due_at: Date;
  clock_label: string;
  reminded_at: Date | null;
  completed_at: Date | null;
  completed_by: string | null;
  outcome: string | null;
  version: Generated<number>;
}

export interface WorkTables {
  work_item: WorkItemTable;
}
