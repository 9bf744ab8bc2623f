import * as oidc from 'openid-client';
import type { Actor } from '../../platform/access/actor.ts';
import { recordAuditEvent } from '../../platform/audit-trail/record-audit-event.ts';
import { type Clock, DAY_MS, HOUR_MS } from '../../platform/clock.ts';
import type { OidcConfig } from '../../platform/config/config.ts';
import { type Db, withTransaction } from '../../platform/database/transaction.ts';
import { AppError, ErrorCode } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import type { AgenciesService } from '../agencies/index.ts';
import { canManageCredentialsOf } from './identity.policy.ts';
import * as repository from './identity.repository.ts';
import { type ApiTokenSummary, CreateApiTokenInput, NewPassword, SignInInput } from './identity.schema.ts';
import { decoyPasswordHash, hashPassword, hashSecret, newSecret, verifyPassword } from './secrets.ts';

export const SESSION_LIFETIME_MS = 12 * HOUR_MS;
const SESSION_PREFIX = 'wps_';
const TOKEN_PREFIX = 'wpt_';

/** The anonymous actor that failed sign-ins are recorded against. */
function anonymousActor(requestId?: string): Actor {
  return {
    kind: 'system',
    userId: null,
    label: 'anonymous',
    displayName: 'Anonymous',
    agencyId: null,
    partnershipId: null,
    teamIds: [],
    roles: [],
    requestId,
  };
}

export interface OidcSignInStart {
  authorizationUrl: string;
  state: string;
  codeVerifier: string;
}

