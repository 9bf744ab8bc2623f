import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';

/** The work-tray API (`/api/v1/work-tray`); its routes arrive with the trays. */
export async function workRoutes(_app: FastifyInstance, _services: Services): Promise<void> {}
