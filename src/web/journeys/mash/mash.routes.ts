import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  CONSENT_POSITION_LABELS,
  CONSENT_POSITIONS,
  type InformationRequest,
  LAWFUL_BASES,
  LAWFUL_BASIS_LABELS,
  REQUEST_STATUS_LABELS,
  SPECIAL_CATEGORY_CONDITION_LABELS,
  SPECIAL_CATEGORY_CONDITIONS,
} from '../../../modules/information-sharing/index.ts';
import { hasPermission, Permission } from '../../../platform/access/permissions.ts';
import { formatDateTime } from '../../../platform/dates.ts';
import { ErrorCode, isAppError } from '../../../platform/errors.ts';
import type { Services } from '../../../services.ts';
import { formErrors, pageActor, renderPage, requireSignedIn } from '../../web-context.ts';

const IdParams = z.object({ id: z.uuid() });
type Form = Record<string, string | string[] | undefined>;

const TAGS = {
  open: 'govuk-tag--yellow',
  returned: 'govuk-tag--green',
  nothing_known: 'govuk-tag--grey',
  declined: 'govuk-tag--red',
} as const;

function one(form: Form, key: string): string {
  const value = form[key];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

function many(form: Form, key: string): string[] {
  const value = form[key];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** The lawful-basis fields, as every sharing form asks them. */
function basisOf(form: Form) {
  const special = one(form, 'specialCategory');
  return {
    lawfulBasis: one(form, 'lawfulBasis') as 'public_task',
    specialCategory: (special === 'yes' ? true : special === 'no' ? false : undefined) as boolean,
    specialCategoryCondition: (one(form, 'specialCategoryCondition') || undefined) as 'dpa_sch1_para18_safeguarding' | undefined,
    policyDocumentRef: one(form, 'policyDocumentRef') || undefined,
    consent: one(form, 'consent') as 'given',
    consentReason: one(form, 'consentReason') || undefined,
  };
}

function basisItems(form: Form) {
  return {
    lawfulBases: LAWFUL_BASES.map((value) => ({ value, text: LAWFUL_BASIS_LABELS[value], checked: one(form, 'lawfulBasis') === value })),
    conditions: SPECIAL_CATEGORY_CONDITIONS.map((value) => ({
      value,
      text: SPECIAL_CATEGORY_CONDITION_LABELS[value],
      checked: one(form, 'specialCategoryCondition') === value,
    })),
    consentPositions: CONSENT_POSITIONS.map((value) => ({
      value,
      text: CONSENT_POSITION_LABELS[value],
      checked: one(form, 'consent') === value,
    })),
  };
}

function requestView(request: InformationRequest, canReturn: boolean) {
  return {
    ...request,
    asked: formatDateTime(request.requestedAt),
    statusLabel: REQUEST_STATUS_LABELS[request.status],
    tagClass: request.timeliness.state === 'overdue' || request.timeliness.state === 'late' ? 'govuk-tag--red' : TAGS[request.status],
    canReturn,
  };
}

/** The MASH journey: asking partner agencies what they know, and recording what they return. */
export async function mashPages(app: FastifyInstance, services: Services): Promise<void> {
  async function showRequests(
    request: FastifyRequest,
    reply: FastifyReply,
    referralId: string,
    form: Form = {},
    errors?: ReturnType<typeof formErrors>,
  ) {
    const actor = pageActor(request);
    const referral = await services.referrals.getReferral(actor, referralId);
    const requests = await services.informationSharing.listForReferral(actor, referralId);
    const canSend = hasPermission(actor, Permission.triageReferrals) && ['rated', 'information_gathering'].includes(referral.status);
    const chosen = many(form, 'agencyIds');
    const partners = (await services.informationSharing.partnerAgencies(actor)).map((agency) => ({
      value: agency.id,
      text: agency.name,
      checked: chosen.includes(agency.id),
    }));
    return renderPage(request, reply.code(errors ? 400 : 200), 'mash/information-requests.njk', {
      pageTitle: 'Information from MASH partners',
      referralId,
      about: referral.subjects.map((subject) => subject.name ?? 'A person you cannot see').join(', '),
      requests: requests.map((item) =>
        requestView(item, hasPermission(actor, Permission.triageReferrals) || item.agencyId === actor.agencyId),
      ),
      canSend,
      partners,
      form,
      errors,
      ...basisItems(form),
    });
  }

  app.get('/referrals/:id/information-requests', { preHandler: requireSignedIn }, async (request, reply) => {
    const params = IdParams.safeParse(request.params);
    if (!params.success) {
      return reply.callNotFound();
    }
    return showRequests(request, reply, params.data.id);
  });

  /**
   * A form post that either does what it asks and moves on, or shows the same page again with the
   * service's reasons in a GOV.UK error summary; nothing is written on the way back.
   */
  function formPost(
    path: string,
    run: (request: FastifyRequest, id: string, form: Form) => Promise<string>,
    show: (request: FastifyRequest, reply: FastifyReply, id: string, form: Form, errors: ReturnType<typeof formErrors>) => Promise<unknown>,
    fallbackField: string,
  ) {
    app.post(path, { preHandler: requireSignedIn, preValidation: app.csrfProtection }, async (request, reply) => {
      const params = IdParams.safeParse(request.params);
      if (!params.success) {
        return reply.callNotFound();
      }
      const form = (request.body ?? {}) as Form;
      try {
        return reply.redirect(await run(request, params.data.id, form), 303);
      } catch (error) {
        if (isAppError(error) && error.code !== ErrorCode.NOT_FOUND) {
          return show(request, reply, params.data.id, form, formErrors(error.fields, { field: fallbackField, message: error.message }));
        }
        throw error;
      }
    });
  }

  formPost(
    '/referrals/:id/information-requests',
    async (request, id, form) => {
      await services.informationSharing.sendRequests(pageActor(request), id, {
        agencyIds: many(form, 'agencyIds'),
        question: one(form, 'question'),
        ...basisOf(form),
      });
      return `/referrals/${id}/information-requests`;
    },
    showRequests,
    'agencyIds',
  );

  async function showReturn(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    form: Form = {},
    errors?: ReturnType<typeof formErrors>,
  ) {
    const actor = pageActor(request);
    const item = await services.informationSharing.getRequest(actor, id);
    return renderPage(request, reply.code(errors ? 400 : 200), 'mash/return.njk', {
      pageTitle: `Record the return from ${item.agencyName}`,
      request: requestView(item, true),
      back: hasPermission(actor, Permission.triageReferrals)
        ? `/referrals/${item.referralId}/information-requests`
        : '/information-requests',
      form,
      errors,
      ...basisItems(form),
    });
  }

  app.get('/information-requests', { preHandler: requireSignedIn }, async (request, reply) => {
    const actor = pageActor(request);
    const requests = await services.informationSharing.listOpenForMyAgency(actor);
    const agencies = await services.agencies.listAgencies(actor.partnershipId ?? undefined);
    return renderPage(request, reply, 'mash/my-requests.njk', {
      pageTitle: 'Information requests for your agency',
      agencyName: agencies.find((agency) => agency.id === actor.agencyId)?.name ?? 'your agency',
      requests: requests.map((item) => requestView(item, true)),
    });
  });

  app.get('/information-requests/:id/return', { preHandler: requireSignedIn }, async (request, reply) => {
    const params = IdParams.safeParse(request.params);
    if (!params.success) {
      return reply.callNotFound();
    }
    return showReturn(request, reply, params.data.id);
  });

  formPost(
    '/information-requests/:id/return',
    async (request, id, form) => {
      const actor = pageActor(request);
      const item = await services.informationSharing.recordReturn(actor, id, {
        outcome: one(form, 'outcome') as 'returned',
        summary: one(form, 'summary') || undefined,
        declinedReason: one(form, 'declinedReason') || undefined,
        ...basisOf(form),
      });
      return hasPermission(actor, Permission.triageReferrals)
        ? `/referrals/${item.referralId}/information-requests`
        : '/information-requests';
    },
    showReturn,
    'outcome',
  );
}
