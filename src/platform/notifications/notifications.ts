import type { Db, Tx } from '../database/transaction.ts';
import { newId } from '../ids.ts';

export interface Notification {
  id: string;
  kind: string;
  referenceType: string;
  referenceId: string;
  createdAt: Date;
  readAt: Date | null;
}

/**
 * Notifications carry a reference only, never case content (as NHS Spine privacy alerts do): the
 * recipient follows the reference and is access-checked there. Written in the caller's transaction
 * so an alert exists exactly when the thing it reports does.
 */
export async function notify(
  tx: Tx,
  input: { recipientUserIds: string[]; kind: string; referenceType: string; referenceId: string; now: Date },
): Promise<void> {
  const recipients = [...new Set(input.recipientUserIds)];
  if (recipients.length === 0) {
    return;
  }
  await tx
    .insertInto('notification')
    .values(
      recipients.map((recipient) => ({
        id: newId(),
        recipient_user_id: recipient,
        kind: input.kind,
        reference_type: input.referenceType,
        reference_id: input.referenceId,
        created_at: input.now,
        read_at: null,
      })),
    )
    .execute();
}

export async function listNotifications(db: Db, userId: string, limit = 50): Promise<Notification[]> {
  const rows = await db
    .selectFrom('notification')
    .selectAll()
    .where('recipient_user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    referenceType: row.reference_type,
    referenceId: row.reference_id,
    createdAt: row.created_at,
    readAt: row.read_at,
  }));
}
