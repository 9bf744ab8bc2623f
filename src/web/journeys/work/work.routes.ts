import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  canReallocateWork,
  TRAY_STATE_LABELS,
  TRAY_STATES,
  type TrayItem,
  type TrayPage,
  type TrayQuery,
  WORK_KIND_LABELS,
  WORK_KINDS,
} from '../../../modules/work/index.ts';
import type { Actor } from '../../../platform/access/actor.ts';
import { formatDateTime, formatShortDateOf } from '../../../platform/dates.ts';
import { AppError, ErrorCode } from '../../../platform/errors.ts';
import type { Services } from '../../../services.ts';
import { formErrors, pageActor, renderPage, requireSignedIn } from '../../web-context.ts';

const IdParams = z.object({ id: z.uuid() });

/** Filters from a page's query string; anything unrecognised is dropped rather than refused. */
const TrayFilters = z.object({
  state: z.enum(TRAY_STATES).optional().catch(undefined),
  kind: z.enum(WORK_KINDS).optional().catch(undefined),
  holder: z
    .union([z.uuid(), z.literal('unallocated')])
    .optional()
    .catch(undefined),
  page: z.coerce.number().int().min(1).catch(1),
});
type TrayFilters = z.output<typeof TrayFilters>;

/**
 * Where an item's record lives, by reference type: the one table to extend as modules arrive. An
 * unknown type falls back to the item's own page, which says what the work is and who holds it.
 */
const REFERENCE_PATHS: Record<string, (id: string) => string> = {
  referral: (id) => `/referrals/${id}`,
};

export function referencePath(item: Pick<TrayItem, 'id' | 'referenceType' | 'referenceId'>): string {
  const path = REFERENCE_PATHS[item.referenceType];
  return path ? path(item.referenceId) : `/work/items/${item.id}`;
}

const STATE_TAG_CLASSES = { overdue: 'govuk-tag--red', due_soon: 'govuk-tag--yellow', due: 'govuk-tag--grey' } as const;

function itemView(item: TrayItem) {
  return {
    ...item,
    stateLabel: TRAY_STATE_LABELS[item.state],
    stateClass: STATE_TAG_CLASSES[item.state],
    dueOn: formatShortDateOf(item.dueAt),
    dueAtText: formatDateTime(item.dueAt),
    personText: item.personName ?? (item.personHidden ? 'a person you cannot see' : ''),
    href: referencePath(item),
    itemHref: `/work/items/${item.id}`,
  };
}

