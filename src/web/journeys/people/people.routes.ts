import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../../services.ts';
import { pageActor, renderPage, requireSignedIn } from '../../web-context.ts';

const PersonParams = z.object({ id: z.uuid() });

/** A person's record and who has looked at it. Every read is scoped and audited by the people module. */
export async function peopleRoutes(app: FastifyInstance, services: Services): Promise<void> {
  app.get('/people/:id', { preHandler: requireSignedIn }, async (request, reply) => {
    const params = PersonParams.safeParse(request.params);
    if (!params.success) {
      return reply.callNotFound();
    }
    const actor = pageActor(request);
    const person = await services.people.getPerson(actor, params.data.id, 'view record');
    const canViewAccessLog = await services.people.canViewAccessLog(actor, person.id);
    return renderPage(request, reply, 'people/person.njk', {
      pageTitle: `${person.givenName} ${person.familyName}`,
      person,
      canViewAccessLog,
    });
  });

  app.get('/people/:id/access-log', { preHandler: requireSignedIn }, async (request, reply) => {
    const params = PersonParams.safeParse(request.params);
    if (!params.success) {
      return reply.callNotFound();
    }
    const actor = pageActor(request);
    const entries = await services.people.getAccessLog(actor, params.data.id);
    return renderPage(request, reply, 'people/access-log.njk', {
      pageTitle: 'Who has viewed this record',
      personId: params.data.id,
      entries: entries.map((entry) => ({ ...entry, when: entry.occurredAt.toISOString().slice(0, 16).replace('T', ' ') })),
    });
  });
}
