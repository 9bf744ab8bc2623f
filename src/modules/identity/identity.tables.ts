export interface UserSessionTable {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
}

export interface ApiTokenTable {
  id: string;
  user_id: string;
  label: string;
  token_hash: string;
  created_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

export interface IdentityTables {
  user_session: UserSessionTable;
  api_token: ApiTokenTable;
}
