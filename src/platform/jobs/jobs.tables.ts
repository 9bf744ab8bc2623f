import type { Generated } from 'kysely';

export interface JobTable {
  id: string;
  kind: string;
  payload: string;
  due_at: Date;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_until: Date | null;
  done_at: Date | null;
  failed_at: Date | null;
  last_error: string | null;
  created_at: Date;
}

export interface JobsTables {
  job: JobTable;
}
