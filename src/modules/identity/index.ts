/** Signing in: local passwords (argon2id), OpenID Connect, browser sessions and API bearer tokens. */

export { identityRoutes } from './identity.routes.ts';
export { type ApiTokenSummary, CreateApiTokenInput, NewPassword, SignInInput } from './identity.schema.ts';
export { createIdentityService, type IdentityService, type OidcSignInStart, SESSION_LIFETIME_MS } from './identity.service.ts';
