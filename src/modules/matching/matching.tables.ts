/** A partnership's matching model: every version kept, the newest in use. */
export interface MatchModelTable {
  id: string;
  partnership_id: string;
  /** ModelParameters as JSON text (validated on read). */
  parameters: string;
  note: string;
  created_by: string;
  created_at: Date;
}

export interface MatchingTables {
  match_model: MatchModelTable;
}
