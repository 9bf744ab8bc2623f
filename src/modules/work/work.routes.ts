import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/authenticate.ts';
import { IdParams, problemResponses } from '../../http/schemas.ts';
import type { Services } from '../../services.ts';
import { AllocateInput, TRAY_STATES, TRAY_VIEWS, WORK_KINDS } from './work.schema.ts';

const Counts = z.object({ overdue: z.number().int(), dueSoon: z.number().int(), due: z.number().int(), total: z.number().int() });

const TrayItemResponse = z.object({
  id: z.uuid(),
  kind: z.enum(WORK_KINDS),
  kindLabel: z.string(),
  title: z.string(),
  state: z.enum(TRAY_STATES),
  dueAt: z.date(),
  dueDate: z.string().describe('The UK calendar day the deadline falls on'),
  workingDays: z.number().int().describe('Working days from today to the due date; negative when overdue'),
  dueText: z.string().describe('"due in 3 working days", "2 working days overdue"'),
  clockLabel: z.string(),
  openedAt: z.date(),
  completedAt: z.date().nullable(),
  outcome: z.string().nullable(),
  referenceType: z.string(),
  referenceId: z.uuid(),
  teamId: z.uuid(),
  teamName: z.string(),
  holderUserId: z.uuid().nullable(),
  holderName: z.string().nullable().describe('Null when unallocated'),
  personId: z.uuid().nullable().describe('Null when the work is about no one person, or you may not see them'),
  personName: z.string().nullable().describe('Null when the work is about no one person, or you may not see them'),
  personHidden: z.boolean().describe('True when the work is about a person you may not see'),
  version: z.number().int(),
});

const TrayResponse = z.object({
  view: z.enum(TRAY_VIEWS),
  teamIds: z.array(z.uuid()),
  items: z.array(TrayItemResponse),
  total: z.number().int().describe('Items matching every filter'),
  page: z.number().int(),
  pageSize: z.number().int(),
  counts: Counts.describe('Per state, with the kind and holder filters but not the state filter'),
  holders: z
    .array(
      Counts.extend({
        teamId: z.uuid(),
        teamName: z.string(),
        holderUserId: z.uuid().nullable(),
        holderName: z.string().nullable(),
      }),
    )
    .describe('Manager’s view only: who holds what in each team'),
  dueSoonUntil: z.date().describe('Items due up to this moment count as due soon'),
});

const yes = z
  .enum(['true', 'false'])
  .optional()
  .transform((value) => value === 'true');

const TrayQueryString = z.object({
  team: z
    .uuid({ message: 'Enter a valid team id' })
    .optional()
    .describe('A team you belong to: its tray (or, with manager=true, that team only)'),
  mine: yes.describe('true: the work you hold, in any team'),
  manager: yes.describe('true: every team you belong to, with who holds what (team managers)'),
  state: z.enum(TRAY_STATES).optional(),
  kind: z.enum(WORK_KINDS).optional(),
  holder: z
    .union([z.uuid(), z.literal('unallocated')])
    .optional()
    .describe('A team member’s user id, or unallocated'),
  page: z.coerce.number().int().min(1).optional(),
  pageSize: z.coerce.number().int().min(1).max(100).optional(),
});

export async function workRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Work'];

  api.get(
    '/work-tray',
    {
      schema: {
        tags,
        summary: 'A work tray: a team’s open work, yours (mine=true) or a manager’s view (manager=true), soonest deadline first',
        description:
          'Each item is overdue, due soon (within the partnership’s due-soon clock) or due, counted in working days on the partnership’s calendar. The person is named only when you may see them.',
        querystring: TrayQueryString,
        response: { 200: TrayResponse, ...problemResponses },
      },
    },
    async (request) => {
      const { team, mine, manager, ...filters } = request.query;
      return services.work.tray(actorOf(request), {
        view: manager ? 'manager' : mine ? 'mine' : 'team',
        teamId: team,
        ...filters,
      });
    },
  );

  api.get(
    '/work-items/:id',
    {
      schema: {
        tags,
        summary: 'One work item, for members of its team and its holder',
        params: IdParams,
        response: { 200: TrayItemResponse, ...problemResponses },
      },
    },
    async (request) => services.work.item(actorOf(request), request.params.id),
  );

  api.post(
    '/work-items/:id/allocation',
    {
      schema: {
        tags,
        summary: 'Give an open item to a member of its team, or back to the team (holderUserId null)',
        description:
          'Team managers move any item; a member may take unallocated work for themselves or hand back their own. Send the version you read: a change in between answers 412.',
        params: IdParams,
        body: AllocateInput,
        response: { 200: TrayItemResponse, ...problemResponses },
      },
    },
    async (request) => services.work.allocate(actorOf(request), request.params.id, request.body),
  );
}
