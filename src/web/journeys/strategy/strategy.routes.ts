import { TZDate } from '@date-fns/tz';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  AGENCY_TYPE_LABELS,
  AUDIT_QUESTION_LABELS,
  DISCUSSION_KIND_LABELS,
  type StrategyDiscussion,
} from '../../../modules/strategy/index.ts';
import { formatDateTime, formatIsoDate, UK_TIME_ZONE, ukDateOf } from '../../../platform/dates.ts';
import { AppError, ErrorCode, type FieldError } from '../../../platform/errors.ts';
import type { Services } from '../../../services.ts';
import { dateInputValue, formErrors, pageActor, renderPage, requireSignedIn } from '../../web-context.ts';

const IdParams = z.object({ id: z.uuid() });
/** The form offers a fixed number of attendee rows; empty rows are left out. */
const ATTENDEE_ROWS = 6;
type Form = Record<string, string | undefined>;

const yesNo = (value: string | undefined): boolean => (value === 'yes' ? true : value === 'no' ? false : (undefined as unknown as boolean));

/** A GOV.UK date input plus an HH:MM time, read as UK local time; '' when the date was left empty. */
function ukMoment(form: Form, name: string): Date | string {
  const date = dateInputValue(form, name);
  const time = (form[`${name}-time`] ?? '').trim();
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const clock = /^(\d{1,2}):(\d{2})$/.exec(time);
  if (!match || !clock) {
    return '';
  }
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const [, hours, minutes] = clock.map(Number) as [number, number, number];
  const at = new TZDate(year, month - 1, day, hours, minutes, UK_TIME_ZONE);
  // A rolled-over date (31 February) or time (25:00) is not the date the user typed.
  if (at.getDate() !== day || at.getHours() !== hours || Number.isNaN(at.getTime())) {
    return '';
  }
  return new Date(at.getTime());
}

/** Service field paths as the form's element ids, so each error-summary link lands on its field. */
function fieldIds(fields: FieldError[]): FieldError[] {
  return fields.map((field) => {
    const attendee = /^attendees\.(\d+)\.(\w+)$/.exec(field.field);
    if (attendee) {
      return { field: `attendee-${attendee[1]}-${attendee[2]}`, message: `Attendee ${Number(attendee[1]) + 1}: ${field.message}` };
    }
    if (field.field === 'heldAt') {
      return {
        field: 'heldAt-day',
        message: field.message.startsWith('Enter a date') ? 'Enter the date and time it was held' : field.message,
      };
    }
    return { field: field.field === 'attendees' ? 'attendee-0-name' : field.field, message: field.message };
  });
}

function discussionView(discussion: StrategyDiscussion) {
  return {
    ...discussion,
    kindLabel: DISCUSSION_KIND_LABELS[discussion.kind],
    heldText: formatDateTime(discussion.heldAt),
    dueText: formatDateTime(discussion.dueAt),
    receivedText: formatDateTime(discussion.referralReceivedAt),
    attendees: discussion.attendees.map((attendee) => ({ ...attendee, agencyTypeLabel: AGENCY_TYPE_LABELS[attendee.agencyType] })),
    missingText: discussion.missingAgencies.map((type) => AGENCY_TYPE_LABELS[type]).join(', '),
    answers: discussion.auditAnswers.map((answer) => ({ ...answer, label: AUDIT_QUESTION_LABELS[answer.question] })),
    actions: discussion.actions.map((action) => ({ ...action, dueText: formatIsoDate(action.dueOn) })),
  };
}

