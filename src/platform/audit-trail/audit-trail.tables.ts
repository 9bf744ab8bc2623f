export interface AuditChainHeadTable {
  chain: string;
  seq: number;
  hash: string;
}

export interface AuditEventTable {
  seq: number;
  occurred_at: Date;
  actor_user_id: string | null;
  actor_label: string;
  action: string;
  outcome: 'allowed' | 'denied' | 'error';
  subject_type: string | null;
  subject_id: string | null;
  purpose: string | null;
  request_id: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

export interface AuditTrailTables {
  audit_chain_head: AuditChainHeadTable;
  audit_event: AuditEventTable;
}