export function createIdentityService(db: Db, clock: Clock, agencies: AgenciesService, oidcConfig?: OidcConfig) {
  async function startSession(
    userId: string,
    method: 'password' | 'oidc',
    requestId?: string,
  ): Promise<{ sessionToken: string; actor: Actor }> {
    const sessionToken = newSecret(SESSION_PREFIX);
    const now = clock.now();
    const actor = await agencies.loadActor(userId, requestId);
    if (!actor) {
      throw new AppError(ErrorCode.UNAUTHENTICATED, 'This account cannot sign in');
    }
    await withTransaction(db, async (tx) => {
      await tx
        .insertInto('user_session')
        .values({
          id: newId(),
          token_hash: hashSecret(sessionToken),
          user_id: userId,
          created_at: now,
          expires_at: new Date(now.getTime() + SESSION_LIFETIME_MS),
          revoked_at: null,
        })
        .execute();
      await tx.updateTable('app_user').set({ last_sign_in_at: now }).where('id', '=', userId).execute();
      await recordAuditEvent(tx, actor, clock, { action: 'user.signed-in', subjectType: 'user', subjectId: userId, details: { method } });
    });
    return { sessionToken, actor };
  }

  let oidcClientConfig: Promise<oidc.Configuration> | undefined;
  function oidcConfiguration(): Promise<oidc.Configuration> {
    if (!oidcConfig) {
      throw new AppError(ErrorCode.CONFIGURATION, 'Sign-in with an identity provider is not configured');
    }
    oidcClientConfig ??= oidc
      .discovery(
        new URL(oidcConfig.issuer),
        oidcConfig.clientId,
        oidcConfig.clientSecret,
        undefined,
        oidcConfig.allowInsecureIssuer ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        oidcClientConfig = undefined;
        throw error;
      });
    return oidcClientConfig;
  }

  return {
    isOidcEnabled: (): boolean => oidcConfig !== undefined,

    async setPassword(actor: Actor, userId: string, password: string): Promise<void> {
      if (!canManageCredentialsOf(actor, userId)) {
        throw new AppError(ErrorCode.FORBIDDEN, 'You cannot set another user’s password');
      }
      const checked = parseInput(NewPassword, password);
      const passwordHash = await hashPassword(checked);
      await withTransaction(db, async (tx) => {
        await tx.updateTable('app_user').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
        await recordAuditEvent(tx, actor, clock, { action: 'user.password-set', subjectType: 'user', subjectId: userId });
      });
    },

    /**
     * Checks an email and password. The answer to a wrong email and a wrong password is the same,
     * and takes as long, so sign-in cannot be used to find out who has an account.
     */
    async signInWithPassword(rawInput: SignInInput, requestId?: string): Promise<{ sessionToken: string; actor: Actor }> {
      const input = parseInput(SignInInput, rawInput);
      const credentials = await repository.findCredentials(db, input.email);
      const isValid = await verifyPassword(credentials?.password_hash ?? (await decoyPasswordHash()), input.password);
      if (!credentials?.password_hash || !isValid || !credentials.is_active || credentials.kind !== 'person') {
        await withTransaction(db, (tx) =>
          recordAuditEvent(tx, anonymousActor(requestId), clock, {
            action: 'user.sign-in-failed',
            outcome: 'denied',
            subjectType: credentials ? 'user' : undefined,
            subjectId: credentials?.id,
          }),
        );
        throw new AppError(ErrorCode.UNAUTHENTICATED, 'Enter a correct email address and password');
      }
      return startSession(credentials.id, 'password', requestId);
    },

    /** The actor behind a browser session cookie, or undefined if it is unknown, expired, revoked or its user left. */
    async authenticateSession(sessionToken: string, requestId?: string): Promise<Actor | undefined> {
      if (!sessionToken.startsWith(SESSION_PREFIX)) {
        return undefined;
      }
      const session = await repository.findLiveSession(db, hashSecret(sessionToken), clock.now());
      return session ? agencies.loadActor(session.user_id, requestId) : undefined;
    },

    async signOut(sessionToken: string, actor: Actor): Promise<void> {
      await withTransaction(db, async (tx) => {
        await tx.updateTable('user_session').set({ revoked_at: clock.now() }).where('token_hash', '=', hashSecret(sessionToken)).execute();
        await recordAuditEvent(tx, actor, clock, { action: 'user.signed-out', subjectType: 'user', subjectId: actor.userId ?? undefined });
      });
    },

    /** Creates a bearer token for an API client. The secret is returned once and only its hash is kept. */
    async createApiToken(actor: Actor, rawInput: CreateApiTokenInput): Promise<{ token: string; summary: ApiTokenSummary }> {
      const input = parseInput(CreateApiTokenInput, rawInput);
      if (!canManageCredentialsOf(actor, input.userId)) {
        throw new AppError(ErrorCode.FORBIDDEN, 'You can only create tokens for yourself');
      }
      const user = await agencies.findUserById(input.userId);
      if (!user?.isActive) {
        throw new AppError(ErrorCode.NOT_FOUND, 'No active user has that id');
      }
      const token = newSecret(TOKEN_PREFIX);
      const now = clock.now();
      const summary: ApiTokenSummary = {
        id: newId(),
        userId: input.userId,
        label: input.label,
        createdAt: now,
        expiresAt: new Date(now.getTime() + input.expiresInDays * DAY_MS),
        revokedAt: null,
      };
      await withTransaction(db, async (tx) => {
        await tx
          .insertInto('api_token')
          .values({
            id: summary.id,
            user_id: summary.userId,
            label: summary.label,
            token_hash: hashSecret(token),
            created_at: summary.createdAt,
            expires_at: summary.expiresAt,
            revoked_at: null,
            last_used_at: null,
          })
          .execute();
        await recordAuditEvent(tx, actor, clock, {
          action: 'api-token.created',
          subjectType: 'user',
          subjectId: input.userId,
          details: { tokenId: summary.id, expiresInDays: input.expiresInDays },
        });
      });
      return { token, summary };
    },

    async revokeApiToken(actor: Actor, tokenId: string): Promise<void> {
      const token = await repository.findApiToken(db, tokenId);
      if (!token || !canManageCredentialsOf(actor, token.user_id)) {
        throw new AppError(ErrorCode.NOT_FOUND, 'No token has that id');
      }
      await withTransaction(db, async (tx) => {
        await tx
          .updateTable('api_token')
          .set({ revoked_at: clock.now() })
          .where('id', '=', tokenId)
          .where('revoked_at', 'is', null)
          .execute();
        await recordAuditEvent(tx, actor, clock, {
          action: 'api-token.revoked',
          subjectType: 'user',
          subjectId: token.user_id,
          details: { tokenId },
        });
      });
    },

    listApiTokens: (userId: string) => repository.listApiTokens(db, userId),

    async authenticateBearer(token: string, requestId?: string): Promise<Actor | undefined> {
      if (!token.startsWith(TOKEN_PREFIX)) {
        return undefined;
      }
      const row = await repository.findLiveApiToken(db, hashSecret(token), clock.now());
      return row ? agencies.loadActor(row.user_id, requestId) : undefined;
    },

    /** Starts an OpenID Connect authorisation-code sign-in with PKCE; the caller keeps state and verifier until the callback. */
    async beginOidcSignIn(): Promise<OidcSignInStart> {
      const configuration = await oidcConfiguration();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const url = oidc.buildAuthorizationUrl(configuration, {
        redirect_uri: oidcConfig?.redirectUri ?? '',
        scope: 'openid email profile',
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
      });
      return { authorizationUrl: url.href, state, codeVerifier };
    },

    /**
     * Completes the OIDC sign-in. An account is linked on first use only by a verified email that
     * matches an existing active user; nobody gets an account just by holding an identity elsewhere.
     */
    async completeOidcSignIn(
      callbackUrl: URL,
      expected: { state: string; codeVerifier: string },
      requestId?: string,
    ): Promise<{ sessionToken: string; actor: Actor }> {
      const configuration = await oidcConfiguration();
      const tokens = await oidc
        .authorizationCodeGrant(configuration, callbackUrl, { pkceCodeVerifier: expected.codeVerifier, expectedState: expected.state })
        .catch(() => {
          throw new AppError(ErrorCode.UNAUTHENTICATED, 'Sign-in with your organisation account failed. Try again.');
        });
      const claims = tokens.claims();
      const issuer = configuration.serverMetadata().issuer;
      if (!claims?.sub) {
        throw new AppError(ErrorCode.UNAUTHENTICATED, 'The identity provider did not say who you are');
      }
      let user = await repository.findUserByOidcSubject(db, issuer, claims.sub);
      if (!user && typeof claims.email === 'string' && claims.email_verified === true) {
        const byEmail = await repository.findCredentials(db, claims.email);
        if (byEmail && byEmail.kind === 'person') {
          const subject = claims.sub;
          await withTransaction(db, async (tx) => {
            await repository.linkOidcIdentity(tx, byEmail.id, issuer, subject);
            await recordAuditEvent(tx, anonymousActor(requestId), clock, {
              action: 'user.oidc-linked',
              subjectType: 'user',
              subjectId: byEmail.id,
              details: { issuer },
            });
          });
          user = { id: byEmail.id, is_active: byEmail.is_active };
        }
      }
      if (!user?.is_active) {
        await withTransaction(db, (tx) =>
          recordAuditEvent(tx, anonymousActor(requestId), clock, {
            action: 'user.sign-in-failed',
            outcome: 'denied',
            details: { method: 'oidc' },
          }),
        );
        throw new AppError(
          ErrorCode.UNAUTHENTICATED,
          'Your organisation account is not registered with Whole Picture. Ask your administrator.',
        );
      }
      return startSession(user.id, 'oidc', requestId);
    },
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;
