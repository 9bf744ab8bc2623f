import type { Expression, ExpressionBuilder, Insertable, Selectable, SqlBool } from 'kysely';
import type { Database } from '../../platform/database/tables.ts';
import type { Db, Tx } from '../../platform/database/transaction.ts';
import type { InformationRequestTable, InformationSharingDecisionTable } from './information-sharing.tables.ts';

type Executor = Db | Tx;
type RequestFilter = (eb: ExpressionBuilder<Database, 'information_request'>) => Expression<SqlBool>;
type DecisionFilter = (eb: ExpressionBuilder<Database, 'information_sharing_decision'>) => Expression<SqlBool>;

export type RequestRow = Selectable<InformationRequestTable> & { agency_name: string };
export type DecisionRow = Selectable<InformationSharingDecisionTable> & { with_agency_name: string; decided_by_agency_name: string };

export async function insertDecision(tx: Tx, row: Insertable<InformationSharingDecisionTable>): Promise<void> {
  await tx.insertInto('information_sharing_decision').values(row).execute();
}

export async function insertRequest(tx: Tx, row: Omit<InformationRequestTable, 'version'>): Promise<void> {
  await tx.insertInto('information_request').values(row).execute();
}

export async function openRequestExists(executor: Executor, referralId: string, agencyId: string): Promise<boolean> {
  const row = await executor
    .selectFrom('information_request')
    .select('id')
    .where('referral_id', '=', referralId)
    .where('agency_id', '=', agencyId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return row !== undefined;
}

function requestQuery(executor: Executor, visible: RequestFilter) {
  return executor
    .selectFrom('information_request')
    .innerJoin('agency', 'agency.id', 'information_request.agency_id')
    .selectAll('information_request')
    .select('agency.name as agency_name')
    .where(visible);
}

export async function findRequest(
  executor: Executor,
  visible: RequestFilter,
  id: string,
  forUpdate = false,
): Promise<RequestRow | undefined> {
  const query = requestQuery(executor, visible).where('information_request.id', '=', id);
  return (forUpdate ? query.forUpdate('information_request') : query).executeTakeFirst();
}

export async function listRequestsForReferral(executor: Executor, visible: RequestFilter, referralId: string): Promise<RequestRow[]> {
  return requestQuery(executor, visible)
    .where('information_request.referral_id', '=', referralId)
    .orderBy('information_request.requested_at')
    .orderBy('agency.name')
    .execute();
}

export async function listOpenRequestsForAgency(executor: Executor, visible: RequestFilter, agencyId: string): Promise<RequestRow[]> {
  return requestQuery(executor, visible)
    .where('information_request.agency_id', '=', agencyId)
    .where('information_request.status', '=', 'open')
    .orderBy('information_request.due_at')
    .limit(200)
    .execute();
}

export async function closeRequest(
  tx: Tx,
  id: string,
  values: Pick<
    InformationRequestTable,
    'status' | 'returned_at' | 'returned_by' | 'returned_by_label' | 'return_summary' | 'declined_reason' | 'return_decision_id'
  >,
): Promise<void> {
  await tx
    .updateTable('information_request')
    .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

export async function listDecisions(
  executor: Executor,
  visible: DecisionFilter,
  where: { referralId?: string; personId?: string },
): Promise<DecisionRow[]> {
  let query = executor
    .selectFrom('information_sharing_decision')
    .innerJoin('agency as with_agency', 'with_agency.id', 'information_sharing_decision.with_agency_id')
    .innerJoin('agency as by_agency', 'by_agency.id', 'information_sharing_decision.decided_by_agency_id')
    .selectAll('information_sharing_decision')
    .select(['with_agency.name as with_agency_name', 'by_agency.name as decided_by_agency_name'])
    .where(visible);
  if (where.referralId) {
    query = query.where('information_sharing_decision.referral_id', '=', where.referralId);
  }
  if (where.personId) {
    query = query.where('information_sharing_decision.person_id', '=', where.personId);
  }
  return query.orderBy('information_sharing_decision.decided_at').limit(500).execute();
}

export async function findDecision(executor: Executor, visible: DecisionFilter, id: string): Promise<DecisionRow | undefined> {
  return executor
    .selectFrom('information_sharing_decision')
    .innerJoin('agency as with_agency', 'with_agency.id', 'information_sharing_decision.with_agency_id')
    .innerJoin('agency as by_agency', 'by_agency.id', 'information_sharing_decision.decided_by_agency_id')
    .selectAll('information_sharing_decision')
    .select(['with_agency.name as with_agency_name', 'by_agency.name as decided_by_agency_name'])
    .where(visible)
    .where('information_sharing_decision.id', '=', id)
    .executeTakeFirst();
}

/** The MASH partners a request may go to: agencies of these kinds in the partnership. */
export async function listPartnerAgencies(executor: Executor, partnershipId: string, kinds: readonly string[]) {
  return executor
    .selectFrom('agency')
    .select(['id', 'name', 'kind'])
    .where('partnership_id', '=', partnershipId)
    .where('kind', 'in', [...kinds])
    .orderBy('name')
    .execute();
}