/** The strategy journey: recording a discussion for a referral, the record with its four answers, starting an enquiry, the team figures. */
export async function strategyPageRoutes(app: FastifyInstance, services: Services): Promise<void> {
  function showForm(request: FastifyRequest, reply: FastifyReply, referralId: string, form: Form, errors?: ReturnType<typeof formErrors>) {
    return renderPage(request, reply.code(errors ? 400 : 200), 'strategy/discussion-form.njk', {
      pageTitle: 'Record a strategy discussion',
      referralId,
      form,
      errors,
      rows: Array.from({ length: ATTENDEE_ROWS }, (_, index) => index),
      agencyTypes: [{ value: '', text: 'Choose' }, ...Object.entries(AGENCY_TYPE_LABELS).map(([value, text]) => ({ value, text }))],
    });
  }

  app.get('/referrals/:id/strategy-discussions/new', { preHandler: requireSignedIn }, async (request, reply) => {
    const params = IdParams.safeParse(request.params);
    if (!params.success) {
      return reply.callNotFound();
    }
    await services.referrals.getReferralSummary(pageActor(request), params.data.id);
    return showForm(request, reply, params.data.id, {});
  });

  app.post(
    '/referrals/:id/strategy-discussions/new',
    { preHandler: requireSignedIn, preValidation: app.csrfProtection },
    async (request, reply) => {
      const params = IdParams.safeParse(request.params);
      if (!params.success) {
        return reply.callNotFound();
      }
      const form = (request.body ?? {}) as Form;
      const attendees = Array.from({ length: ATTENDEE_ROWS }, (_, index) => ({
        name: form[`attendee-${index}-name`] ?? '',
        agencyType: form[`attendee-${index}-agencyType`] ?? '',
        agencyName: form[`attendee-${index}-agencyName`] ?? '',
        role: form[`attendee-${index}-role`] ?? '',
      })).filter((row) => Object.values(row).some((value) => value.trim() !== ''));
      const actionDue = dateInputValue(form, 'actionDueOn');
      const wantsAction = Boolean(form.actionDescription?.trim() || form.actionOwnerName?.trim() || actionDue);
      try {
        const discussion = await services.strategy.recordDiscussion(pageActor(request), {
          referralId: params.data.id,
          kind: (form.kind ?? '') as 'discussion',
          heldAt: ukMoment(form, 'heldAt') as Date,
          chair: form.chair ?? '',
          attendees: attendees as never,
          immediateRiskConsidered: yesNo(form.immediateRiskConsidered),
          immediateRiskAction: form.immediateRiskAction || null,
          viewsEstablished: yesNo(form.viewsEstablished),
          viewsNotEstablishedReason: form.viewsNotEstablishedReason || null,
          viewsPlan: form.viewsPlan || null,
          harmSuspected: yesNo(form.harmSuspected),
          outcome: form.outcome ?? '',
          actions: wantsAction
            ? [
                {
                  description: form.actionDescription ?? '',
                  ownerName: form.actionOwnerName ?? '',
                  ownerAgency: form.actionOwnerAgency || null,
                  dueOn: actionDue,
                },
              ]
            : [],
        });
        return reply.redirect(`/strategy-discussions/${discussion.id}?recorded=1`, 303);
      } catch (error) {
        if (error instanceof AppError && (error.code === ErrorCode.VALIDATION || error.code === ErrorCode.INVALID_TRANSITION)) {
          const fields = fieldIds(error.fields).map((field) =>
            field.field.startsWith('actions.0.')
              ? {
                  field: field.field.replace('actions.0.', 'action').replace(/action(\w)/, (_, c: string) => `action${c.toUpperCase()}`),
                  message: `Action: ${field.message}`,
                }
              : field,
          );
          return showForm(request, reply, params.data.id, form, formErrors(fields, { field: 'kind', message: error.message }));
        }
        throw error;
      }
    },
  );

  async function showDiscussion(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    errors?: ReturnType<typeof formErrors>,
    form: Form = {},
  ) {
    const actor = pageActor(request);
    const discussion = await services.strategy.getDiscussion(actor, id);
    const enquiry = discussion.section47EnquiryId ? await services.strategy.getSection47(actor, discussion.section47EnquiryId) : null;
    const referral = await services.referrals.getReferralSummary(actor, discussion.referralId);
    const query = request.query as Record<string, string | undefined>;
    return renderPage(request, reply.code(errors ? 400 : 200), 'strategy/discussion.njk', {
      pageTitle: DISCUSSION_KIND_LABELS[discussion.kind],
      discussion: discussionView(discussion),
      enquiry: enquiry ? { ...enquiry, dueText: formatIsoDate(enquiry.icpcDueOn) } : null,
      canStart47: discussion.referralKind === 'child' && discussion.harmSuspected && !enquiry,
      canStart42: discussion.referralKind === 'adult' && discussion.harmSuspected && referral.route !== 's42_enquiry',
      s42Started: referral.route === 's42_enquiry',
      recorded: query.recorded === '1',
      started: query.started === '1',
      errors,
      form,
    });
  }

  app.get('/strategy-discussions/:id', { preHandler: requireSignedIn }, async (request, reply) => {
    const params = IdParams.safeParse(request.params);
    return params.success ? showDiscussion(request, reply, params.data.id) : reply.callNotFound();
  });

  app.post(
    '/strategy-discussions/:id/actions',
    { preHandler: requireSignedIn, preValidation: app.csrfProtection },
    async (request, reply) => {
      const params = IdParams.safeParse(request.params);
      if (!params.success) {
        return reply.callNotFound();
      }
      const form = (request.body ?? {}) as Form;
      try {
        await services.strategy.addAction(pageActor(request), params.data.id, {
          description: form.description ?? '',
          ownerName: form.ownerName ?? '',
          ownerAgency: form.ownerAgency || null,
          dueOn: dateInputValue(form, 'dueOn'),
        });
        return reply.redirect(`/strategy-discussions/${params.data.id}#actions`, 303);
      } catch (error) {
        if (error instanceof AppError && error.code === ErrorCode.VALIDATION) {
          const fields = error.fields.map((field) => (field.field === 'dueOn' ? { ...field, field: 'dueOn-day' } : field));
          return showDiscussion(request, reply, params.data.id, formErrors(fields), form);
        }
        throw error;
      }
    },
  );

  for (const [path, start] of [
    ['section-47', (actor: ReturnType<typeof pageActor>, id: string) => services.strategy.startSection47(actor, id)],
    ['section-42', (actor: ReturnType<typeof pageActor>, id: string) => services.strategy.startAdultEnquiry(actor, id)],
  ] as const) {
    app.post(
      `/strategy-discussions/:id/${path}`,
      { preHandler: requireSignedIn, preValidation: app.csrfProtection },
      async (request, reply) => {
        const params = IdParams.safeParse(request.params);
        if (!params.success) {
          return reply.callNotFound();
        }
        try {
          await start(pageActor(request), params.data.id);
          return reply.redirect(`/strategy-discussions/${params.data.id}?started=1#enquiry`, 303);
        } catch (error) {
          if (
            error instanceof AppError &&
            [ErrorCode.INVALID_TRANSITION, ErrorCode.CONFLICT, ErrorCode.FORBIDDEN].includes(error.code as never)
          ) {
            return showDiscussion(request, reply, params.data.id, formErrors([], { field: 'enquiry', message: error.message }));
          }
          throw error;
        }
      },
    );
  }

  app.get('/strategy/audit', { preHandler: requireSignedIn }, async (request, reply) => {
    const actor = pageActor(request);
    const query = request.query as Record<string, string | undefined>;
    const teams = await services.strategy.listTeams(actor);
    const today = ukDateOf(services.clock.now());
    const filter = { teamId: query.team || null, from: query.from || `${today.slice(0, 4)}-01-01`, to: query.to || today };
    let figures: Awaited<ReturnType<typeof services.strategy.auditFigures>> | undefined;
    let errors: ReturnType<typeof formErrors> | undefined;
    try {
      figures = await services.strategy.auditFigures(actor, filter);
    } catch (error) {
      if (!(error instanceof AppError && error.code === ErrorCode.VALIDATION)) {
        throw error;
      }
      errors = formErrors(error.fields.map((field) => ({ ...field, field: field.field === 'teamId' ? 'team' : field.field })));
    }
    return renderPage(request, reply.code(errors ? 400 : 200), 'strategy/audit.njk', {
      pageTitle: 'Strategy discussion audit',
      filter,
      teams: [
        { value: '', text: 'All teams' },
        ...teams.map((team) => ({ value: team.id, text: `${team.name} (${team.agencyName})`, selected: team.id === filter.teamId })),
      ],
      figures: figures
        ? { ...figures, rows: figures.figures.map((figure) => ({ ...figure, label: AUDIT_QUESTION_LABELS[figure.question] })) }
        : undefined,
      errors,
    });
  });
}
