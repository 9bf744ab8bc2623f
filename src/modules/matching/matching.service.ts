import type { Actor } from '../../platform/access/actor.ts';
import { recordAuditEvent } from '../../platform/audit-trail/record-audit-event.ts';
import type { Clock } from '../../platform/clock.ts';
import { type Db, withTransaction } from '../../platform/database/transaction.ts';
import { AppError, ErrorCode } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import { COMPARISONS } from './engine/comparisons.ts';
import { DEFAULT_MODEL } from './engine/default-model.ts';
import { MatchModel, type ModelParameters, type PairScore, weightOf } from './engine/model.ts';
import { prepareRecord } from './engine/record.ts';
import { assertCanChangeModel, canReadModel } from './matching.policy.ts';
import * as repository from './matching.repository.ts';
import { CompareRecordsInput, type ModelSummary, parseModelParameters } from './matching.schema.ts';

/**
 * A model is read on every duplicate check, so it is kept in memory; a replacement made by another
 * process is picked up within this many milliseconds.
 */
const CACHE_MS = 60_000;

interface Cached {
  model: MatchModel;
  stored?: repository.StoredModel | undefined;
  loadedAt: number;
}

export function createMatchingService(db: Db, clock: Clock) {
  const cache = new Map<string, Cached>();

  async function load(partnershipId: string | null): Promise<Cached> {
    const key = partnershipId ?? '';
    const cached = cache.get(key);
    if (cached && clock.now().getTime() - cached.loadedAt < CACHE_MS) {
      return cached;
    }
    const stored = partnershipId ? await repository.latestModel(db, partnershipId) : undefined;
    const model = new MatchModel(stored ? parseModelParameters(JSON.parse(stored.parameters)) : DEFAULT_MODEL);
    const fresh = { model, stored, loadedAt: clock.now().getTime() };
    cache.set(key, fresh);
    return fresh;
  }

  return {
    /** The partnership's newest model, or the default until it has trained one. */
    async model(partnershipId: string | null): Promise<MatchModel> {
      return (await load(partnershipId)).model;
    },

    /** Replaces the partnership's model (every version is kept); audited. */
    async saveModel(actor: Actor, partnershipId: string, parameters: ModelParameters, note: string): Promise<string> {
      assertCanChangeModel(actor);
      let checked: ModelParameters;
      try {
        checked = parseModelParameters(parameters);
      } catch (error) {
        throw new AppError(ErrorCode.VALIDATION, `The model is not valid: ${error instanceof Error ? error.message : String(error)}`);
      }
      const id = newId();
      await withTransaction(db, async (tx) => {
        await repository.insertModel(tx, {
          id,
          partnershipId,
          parameters: JSON.stringify(checked),
          note,
          createdBy: actor.label,
          createdAt: clock.now(),
        });
        await recordAuditEvent(tx, actor, clock, {
          action: 'matching.model-replaced',
          subjectType: 'match_model',
          subjectId: id,
          details: { note, records: checked.trainedOn?.records ?? null, labelledPairs: checked.trainedOn?.labelledPairs ?? null },
        });
      });
      cache.delete(partnershipId);
      return id;
    },

    /** Every level's m, u and weight, and where the figures came from. */
    async summary(actor: Actor): Promise<ModelSummary> {
      if (!canReadModel(actor)) {
        throw new AppError(ErrorCode.FORBIDDEN, 'Sign in to a partnership to see its matching model');
      }
      const { model, stored } = await load(actor.partnershipId);
      const parameters = model.parameters;
      return {
        source: stored ? 'partnership' : 'default',
        note: stored?.note ?? 'The built-in starting model: this partnership has not trained its own yet.',
        createdAt: stored?.createdAt ?? null,
        prior: parameters.prior,
        thresholds: parameters.thresholds,
        trainedOn: parameters.trainedOn ?? null,
        comparisons: COMPARISONS.map((comparison) => {
          const { m, u } = parameters.comparisons[comparison.key];
          return {
            key: comparison.key,
            label: comparison.label,
            levels: comparison.levels.map((level, index) => ({
              key: level.key,
              label: level.label,
              m: m[index] ?? 0,
              u: u[index] ?? 0,
              weight: weightOf(0.5) + Math.log2(Math.max(m[index] ?? 0, 1e-6) / Math.max(u[index] ?? 0, 1e-6)),
            })),
          };
        }),
      };
    },

    /** How two records described by hand would score, field by field: for checking the model's reasoning. */
    async compare(actor: Actor, rawInput: CompareRecordsInput): Promise<PairScore> {
      if (!canReadModel(actor)) {
        throw new AppError(ErrorCode.FORBIDDEN, 'Sign in to a partnership to compare records');
      }
      const input = parseInput(CompareRecordsInput, rawInput);
      const { model } = await load(actor.partnershipId);
      return model.score(prepareRecord({ id: 'left', ...input.left }), prepareRecord({ id: 'right', ...input.right }));
    },
  };
}

export type MatchingService = ReturnType<typeof createMatchingService>;
