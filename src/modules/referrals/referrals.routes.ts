import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/authenticate.ts';
import { IdParams, problemResponses } from '../../http/schemas.ts';
import type { Services } from '../../services.ts';
import { RATINGS } from './referrals.schema.ts';
import { REFERRAL_KINDS, REFERRAL_STATUSES, ROUTES } from './referrals.workflow.ts';

const SummaryResponse = z.object({
  id: z.uuid(),
  kind: z.enum(REFERRAL_KINDS),
  status: z.enum(REFERRAL_STATUSES),
  receivedAt: z.date().nullable(),
  receivingTeamId: z.uuid().nullable(),
  partnershipId: z.uuid(),
  subjectPersonIds: z.array(z.uuid()),
  rating: z.enum(RATINGS).nullable(),
  ratingDueAt: z.date().nullable(),
  decisionDueAt: z.date().nullable(),
  decisionRoute: z.enum(ROUTES).nullable(),
  route: z.enum(ROUTES).nullable(),
  decidedAt: z.date().nullable(),
  version: z.number().int(),
});

export async function referralsRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Referrals'];

  api.get(
    '/referrals/:id/summary',
    {
      schema: {
        tags,
        summary: 'The state of one referral you may see',
        params: IdParams,
        response: { 200: SummaryResponse, ...problemResponses },
      },
    },
    async (request) => services.referrals.getReferralSummary(actorOf(request), request.params.id),
  );
}
