import type { Actor } from '../../platform/access/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Tx } from '../../platform/database/transaction.ts';
import { parseInput } from '../../platform/validation.ts';
import * as repository from './work.repository.ts';
import { OpenWorkItemInput, type WorkItem, type WorkKind } from './work.schema.ts';

/**
 * Opens a clock's work item inside the caller's transaction, so the item exists exactly when the
 * record that started the clock does. Opening the same reference and kind twice returns the open one.
 */
export async function openWorkItem(tx: Tx, clock: Clock, rawInput: OpenWorkItemInput): Promise<WorkItem> {
  const input = parseInput(OpenWorkItemInput, rawInput);
  return repository.insertOpenItem(tx, input, clock.now());
}

/** Closes the open items for a reference (of one kind, or all), in the transaction that stops the clock. */
export async function closeWorkItems(
  tx: Tx,
  clock: Clock,
  actor: Actor,
  input: { referenceType: string; referenceId: string; kind?: WorkKind; outcome: string },
): Promise<WorkItem[]> {
  return repository.completeOpenItems(tx, { ...input, at: clock.now(), by: actor.label });
}

export function createWorkService(db: Db, clock: Clock) {
  return { db, clock };
}

export type WorkService = ReturnType<typeof createWorkService>;
