import fs from 'node:fs';
import { z } from 'zod';
import { COMPARISONS } from '../engine/comparisons.ts';
import type { ModelParameters } from '../engine/model.ts';
import { writeAtomically } from './csv-output.ts';
import { BatchInputError } from './mapping.ts';

/**
 * Saved models (`--save-model`, `--model`): the ModelParameters as JSON. A file is checked level by
 * level on loading, because a model with a missing or out-of-range figure would score silently wrong.
 */
const probability = z.number().min(0).max(1);

const termTable = z.object({ values: z.record(z.string(), z.number().min(0).max(1)), floor: z.number().min(0).max(1) });

const comparisonsSchema = z.object(
  Object.fromEntries(
    COMPARISONS.map((comparison) => {
      const levels = z.array(probability).length(comparison.levels.length);
      return [comparison.key, z.object({ m: levels, u: levels })];
    }),
  ),
);

const modelSchema = z.object({
  version: z.literal(1),
  prior: z.number().gt(0).lt(1),
  comparisons: comparisonsSchema,
  termFrequencies: z.object({ forename: termTable.optional(), surname: termTable.optional(), postcode: termTable.optional() }),
  thresholds: z.object({ autoLink: z.number().gt(0).lt(1), review: z.number().gt(0).lt(1) }),
  trainedOn: z.object({ records: z.number(), pairs: z.number(), labelledPairs: z.number(), at: z.string(), note: z.string() }).optional(),
});

export async function loadModelFile(file: string): Promise<ModelParameters> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BatchInputError(`Cannot read --model ${file}: ${code === 'ENOENT' ? 'there is no such file' : (code ?? String(error))}.`, {
      usage: true,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BatchInputError(`--model ${file} is not JSON; give a file written by --save-model.`, { usage: false });
  }
  const result = modelSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(top)'}: ${issue.message}`);
    throw new BatchInputError(`--model ${file} is not a saved match model (${problems.join('; ')}).`, { usage: false });
  }
  return result.data as ModelParameters;
}

export function saveModelFile(file: string, model: ModelParameters): Promise<void> {
  return writeAtomically(file, [`${JSON.stringify(model, null, 2)}\n`]);
}
