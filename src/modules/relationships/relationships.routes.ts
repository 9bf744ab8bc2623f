import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';

export async function relationshipsRoutes(_app: FastifyInstance, _services: Services): Promise<void> {}
