import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/authenticate.ts';
import { IdParams, problemResponses } from '../../http/schemas.ts';
import { ROLES, type Role } from '../../platform/access/actor.ts';
import { listNotifications } from '../../platform/notifications/notifications.ts';
import type { Services } from '../../services.ts';

const TokenSummary = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  label: z.string(),
  createdAt: z.date(),
  expiresAt: z.date(),
  revokedAt: z.date().nullable(),
});

export async function identityRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['You'];

  api.get(
    '/me',
    {
      schema: {
        tags,
        summary: 'Who you are signed in as',
        response: {
          200: z.object({
            userId: z.string().nullable(),
            displayName: z.string(),
            agencyId: z.string().nullable(),
            teamIds: z.array(z.string()),
            roles: z.array(z.enum(ROLES as [Role, ...Role[]])),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return { userId: actor.userId, displayName: actor.displayName, agencyId: actor.agencyId, teamIds: actor.teamIds, roles: actor.roles };
    },
  );

  api.get(
    '/me/notifications',
    {
      schema: {
        tags,
        summary: 'Your notifications (references only, never case content)',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.uuid(),
                kind: z.string(),
                referenceType: z.string(),
                referenceId: z.string(),
                createdAt: z.date(),
                readAt: z.date().nullable(),
              }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => ({ items: await listNotifications(services.db, actorOf(request).userId ?? '') }),
  );

  api.get(
    '/me/tokens',
    { schema: { tags, summary: 'Your API tokens', response: { 200: z.object({ items: z.array(TokenSummary) }), ...problemResponses } } },
    async (request) => ({ items: await services.identity.listApiTokens(actorOf(request).userId ?? '') }),
  );

  api.post(
    '/me/tokens',
    {
      schema: {
        tags,
        summary: 'Create an API token for yourself; the secret is shown once',
        body: z.object({ label: z.string().min(1).max(200), expiresInDays: z.number().int().min(1).max(365).optional() }),
        response: { 201: z.object({ token: z.string(), summary: TokenSummary }), ...problemResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const created = await services.identity.createApiToken(actor, { userId: actor.userId ?? '', ...request.body });
      return reply.code(201).send(created);
    },
  );

  api.post(
    '/me/tokens/:id/revocation',
    { schema: { tags, summary: 'Revoke one of your tokens', params: IdParams, response: { 204: z.null(), ...problemResponses } } },
    async (request, reply) => {
      await services.identity.revokeApiToken(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