function queryString(filters: TrayFilters, overrides: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  const merged: Record<string, string | undefined> = {
    state: filters.state,
    kind: filters.kind,
    holder: filters.holder,
    page: filters.page > 1 ? String(filters.page) : undefined,
    ...overrides,
  };
  for (const [key, value] of Object.entries(merged)) {
    if (value) {
      params.set(key, value);
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The tabs, filters and pagination every tray page shares. */
function trayView(tray: TrayPage, filters: TrayFilters, basePath: string) {
  const pages = Math.max(1, Math.ceil(tray.total / tray.pageSize));
  const tab = (state: (typeof TRAY_STATES)[number] | undefined, text: string, count: number) => ({
    text: `${text} (${count.toLocaleString('en-GB')})`,
    href: `${basePath}${queryString(filters, { state, page: undefined })}`,
    current: filters.state === state,
  });
  return {
    items: tray.items.map(itemView),
    total: tray.total,
    counts: tray.counts,
    tabs: [
      tab(undefined, 'All', tray.counts.total),
      tab('overdue', 'Overdue', tray.counts.overdue),
      tab('due_soon', 'Due soon', tray.counts.dueSoon),
      tab('due', 'Due', tray.counts.due),
    ],
    kinds: [
      { value: '', text: 'Any kind of work' },
      ...Object.entries(WORK_KIND_LABELS).map(([value, text]) => ({ value, text, selected: filters.kind === value })),
    ],
    state: filters.state ?? '',
    pagination: {
      previous: tray.page > 1 ? { href: `${basePath}${queryString(filters, { page: String(tray.page - 1) })}` } : undefined,
      next: tray.page < pages ? { href: `${basePath}${queryString(filters, { page: String(tray.page + 1) })}` } : undefined,
      text: `Page ${tray.page} of ${pages}`,
    },
  };
}

/** The work-tray journey: my work, a team's tray, a manager's view, and one item with its reallocation. */
export async function workPageRoutes(app: FastifyInstance, services: Services): Promise<void> {
  async function myTeams(actor: Actor) {
    const teams = await services.agencies.listTeams();
    return teams.filter((team) => actor.teamIds.includes(team.id)).map((team) => ({ id: team.id, name: team.name }));
  }

  async function showTray(
    request: FastifyRequest,
    reply: FastifyReply,
    query: Omit<TrayQuery, 'state' | 'kind' | 'holder' | 'page'>,
    template: string,
    basePath: string,
    extra: (tray: TrayPage, actor: Actor) => Promise<Record<string, unknown>>,
  ) {
    const actor = pageActor(request);
    const filters = TrayFilters.parse(request.query ?? {});
    const tray = await services.work.tray(actor, { ...query, ...filters });
    return renderPage(request, reply, template, {
      tray: trayView(tray, filters, basePath),
      filters,
      basePath,
      teams: await myTeams(actor),
      isManager: canReallocateWork(actor),
      ...(await extra(tray, actor)),
    });
  }

  app.get('/work', { preHandler: requireSignedIn }, async (request, reply) =>
    showTray(request, reply, { view: 'mine' }, 'work/mine.njk', '/work', async () => ({ pageTitle: 'My work' })),
  );

  app.get('/work/team/:id', { preHandler: requireSignedIn }, async (request, reply) => {
    const params = IdParams.safeParse(request.params);
    if (!params.success) {
      return reply.callNotFound();
    }
    const teamId = params.data.id;
    return showTray(request, reply, { view: 'team', teamId }, 'work/team.njk', `/work/team/${teamId}`, async (_tray, actor) => {
      const team = (await myTeams(actor)).find((each) => each.id === teamId);
      const members = await services.work.teamMembers(actor, teamId);
      const filters = TrayFilters.parse(request.query ?? {});
      return {
        pageTitle: `Work tray: ${team?.name ?? 'team'}`,
        team,
        holders: [
          { value: '', text: 'Anyone or no one' },
          { value: 'unallocated', text: 'Unallocated', selected: filters.holder === 'unallocated' },
          ...members.map((member) => ({ value: member.userId, text: member.name, selected: filters.holder === member.userId })),
        ],
      };
    });
  });

  app.get('/work/manager', { preHandler: requireSignedIn }, async (request, reply) =>
    showTray(request, reply, { view: 'manager' }, 'work/manager.njk', '/work/manager', async (tray) => ({
      pageTitle: 'Your teams’ work',
      holders: tray.holders.map((holder) => ({
        ...holder,
        name: holder.holderName ?? 'Unallocated',
        href: `/work/team/${holder.teamId}${queryString({ page: 1 }, { holder: holder.holderUserId ?? 'unallocated' })}`,
      })),
    })),
  );

  async function showItem(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    form: Record<string, string | undefined> = {},
    errors?: ReturnType<typeof formErrors>,
  ) {
    const actor = pageActor(request);
    const item = await services.work.item(actor, id);
    const members = actor.teamIds.includes(item.teamId) ? await services.work.teamMembers(actor, item.teamId) : [];
    const chosen = form.holder ?? '';
    const flags = request.query as Record<string, string | undefined>;
    return renderPage(request, reply.code(errors ? 400 : 200), 'work/item.njk', {
      pageTitle: `${item.kindLabel}: ${item.dueText}`,
      item: itemView(item),
      errors,
      version: form.version ?? String(item.version),
      canReallocate: canReallocateWork(actor) && actor.teamIds.includes(item.teamId) && !item.completedAt,
      canTake: !canReallocateWork(actor) && actor.teamIds.includes(item.teamId) && item.holderUserId === null && !item.completedAt,
      holderChoices: [
        ...members.map((member) => ({ value: member.userId, text: member.name, checked: chosen === member.userId })),
        { divider: 'or' },
        { value: 'unallocated', text: 'Nobody: back to the team’s tray', checked: chosen === 'unallocated' },
      ],
      banner: flags.moved ? `This work is now ${item.holderName ? `held by ${item.holderName}` : 'unallocated'}.` : undefined,
    });
  }

  app.get('/work/items/:id', { preHandler: requireSignedIn }, async (request, reply) => {
    const params = IdParams.safeParse(request.params);
    if (!params.success) {
      return reply.callNotFound();
    }
    return showItem(request, reply, params.data.id);
  });

  app.post('/work/items/:id/allocation', { preHandler: requireSignedIn, preValidation: app.csrfProtection }, async (request, reply) => {
    const params = IdParams.safeParse(request.params);
    if (!params.success) {
      return reply.callNotFound();
    }
    const form = (request.body ?? {}) as Record<string, string | undefined>;
    const holder = form.holder ?? '';
    if (!holder) {
      return showItem(request, reply, params.data.id, form, formErrors([{ field: 'holder', message: 'Choose who should hold this work' }]));
    }
    try {
      await services.work.allocate(pageActor(request), params.data.id, {
        holderUserId: holder === 'unallocated' ? null : holder,
        version: Number(form.version),
      });
      return reply.redirect(`/work/items/${params.data.id}?moved=1`, 303);
    } catch (error) {
      if (error instanceof AppError && (error.code === ErrorCode.VALIDATION || error.code === ErrorCode.STALE_VERSION)) {
        const fields =
          error.code === ErrorCode.STALE_VERSION
            ? [
                {
                  field: 'holder',
                  message: 'Someone else changed this work while you were looking. Check who holds it now and choose again.',
                },
              ]
            : error.fields.map((field) => ({ ...field, field: field.field === 'holderUserId' ? 'holder' : field.field }));
        // A stale form is shown again on the current version, so the next choice can succeed.
        const next = error.code === ErrorCode.STALE_VERSION ? { ...form, version: undefined } : form;
        return showItem(request, reply, params.data.id, next, formErrors(fields));
      }
      throw error;
    }
  });

  app.post('/work/items/:id/take', { preHandler: requireSignedIn, preValidation: app.csrfProtection }, async (request, reply) => {
    const params = IdParams.safeParse(request.params);
    if (!params.success) {
      return reply.callNotFound();
    }
    const form = (request.body ?? {}) as Record<string, string | undefined>;
    try {
      await services.work.take(pageActor(request), params.data.id, Number(form.version));
      return reply.redirect(`/work/items/${params.data.id}?moved=1`, 303);
    } catch (error) {
      if (error instanceof AppError && (error.code === ErrorCode.VALIDATION || error.code === ErrorCode.STALE_VERSION)) {
        return showItem(
          request,
          reply,
          params.data.id,
          {},
          formErrors([{ field: 'take', message: 'Someone else changed this work while you were looking. Check who holds it now.' }]),
        );
      }
      throw error;
    }
  });
}
