export interface IdempotencyKeyTable {
  actor_key: string;
  key: string;
  request_fingerprint: string;
  state: 'in_flight' | 'completed';
  response_status: number | null;
  response_headers: string | null;
  response_body: string | null;
  created_at: Date;
  locked_until: Date;
}

export interface IdempotencyTables {
  idempotency_key: IdempotencyKeyTable;
}
