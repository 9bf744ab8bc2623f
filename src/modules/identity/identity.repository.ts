import type { Db, Tx } from '../../platform/database/transaction.ts';
import { normaliseEmail } from '../agencies/index.ts';
import type { ApiTokenSummary } from './identity.schema.ts';

type Executor = Db | Tx;

export async function findCredentials(db: Executor, email: string) {
  return db
    .selectFrom('app_user')
    .select(['id', 'password_hash', 'is_active', 'kind'])
    .where('email_normalised', '=', normaliseEmail(email))
    .executeTakeFirst();
}

export async function findLiveSession(db: Executor, tokenHash: string, now: Date) {
  return db
    .selectFrom('user_session')
    .select(['id', 'user_id'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

export async function findLiveApiToken(db: Executor, tokenHash: string, now: Date) {
  return db
    .selectFrom('api_token')
    .select(['id', 'user_id'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

export async function listApiTokens(db: Executor, userId: string): Promise<ApiTokenSummary[]> {
  const rows = await db
    .selectFrom('api_token')
    .select(['id', 'user_id', 'label', 'created_at', 'expires_at', 'revoked_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    userId: row.user_id,
    label: row.label,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  }));
}

export async function findUserByOidcSubject(db: Executor, issuer: string, subject: string) {
  return db
    .selectFrom('app_user')
    .select(['id', 'is_active'])
    .where('oidc_issuer', '=', issuer)
    .where('oidc_subject', '=', subject)
    .executeTakeFirst();
}

export async function findApiToken(db: Executor, id: string) {
  return db.selectFrom('api_token').select(['id', 'user_id']).where('id', '=', id).executeTakeFirst();
}

export async function linkOidcIdentity(tx: Tx, userId: string, issuer: string, subject: string): Promise<void> {
  await tx.updateTable('app_user').set({ oidc_issuer: issuer, oidc_subject: subject }).where('id', '=', userId).execute();
}
