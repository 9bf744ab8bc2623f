import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/authenticate.ts';
import { IdParams, problemResponses } from '../../http/schemas.ts';
import { ROLES, type Role } from '../../platform/access/actor.ts';
import type { Services } from '../../services.ts';
import { assertCanAdministerDirectory } from './agencies.policy.ts';
import { AGENCY_KINDS, CreateUserInput } from './agencies.schema.ts';

const AgencyResponse = z.object({
  id: z.uuid(),
  partnershipId: z.uuid(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(AGENCY_KINDS),
  isStatutoryPartner: z.boolean(),
});
const UserResponse = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  agencyId: z.uuid(),
  kind: z.enum(['person', 'service']),
  isActive: z.boolean(),
  isDemo: z.boolean(),
  version: z.number().int(),
});
const RoleParams = z.object({ id: z.uuid(), role: z.enum(ROLES as [Role, ...Role[]]) });

export async function agenciesRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Agencies and users'];

  api.get(
    '/agencies',
    {
      schema: {
        tags,
        summary: 'Agencies in your partnership',
        response: { 200: z.object({ items: z.array(AgencyResponse) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await services.agencies.listAgencies(actorOf(request).partnershipId ?? undefined) }),
  );

  api.get(
    '/users',
    {
      schema: {
        tags,
        summary: 'Users (system administrators)',
        response: { 200: z.object({ items: z.array(UserResponse) }), ...problemResponses },
      },
    },
    async (request) => {
      assertCanAdministerDirectory(actorOf(request));
      return { items: await services.agencies.listUsers() };
    },
  );

  api.post(
    '/users',
    {
      schema: {
        tags,
        summary: 'Create a user (system administrators)',
        body: CreateUserInput,
        response: { 201: UserResponse, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await services.agencies.createUser(actorOf(request), request.body)),
  );

  api.put(
    '/users/:id/roles/:role',
    { schema: { tags, summary: 'Give a user a role', params: RoleParams, response: { 204: z.null(), ...problemResponses } } },
    async (request, reply) => {
      await services.agencies.assignRole(actorOf(request), request.params.id, request.params.role);
      return reply.code(204).send(null);
    },
  );

  api.delete(
    '/users/:id/roles/:role',
    {
      schema: {
        tags,
        summary: 'Take a role away (effective on the user’s next request)',
        params: RoleParams,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await services.agencies.revokeRole(actorOf(request), request.params.id, request.params.role);
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/users/:id/deactivation',
    {
      schema: {
        tags,
        summary: 'Deactivate a leaver: sessions and tokens stop working at once',
        params: IdParams,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await services.agencies.deactivateUser(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
