import type { FastifyInstance } from 'fastify';
import { accessRoutes } from '../modules/access/index.ts';
import { agenciesRoutes } from '../modules/agencies/index.ts';
import { calendarRoutes } from '../modules/calendar/index.ts';
import { chronologyRoutes } from '../modules/chronology/index.ts';
import { duplicatesRoutes } from '../modules/duplicates/index.ts';
import { identityRoutes } from '../modules/identity/index.ts';
import { informationSharingRoutes } from '../modules/information-sharing/index.ts';
import { matchingRoutes } from '../modules/matching/index.ts';
import { peopleRoutes } from '../modules/people/index.ts';
import { referralsRoutes } from '../modules/referrals/index.ts';
import { relationshipsRoutes } from '../modules/relationships/index.ts';
import { strategyRoutes } from '../modules/strategy/index.ts';
import { workRoutes } from '../modules/work/index.ts';
import { ErrorCode } from '../platform/errors.ts';
import type { Services } from '../services.ts';
import { requireApiActor } from './authenticate.ts';
import { apiErrorHandler, sendProblem } from './error-handler.ts';
import { problemFor } from './problem.ts';

/** /api/v1: every route needs an authenticated actor; each module contributes its own routes plugin. */
export async function registerApiRoutes(api: FastifyInstance, services: Services): Promise<void> {
  api.setErrorHandler(apiErrorHandler);
  api.setNotFoundHandler((request, reply) =>
    sendProblem(reply, problemFor(ErrorCode.NOT_FOUND, 'There is no such API route', { requestId: request.id })),
  );
  api.addHook('preHandler', requireApiActor);
  await api.register(async (scope) => identityRoutes(scope, services));
  await api.register(async (scope) => agenciesRoutes(scope, services));
  await api.register(async (scope) => peopleRoutes(scope, services), { prefix: '/people' });
  await api.register(async (scope) => accessRoutes(scope, services), { prefix: '/access' });
  // These two choose their own paths under /api/v1 (people/{id}/relationships, chronology-entries, …).
  await api.register(async (scope) => relationshipsRoutes(scope, services));
  await api.register(async (scope) => chronologyRoutes(scope, services));
  await api.register(async (scope) => referralsRoutes(scope, services));
  await api.register(async (scope) => calendarRoutes(scope, services), { prefix: '/calendar' });
  await api.register(async (scope) => matchingRoutes(scope, services), { prefix: '/matching' });
  await api.register(async (scope) => duplicatesRoutes(scope, services), { prefix: '/duplicates' });
  await api.register(async (scope) => workRoutes(scope, services));
  await api.register(async (scope) => informationSharingRoutes(scope, services));
  await api.register(async (scope) => strategyRoutes(scope, services));
}
