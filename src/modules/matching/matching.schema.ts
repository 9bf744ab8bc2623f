import { z } from 'zod';
import { COMPARISONS } from './engine/comparisons.ts';
import type { ModelParameters } from './engine/model.ts';

const Probability = z.number().min(0).max(1);
const Levels = z.object({ m: z.array(Probability).min(2), u: z.array(Probability).min(2) });
const TermTable = z.object({ values: z.record(z.string(), Probability), floor: Probability });

/** A model read from a file or the database: checked, so a damaged one is refused rather than used. */
export const ModelParametersSchema = z
  .object({
    version: z.literal(1),
    prior: Probability.refine((value) => value > 0 && value < 1, 'the prior must be between 0 and 1'),
    comparisons: z.object(
      Object.fromEntries(COMPARISONS.map((comparison) => [comparison.key, Levels])) as Record<
        (typeof COMPARISONS)[number]['key'],
        typeof Levels
      >,
    ),
    termFrequencies: z.object({ forename: TermTable.optional(), surname: TermTable.optional(), postcode: TermTable.optional() }),
    thresholds: z
      .object({ autoLink: Probability, review: Probability })
      .refine((value) => value.review <= value.autoLink, 'the review threshold must not be above the auto-link threshold'),
    trainedOn: z.object({ records: z.number(), pairs: z.number(), labelledPairs: z.number(), at: z.string(), note: z.string() }).optional(),
  })
  .superRefine((value, context) => {
    for (const comparison of COMPARISONS) {
      const levels = value.comparisons[comparison.key];
      if (levels.m.length !== comparison.levels.length || levels.u.length !== comparison.levels.length) {
        context.addIssue({
          code: 'custom',
          path: ['comparisons', comparison.key],
          message: `${comparison.label} needs ${comparison.levels.length} levels`,
        });
      }
    }
  });

export function parseModelParameters(value: unknown): ModelParameters {
  return ModelParametersSchema.parse(value) as ModelParameters;
}

export interface ModelLevelSummary {
  key: string;
  label: string;
  m: number;
  u: number;
  weight: number;
}

/** The model as the model page and the API show it: every level's m, u and weight. */
export interface ModelSummary {
  source: 'default' | 'partnership';
  note: string;
  createdAt: Date | null;
  prior: number;
  thresholds: { autoLink: number; review: number };
  comparisons: { key: string; label: string; levels: ModelLevelSummary[] }[];
  trainedOn: NonNullable<ModelParameters['trainedOn']> | null;
}

/** Two records described by hand, for "why would these two match?" (API). */
const ComparedRecord = z.object({
  forename: z.string().max(100).optional(),
  surname: z.string().max(100).optional(),
  dob: z.string().max(10).optional(),
  sex: z.string().max(20).optional(),
  postcode: z.string().max(10).optional(),
  address: z.string().max(200).optional(),
  nhsNumber: z.string().max(20).optional(),
});

export const CompareRecordsInput = z.object({ left: ComparedRecord, right: ComparedRecord });
export type CompareRecordsInput = z.infer<typeof CompareRecordsInput>;
