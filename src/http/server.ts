import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { DatabaseKind } from '../platform/database/database.ts';
import type { Services } from '../services.ts';
import { registerApiRoutes } from './api.ts';
import { setUpAuthentication } from './authenticate.ts';
import { setUpIdempotency } from './idempotency.ts';

export interface ServerOptions {
  databaseKind: DatabaseKind;
  logger?: boolean;
}

/**
 * The HTTP server with its cross-cutting concerns, in the order they apply: request ids, security
 * headers, cookies and forms, who is asking, idempotency, then the API and the OpenAPI document.
 * Web pages are added by `web/` on top of this (see app.ts).
 */
export async function buildServer(services: Services, options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger
      ? { level: 'info', redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], remove: true } }
      : false,
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
    trustProxy: services.config.environment === 'production',
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(helmet, {
    // GOV.UK Frontend's page template runs one inline script (it marks the body as js-enabled); a nonce lets it through a strict policy.
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: services.config.environment === 'production' ? [] : null,
      },
    },
    hsts: services.config.environment === 'production',
  });
  await app.register(cookie, { secret: services.config.sessionSecret });
  await app.register(formbody);

  // Records about children must never sit in a shared or browser cache.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('cache-control')) {
      reply.header('cache-control', 'no-store');
    }
    return payload;
  });

  setUpAuthentication(app, services);
  setUpIdempotency(app, services);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Whole Picture API',
        version: '1',
        description:
          'The HTTP API of Whole Picture, the shared system of a multi-agency safeguarding partnership. Authenticate with `Authorization: Bearer <token>` (create one with `wholepicture tokens create --user EMAIL`). Errors are application/problem+json with a stable `code`.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get('/health', { schema: { hide: true } }, async () => {
    await services.db.selectFrom('audit_chain_head').select('seq').limit(1).execute();
    return {
      status: 'ok',
      database: options.databaseKind === 'embedded' ? 'embedded (PGlite)' : 'postgresql',
      databaseKind: options.databaseKind,
    };
  });

  await app.register(async (api) => registerApiRoutes(api, services), { prefix: '/api/v1' });
  return app;
}
