// The live duplicate check (identity resolution at creation and intake) finds stored candidates with
// the batch blocking rules, in SQL, on a million people in milliseconds. Expression indexes rather
// than a table of blocking keys: nothing to keep in step when a name, date or address changes.
// Already indexed before this: identifier values and postcodes.
// Frozen once released: add a new migration rather than editing this one.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    // Given and family names that sound the same, either way round: one index answers both orders.
    // person_id is carried so that the candidates come from the index alone.
    sql`create index person_name_sounds on person_name
      (dmetaphone(family_name), dmetaphone(split_part(lower(given_name), ' ', 1))) include (person_id)`,
    // A family name that sounds the same and the same year of birth: a range within one sound.
    sql`create index person_family_sound_dob on person (partnership_id, dmetaphone(family_name), date_of_birth) include (id)`,
    // The same date of birth: carrying the id answers from the index alone (a day holds dozens of
    // people in a million); it replaces the narrower index, which served the same searches.
    sql`create index person_partnership_dob_id on person (partnership_id, date_of_birth) include (id)`,
    sql`drop index person_partnership_dob`,
    // Candidates are loaded with their other names; most people have none, and without this the
    // check would visit every candidate's legal name row to learn that.
    sql`create index person_name_other_person on person_name (person_id) where kind <> 'legal'`,
  ];
  for (const statement of statements) {
    await statement.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists person_name_other_person`.execute(db);
  await sql`create index if not exists person_partnership_dob on person (partnership_id, date_of_birth)`.execute(db);
  await sql`drop index if exists person_partnership_dob_id`.execute(db);
  await sql`drop index if exists person_family_sound_dob`.execute(db);
  await sql`drop index if exists person_name_sounds`.execute(db);
}
