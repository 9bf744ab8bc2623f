import { systemActor } from '../platform/access/actor.ts';
import { newId } from '../platform/ids.ts';
import type { TestContext } from './test-context.ts';

/**
 * A referral already decided for a strategy discussion, written straight into the referral tables so
 * strategy stories need not walk the whole front door. The receiving team gets a basis for each subject,
 * as creating a referral does.
 */
export async function decidedReferral(
  context: TestContext,
  options: { kind: 'child' | 'adult'; team: string; personIds: string[]; receivedAt: string; route?: string },
): Promise<string> {
  const db = context.handle.db;
  const team = await db.selectFrom('team').select(['id']).where('name', '=', options.team).executeTakeFirstOrThrow();
  const partnership = await db.selectFrom('partnership').select('id').executeTakeFirstOrThrow();
  const id = newId();
  const receivedAt = new Date(options.receivedAt);
  const route = options.route ?? 'strategy_discussion';
  await db
    .insertInto('referral')
    .values({
      id,
      partnership_id: partnership.id,
      kind: options.kind,
      status: 'decided',
      received_at: receivedAt,
      receiving_team_id: team.id,
      concern: 'Fictional concern for a test story',
      decision_route: route,
      route,
      decided_at: receivedAt,
      decision_rationale: 'Fictional rationale',
      created_at: receivedAt,
      updated_at: receivedAt,
    })
    .execute();
  await db
    .insertInto('referral_subject')
    .values(
      options.personIds.map((personId, position) => ({ referral_id: id, person_id: personId, role: 'subject', position, consent: null })),
    )
    .execute();
  for (const personId of options.personIds) {
    await context.services.access.recordInvolvement(systemActor('test'), {
      personId,
      kind: 'allocated_team',
      teamId: team.id,
      sourceType: 'referral',
      sourceId: id,
    });
  }
  return id;
}

export async function teamId(context: TestContext, name: string): Promise<string> {
  return (await context.handle.db.selectFrom('team').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
}

/** The three core agencies, and one more, at a children's strategy discussion. */
export const FULL_ATTENDANCE = [
  { name: 'Marcus Bell', agencyType: 'local_authority', agencyName: 'Northshire Children’s Services', role: 'MASH social worker' },
  { name: 'Tom Fletcher', agencyType: 'police', agencyName: 'Northshire Police', role: 'Detective constable' },
  { name: 'Aisha Rahman', agencyType: 'health', agencyName: 'Northshire Community Health', role: 'Health visitor' },
  { name: 'Hannah Reid', agencyType: 'education', agencyName: 'Ashford Primary School', role: 'Designated safeguarding lead' },
] as const;
