import type { Actor } from '../../platform/access/actor.ts';
import { canUseCaseRecords } from '../access/index.ts';

/**
 * Recording relationships, households and whether adults have been seen is case work: it needs
 * case-record rights. Which person or household may be worked on is decided by the visibility rule
 * inside the repository's queries (the actor must be able to open the record they are working in).
 */
export function canRecordFamily(actor: Actor): boolean {
  return canUseCaseRecords(actor) && actor.partnershipId !== null;
}

/**
 * How a related person appears on the family page of someone the reader may open (ADR 0011): by
 * name and age even when the reader cannot open their own record, because the adults around a
 * child are part of the child's record — except a restricted record the reader cannot open, which
 * shows no name, age or id.
 */
export function relatedPersonDisclosure(facts: { visible: boolean; isRestricted: boolean }): 'full' | 'name-and-age' | 'restricted' {
  if (facts.visible) {
    return 'full';
  }
  return facts.isRestricted ? 'restricted' : 'name-and-age';
}
