import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/authenticate.ts';
import { problemResponses } from '../../http/schemas.ts';
import type { Services } from '../../services.ts';
import { GUARDS } from './engine/model.ts';
import { CompareRecordsInput } from './matching.schema.ts';

const Level = z.object({ key: z.string(), label: z.string(), m: z.number(), u: z.number(), weight: z.number() });

export const FieldEvidenceResponse = z.object({
  comparison: z.string(),
  field: z.string(),
  level: z.number().int().describe('-1 when the field is not on both records'),
  levelKey: z.string(),
  weight: z.number().describe('What this field adds to the match weight, in bits (log2 of m/u)'),
  left: z.string().optional(),
  right: z.string().optional(),
  other: z.boolean().optional(),
  swapped: z.boolean().optional(),
  termAdjustment: z.number().optional(),
  words: z.string().describe('The same in a sentence a practitioner can check'),
});

export const PairScoreResponse = z.object({
  weight: z.number(),
  probability: z.number(),
  decision: z.enum(['link', 'review', 'none']),
  guard: z.enum(GUARDS).optional(),
  summary: z.string(),
  fields: z.array(FieldEvidenceResponse),
});

export async function matchingRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Identity resolution'];

  api.get(
    '/model',
    {
      schema: {
        tags,
        summary: 'The partnership’s matching model: every comparison level’s m, u and weight, and the thresholds',
        response: {
          200: z.object({
            source: z.enum(['default', 'partnership']),
            note: z.string(),
            createdAt: z.date().nullable(),
            prior: z.number(),
            thresholds: z.object({ autoLink: z.number(), review: z.number() }),
            trainedOn: z
              .object({ records: z.number(), pairs: z.number(), labelledPairs: z.number(), at: z.string(), note: z.string() })
              .nullable(),
            comparisons: z.array(z.object({ key: z.string(), label: z.string(), levels: z.array(Level) })),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => services.matching.summary(actorOf(request)),
  );

  api.post(
    '/compare',
    {
      schema: {
        tags,
        summary: 'How two records described by hand would score, field by field, with the reasons in words',
        body: CompareRecordsInput,
        response: { 200: PairScoreResponse, ...problemResponses },
      },
    },
    async (request) => services.matching.compare(actorOf(request), request.body),
  );
}
