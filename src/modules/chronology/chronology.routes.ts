import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';

export async function chronologyRoutes(_app: FastifyInstance, _services: Services): Promise<void> {}
