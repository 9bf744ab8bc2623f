import type { FastifyInstance } from 'fastify';
import { buildServer, type ServerOptions } from './http/server.ts';
import type { Services } from './services.ts';
import { registerWeb } from './web/web.plugin.ts';

/** The whole application: the HTTP server, its API and the web pages, over one set of services. */
export async function buildApp(services: Services, options: ServerOptions): Promise<FastifyInstance> {
  const app = await buildServer(services, options);
  await app.register(async (web) => registerWeb(web, services));
  return app;
}
