import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/authenticate.ts';
import { problemResponses } from '../../http/schemas.ts';
import { IsoDate } from '../../platform/validation.ts';
import type { Services } from '../../services.ts';
import { AddPartnershipDayInput, ChangeClocksInput, ClockSettings } from './calendar.schema.ts';

const WorkingDaysQuery = z.object({
  from: IsoDate,
  days: z.coerce.number().int().min(0).max(400),
  countFrom: z.enum(['0', '1']).optional().describe('Override the partnership setting: 0 = the start day is day 0, 1 = it is day 1'),
});

const DayResponse = z.object({ date: z.string(), title: z.string(), source: z.enum(['official', 'partnership']) });

export async function calendarRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Calendar'];

  api.get(
    '/working-days',
    {
      schema: {
        tags,
        summary: 'The date a number of working days after another, on the partnership’s calendar',
        querystring: WorkingDaysQuery,
        response: {
          200: z.object({ from: z.string(), days: z.number().int(), countFrom: z.number().int(), date: z.string() }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const { from, days, countFrom } = request.query;
      const date = await services.calendar.addWorkingDays(
        actorOf(request).partnershipId,
        from,
        days,
        countFrom === undefined ? undefined : Number(countFrom) === 1 ? 1 : 0,
      );
      return { from, days, countFrom: date.countFrom, date: date.date };
    },
  );

  api.get(
    '/days',
    {
      schema: {
        tags,
        summary: 'Non-working days other than weekends: the official England and Wales list and the partnership’s own',
        response: { 200: z.object({ items: z.array(DayResponse), warnings: z.array(z.string()) }), ...problemResponses },
      },
    },
    async (request) => {
      const partnershipId = actorOf(request).partnershipId;
      return { items: await services.calendar.listDays(partnershipId), warnings: await services.calendar.warnings(partnershipId) };
    },
  );

  api.post(
    '/days',
    {
      schema: {
        tags,
        summary: 'Add a partnership non-working day (administrators)',
        body: AddPartnershipDayInput,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await services.calendar.addPartnershipDay(actorOf(request), request.body);
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/clocks',
    { schema: { tags, summary: 'The partnership’s statutory and local clocks', response: { 200: ClockSettings, ...problemResponses } } },
    async (request) => services.calendar.clocks(actorOf(request).partnershipId),
  );

  api.patch(
    '/clocks',
    {
      schema: {
        tags,
        summary: 'Change some of the partnership’s clocks (administrators); the rest keep their values',
        body: ChangeClocksInput,
        response: { 200: ClockSettings, ...problemResponses },
      },
    },
    async (request) => services.calendar.changeClocks(actorOf(request), request.body),
  );
}
