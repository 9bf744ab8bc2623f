import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/authenticate.ts';
import { etagFor, IdParams, parseIfMatch, problemResponses } from '../../http/schemas.ts';
import { AppError, ErrorCode } from '../../platform/errors.ts';
import type { Services } from '../../services.ts';
import { CreatePersonInput, RestrictPersonInput, UpdatePersonInput } from './people.schema.ts';

const PersonResponse = z.object({
  id: z.uuid(),
  givenName: z.string(),
  familyName: z.string(),
  dateOfBirth: z.string().nullable(),
  isRestricted: z.boolean(),
  version: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const AccessLogResponse = z.array(
  z.object({
    seq: z.number().int(),
    occurredAt: z.date(),
    actorLabel: z.string(),
    action: z.string(),
    outcome: z.string(),
    purpose: z.string().nullable(),
  }),
);

export async function peopleRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['People'];

  api.get(
    '/',
    {
      schema: {
        tags,
        summary: 'People you may see (each listed person is recorded as accessed)',
        querystring: z.object({ name: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(200).optional() }),
        response: { 200: z.object({ items: z.array(PersonResponse) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await services.people.listPeople(actorOf(request), request.query) }),
  );

  api.post(
    '/',
    {
      schema: {
        tags,
        summary: 'Create a person record (send an Idempotency-Key to retry safely)',
        body: CreatePersonInput,
        response: { 201: PersonResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const person = await services.people.createPerson(actorOf(request), request.body);
      return reply.code(201).header('etag', etagFor(person.version)).header('location', `/api/v1/people/${person.id}`).send(person);
    },
  );

  api.get(
    '/:id',
    {
      schema: {
        tags,
        summary: 'Open a person record (audited with the basis of access)',
        params: IdParams,
        querystring: z.object({ purpose: z.string().max(200).optional() }),
        response: { 200: PersonResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const person = await services.people.getPerson(actorOf(request), request.params.id, request.query.purpose);
      return reply.header('etag', etagFor(person.version)).send(person);
    },
  );

  api.patch(
    '/:id',
    {
      schema: {
        tags,
        summary: 'Change a person’s details; requires If-Match with the ETag you read',
        params: IdParams,
        headers: z.object({ 'if-match': z.string().optional() }),
        body: UpdatePersonInput,
        response: { 200: PersonResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const header = request.headers['if-match'];
      const version = parseIfMatch(header);
      if (header !== undefined && version === undefined) {
        throw new AppError(ErrorCode.VALIDATION, 'If-Match must be the ETag of the record, like W/"3"', [
          { field: 'If-Match', message: 'Use the ETag from the record you read' },
        ]);
      }
      const person = await services.people.updatePerson(actorOf(request), request.params.id, version, request.body);
      return reply.header('etag', etagFor(person.version)).send(person);
    },
  );

  api.post(
    '/:id/restriction',
    {
      schema: {
        tags,
        summary: 'Restrict a record so only explicitly granted users can open it',
        params: IdParams,
        body: RestrictPersonInput,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await services.people.restrictPerson(actorOf(request), request.params.id, request.body);
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/:id/access-log',
    {
      schema: {
        tags,
        summary: 'Who has looked at this person’s record (allocated worker, their manager, privacy officers)',
        params: IdParams,
        response: { 200: z.object({ items: AccessLogResponse }), ...problemResponses },
      },
    },
    async (request) => ({ items: await services.people.getAccessLog(actorOf(request), request.params.id) }),
  );
}
