import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';

/** Server-rendered GOV.UK Frontend pages, organised by user journey. */
export async function registerWeb(app: FastifyInstance, _services: Services): Promise<void> {
  app.get('/', async (_request, reply) =>
    reply.type('text/html').send('<!doctype html><title>Whole Picture</title><h1>Whole Picture</h1>'),
  );
}
