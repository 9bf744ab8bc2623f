export interface NotificationTable {
  id: string;
  recipient_user_id: string;
  kind: string;
  reference_type: string;
  reference_id: string;
  created_at: Date;
  read_at: Date | null;
}

export interface NotificationsTables {
  notification: NotificationTable;
}
