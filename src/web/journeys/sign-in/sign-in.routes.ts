import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DEMO_PASSWORD, demoSignIns } from '../../../demo/northshire.ts';
import { SESSION_COOKIE } from '../../../http/authenticate.ts';
import { SESSION_LIFETIME_MS } from '../../../modules/identity/index.ts';
import { ROLE_LABELS } from '../../../platform/access/actor.ts';
import { ErrorCode, isAppError } from '../../../platform/errors.ts';
import type { Services } from '../../../services.ts';
import { cookieIsSecure, formErrors, renderPage, safeReturnTo } from '../../web-context.ts';

const OIDC_COOKIE = 'wp_oidc';
const OIDC_COOKIE_PATH = '/sign-in/oidc';

const SignInForm = z.object({
  email: z.string().optional().default(''),
  password: z.string().optional().default(''),
  returnTo: z.string().optional(),
});

const OidcPending = z.object({ state: z.string(), codeVerifier: z.string(), returnTo: z.string() });

/** Signing in and out: email and password, or the partnership's identity provider when one is set up. */
export async function signInRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const { config, identity } = services;
  const secure = cookieIsSecure(config);

  const showSignIn = (
    request: FastifyRequest,
    reply: FastifyReply,
    form: { email?: string; returnTo?: string },
    errors?: ReturnType<typeof formErrors>,
  ) =>
    renderPage(request, reply, 'sign-in/sign-in.njk', {
      pageTitle: 'Sign in',
      form: { email: form.email ?? '', returnTo: safeReturnTo(form.returnTo) },
      errors,
      signedOut: (request.query as { signedOut?: string }).signedOut === '1',
      oidcEnabled: identity.isOidcEnabled(),
      demo: config.seedDemo
        ? {
            password: DEMO_PASSWORD,
            users: demoSignIns().map((user) => ({ ...user, roleLabels: user.roles.map((role) => ROLE_LABELS[role]).join(', ') })),
          }
        : undefined,
    });

  const startSession = (reply: FastifyReply, sessionToken: string, returnTo: unknown) =>
    reply
      .setCookie(SESSION_COOKIE, sessionToken, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure,
        maxAge: Math.floor(SESSION_LIFETIME_MS / 1000),
      })
      .redirect(safeReturnTo(returnTo), 303);

  app.get('/sign-in', async (request, reply) => {
    const query = request.query as { returnTo?: string };
    if (request.actor) {
      return reply.redirect(safeReturnTo(query.returnTo));
    }
    return showSignIn(request, reply, { returnTo: query.returnTo });
  });

  app.post(
    '/sign-in',
    {
      preValidation: app.csrfProtection,
      // Throttles guessing from one address; the service's equal-time answers stop account discovery.
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const form = SignInForm.parse(request.body ?? {});
      try {
        const { sessionToken } = await identity.signInWithPassword({ email: form.email, password: form.password }, request.id);
        return startSession(reply, sessionToken, form.returnTo);
      } catch (error) {
        if (isAppError(error) && (error.code === ErrorCode.VALIDATION || error.code === ErrorCode.UNAUTHENTICATED)) {
          reply.code(error.code === ErrorCode.VALIDATION ? 400 : 401);
          return showSignIn(request, reply, form, formErrors(error.fields, { field: 'email', message: error.message }));
        }
        throw error;
      }
    },
  );

  app.post('/sign-out', { preValidation: app.csrfProtection }, async (request, reply) => {
    const sessionToken = request.cookies[SESSION_COOKIE];
    if (sessionToken && request.actor) {
      await identity.signOut(sessionToken, request.actor);
    }
    return reply.clearCookie(SESSION_COOKIE, { path: '/' }).redirect('/sign-in?signedOut=1', 303);
  });

  app.get('/sign-in/oidc', async (request, reply) => {
    if (!identity.isOidcEnabled()) {
      return reply.callNotFound();
    }
    const start = await identity.beginOidcSignIn();
    const pending = {
      state: start.state,
      codeVerifier: start.codeVerifier,
      returnTo: safeReturnTo((request.query as { returnTo?: string }).returnTo),
    };
    return reply
      .setCookie(OIDC_COOKIE, JSON.stringify(pending), {
        path: OIDC_COOKIE_PATH,
        httpOnly: true,
        sameSite: 'lax',
        secure,
        signed: true,
        maxAge: 600,
      })
      .redirect(start.authorizationUrl);
  });

  app.get('/sign-in/oidc/callback', async (request, reply) => {
    if (!identity.isOidcEnabled() || !config.oidc) {
      return reply.callNotFound();
    }
    const raw = request.cookies[OIDC_COOKIE];
    const unsigned = raw ? request.unsignCookie(raw) : undefined;
    const pending = unsigned?.valid && unsigned.value ? OidcPending.safeParse(safeJson(unsigned.value)) : undefined;
    reply.clearCookie(OIDC_COOKIE, { path: OIDC_COOKIE_PATH });
    if (!pending?.success) {
      reply.code(400);
      return showSignIn(
        request,
        reply,
        {},
        formErrors([], { field: 'email', message: 'Your sign-in took too long or was interrupted. Try again.' }),
      );
    }
    try {
      const { sessionToken } = await identity.completeOidcSignIn(new URL(request.url, config.oidc.redirectUri), pending.data, request.id);
      return startSession(reply, sessionToken, pending.data.returnTo);
    } catch (error) {
      if (isAppError(error) && error.code === ErrorCode.UNAUTHENTICATED) {
        reply.code(401);
        return showSignIn(request, reply, {}, formErrors([], { field: 'email', message: error.message }));
      }
      throw error;
    }
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
