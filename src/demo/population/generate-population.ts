import { type Faker, fakerEN_GB } from '@faker-js/faker';
import { sql } from 'kysely';
import { systemActor } from '../../platform/access/actor.ts';
import { recordAuditEvent } from '../../platform/audit-trail/record-audit-event.ts';
import type { Clock } from '../../platform/clock.ts';
import { type Db, type Tx, withTransaction } from '../../platform/database/transaction.ts';

/**
 * A fictional population at scale, for benchmarks and load tests: families in households, their
 * relationships, addresses, NHS numbers, agency involvement and multi-agency chronologies.
 *
 * This is the one sanctioned bulk writer (see src/architecture.test.ts): a million people through the
 * services would take hours, so rows are built here and sent as column arrays (`unnest`), a chunk of
 * families per transaction. It never touches real data: it only adds new, invented people, and records
 * one audit event per chunk saying so.
 */
export interface PopulationOptions {
  partnershipId: string;
  people: number;
  /** Average chronology entries per person (the benchmark uses 10). */
  entriesPerPerson: number;
  seed: number;
  /** Families per transaction. */
  chunkFamilies?: number;
  onProgress?: (people: number, entries: number) => void;
}

export interface PopulationResult {
  people: number;
  families: number;
  entries: number;
}

interface Agency {
  id: string;
  kind: string;
}

const SUMMARIES: Record<string, string[]> = {
  incident: ['Neighbour reported shouting and a child crying late at night.', 'Injury reported at nursery; explanation inconsistent.'],
  police_callout: [
    'Police attended a verbal argument between adults; children present upstairs.',
    'Call-out to a report of domestic abuse; no arrests.',
  ],
  ae_attendance: ['Attended A&E with a head injury after a fall at home.', 'Seen in A&E with a burn to the hand; discharged.'],
  home_visit: [
    'Home visit: home cluttered, little food in the kitchen, children seen.',
    'Home visit: warm and tidy; child seen and spoken to alone.',
  ],
  appointment_attended: ['Attended the developmental review; growth on the 25th centile.', 'Attended the GP appointment with mother.'],
  appointment_missed: ['Was not brought to the health review.', 'Missed the outpatient appointment; letter sent.'],
  school_attendance: ['Attendance 82% this half term; frequently late.', 'Absent for three days without explanation.'],
  school_exclusion: ['Fixed-term exclusion for two days after a fight.', 'Suspended for one day after verbal abuse of staff.'],
  disclosure: ['Told a teacher that "Mum’s boyfriend shouts at us".', 'Said she does not like going home at weekends.'],
  missing_episode: ['Reported missing overnight; returned the next morning.', 'Missing for six hours; found in the town centre.'],
  assessment: ['Child and family assessment started.', 'Early help assessment completed with the family.'],
  meeting: ['Team around the family meeting held; school, health and housing attended.', 'Core group meeting held.'],
  decision: ['Decision: no further action at this time.', 'Decision: step down to early help.'],
  referral: ['Referral received from the school about neglect.', 'Referral from police following a domestic incident.'],
  plan: ['Child in need plan agreed.', 'Safety plan agreed with mother.'],
  other: ['Housing reported rent arrears and a notice to quit.', 'Letter received from the family’s solicitor.'],
};
const CATEGORIES = Object.keys(SUMMARIES);

/** An NHS number in the 999 test range with a valid modulus-11 check digit, or undefined for an impossible one. */
export function nhsNumberFromSerial(serial: number): string | undefined {
  const body = `999${String(serial).padStart(6, '0')}`;
  const sum = [...body].reduce((total, digit, index) => total + Number(digit) * (10 - index), 0);
  const check = 11 - (sum % 11);
  if (check === 10) {
    return undefined;
  }
  return `${body}${check === 11 ? 0 : check}`;
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

class Columns {
  private readonly columns: Record<string, unknown[]> = {};
  constructor(private readonly names: string[]) {
    for (const name of names) {
      this.columns[name] = [];
    }
  }
  push(row: Record<string, unknown>): void {
    for (const name of this.names) {
      (this.columns[name] as unknown[]).push(row[name] ?? null);
    }
  }
  get length(): number {
    return (this.columns[this.names[0] as string] as unknown[]).length;
  }
  async insert(tx: Tx, table: string, types: Record<string, string>): Promise<void> {
    if (this.length === 0) {
      return;
    }
    const arrays = this.names.map((name) => sql`${this.columns[name]}::${sql.raw(types[name] ?? 'text')}[]`);
    await sql`insert into ${sql.table(table)} (${sql.join(this.names.map((name) => sql.id(name)))})
      select * from unnest(${sql.join(arrays)})`.execute(tx);
  }
}

export async function generatePopulation(db: Db, clock: Clock, options: PopulationOptions): Promise<PopulationResult> {
  const faker: Faker = fakerEN_GB;
  faker.seed(options.seed);
  const agencies = (
    await sql<Agency>`select id, kind from agency where partnership_id = ${options.partnershipId} and kind <> 'partnership_business_unit'`.execute(
      db,
    )
  ).rows;
  const author = (
    await sql<{ id: string; display_name: string }>`select u.id, u.display_name from app_user u join agency a on a.id = u.agency_id
      where a.partnership_id = ${options.partnershipId} order by u.created_at limit 1`.execute(db)
  ).rows[0];
  if (agencies.length === 0 || !author) {
    throw new Error('The partnership needs agencies and at least one user before a population can be generated');
  }
  const childrens = agencies.find((agency) => agency.kind === 'children_social_care') ?? (agencies[0] as Agency);
  let nhsSerial = Number(
    (
      await sql<{
        n: string;
      }>`select count(*) as n from person_identifier where partnership_id = ${options.partnershipId} and kind = 'nhs_number'`.execute(db)
    ).rows[0]?.n ?? 0,
  );
  const now = clock.now();
  const nowMs = now.getTime();
  const chunkFamilies = options.chunkFamilies ?? 500;
  const result: PopulationResult = { people: 0, families: 0, entries: 0 };
  const actor = systemActor('generate');

  while (result.people < options.people) {
    const people = new Columns([
      'id',
      'partnership_id',
      'given_name',
      'family_name',
      'date_of_birth',
      'kind',
      'sex',
      'created_by',
      'created_at',
      'updated_at',
    ]);
    const identifiers = new Columns(['id', 'person_id', 'partnership_id', 'kind', 'value', 'recorded_by', 'recorded_at']);
    const addresses = new Columns(['id', 'person_id', 'line1', 'town', 'postcode', 'valid_from', 'recorded_by', 'recorded_at']);
    const households = new Columns(['id', 'partnership_id', 'label', 'postcode', 'created_by', 'created_at']);
    const members = new Columns([
      'id',
      'household_id',
      'person_id',
      'role',
      'starts_on',
      'seen_on',
      'assessed_on',
      'recorded_by',
      'recorded_at',
    ]);
    const relationships = new Columns([
      'id',
      'partnership_id',
      'person_id',
      'related_person_id',
      'kind',
      'starts_on',
      'has_parental_responsibility',
      'recorded_by',
      'recorded_at',
    ]);
    const bases = new Columns(['id', 'person_id', 'kind', 'agency_id', 'starts_at', 'created_at', 'reason']);
    const entries = new Columns([
      'id',
      'partnership_id',
      'occurred_at',
      'occurred_at_is_approximate',
      'time_is_known',
      'recorded_at',
      'source_agency_id',
      'author_user_id',
      'author_label',
      'category',
      'summary',
      'nature',
      'significance',
      'sensitivity',
    ]);
    const links = new Columns(['entry_id', 'person_id', 'occurred_at']);

    for (let family = 0; family < chunkFamilies && result.people < options.people; family += 1) {
      const familyName = faker.person.lastName();
      const postcode = `NS${faker.number.int({ min: 1, max: 29 })} ${faker.number.int({ min: 1, max: 9 })}${faker.string.alpha({ length: 2, casing: 'upper', exclude: ['C', 'I', 'K', 'M', 'O', 'V'] })}`;
      const street = `${faker.number.int({ min: 1, max: 180 })} ${faker.location.street()}`;
      const town = faker.helpers.arrayElement(['Northbridge', 'Ashford Vale', 'Millbrook', 'Riverside', 'Eastmere']);
      const householdId = crypto.randomUUID();
      households.push({
        id: householdId,
        partnership_id: options.partnershipId,
        label: `${familyName} household, ${street}`,
        postcode,
        created_by: author.id,
        created_at: now,
      });
      const familyMembers: Array<{ id: string; adult: boolean; born: Date }> = [];
      const addPerson = (sex: 'female' | 'male', born: Date, adult: boolean, lastName = familyName) => {
        const id = crypto.randomUUID();
        people.push({
          id,
          partnership_id: options.partnershipId,
          given_name: faker.person.firstName(sex),
          family_name: lastName,
          date_of_birth: isoDate(born),
          kind: adult ? 'adult' : 'child',
          sex,
          created_by: author.id,
          created_at: now,
          updated_at: now,
        });
        addresses.push({
          id: crypto.randomUUID(),
          person_id: id,
          line1: street,
          town,
          postcode,
          valid_from: isoDate(faker.date.past({ years: 6, refDate: now })),
          recorded_by: author.id,
          recorded_at: now,
        });
        if (!adult) {
          const nhs = nhsNumberFromSerial(nhsSerial++) ?? nhsNumberFromSerial(nhsSerial++);
          if (nhs && nhsSerial < 1_000_000) {
            identifiers.push({
              id: crypto.randomUUID(),
              person_id: id,
              partnership_id: options.partnershipId,
              kind: 'nhs_number',
              value: nhs,
              recorded_by: author.id,
              recorded_at: now,
            });
          }
        }
        familyMembers.push({ id, adult, born });
        result.people += 1;
        return id;
      };
      const motherBorn = faker.date.birthdate({ min: 19, max: 45, mode: 'age', refDate: now });
      const mother = addPerson('female', motherBorn, true);
      const partnerKind = faker.helpers.weightedArrayElement([
        { weight: 5, value: 'father' },
        { weight: 3, value: 'parents_partner' },
        { weight: 2, value: 'none' },
      ]);
      const partner =
        partnerKind === 'none' || result.people >= options.people
          ? undefined
          : addPerson(
              'male',
              faker.date.birthdate({ min: 19, max: 50, mode: 'age', refDate: now }),
              true,
              partnerKind === 'father' ? familyName : faker.person.lastName(),
            );
      const children: string[] = [];
      const childCount = faker.helpers.weightedArrayElement([
        { weight: 2, value: 1 },
        { weight: 4, value: 2 },
        { weight: 3, value: 3 },
        { weight: 1, value: 4 },
      ]);
      for (let child = 0; child < childCount && result.people < options.people; child += 1) {
        const earliest = Math.max(motherBorn.getTime() + 17 * 365.25 * 86_400_000, nowMs - 17 * 365.25 * 86_400_000);
        children.push(
          addPerson(
            faker.person.sexType() as 'female' | 'male',
            new Date(faker.number.int({ min: earliest, max: nowMs - 30 * 86_400_000 })),
            false,
          ),
        );
      }
      for (const member of familyMembers) {
        const isPartnerNotRelated = member.id === partner && partnerKind === 'parents_partner';
        const seen = faker.datatype.boolean({ probability: isPartnerNotRelated ? 0.3 : 0.8 });
        members.push({
          id: crypto.randomUUID(),
          household_id: householdId,
          person_id: member.id,
          role: isPartnerNotRelated ? 'present_not_related' : 'resident',
          starts_on: isoDate(faker.date.past({ years: 5, refDate: now })),
          seen_on: member.adult && seen ? isoDate(faker.date.recent({ days: 200, refDate: now })) : null,
          assessed_on:
            member.adult && seen && faker.datatype.boolean({ probability: 0.5 })
              ? isoDate(faker.date.recent({ days: 200, refDate: now }))
              : null,
          recorded_by: author.id,
          recorded_at: now,
        });
      }
      for (const child of children) {
        relationships.push({
          id: crypto.randomUUID(),
          partnership_id: options.partnershipId,
          person_id: child,
          related_person_id: mother,
          kind: 'mother',
          has_parental_responsibility: true,
          recorded_by: author.id,
          recorded_at: now,
        });
        if (partner) {
          relationships.push({
            id: crypto.randomUUID(),
            partnership_id: options.partnershipId,
            person_id: child,
            related_person_id: partner,
            kind: partnerKind,
            has_parental_responsibility: partnerKind === 'father' ? faker.datatype.boolean({ probability: 0.7 }) : false,
            recorded_by: author.id,
            recorded_at: now,
          });
        }
        for (const sibling of children) {
          if (sibling !== child) {
            relationships.push({
              id: crypto.randomUUID(),
              partnership_id: options.partnershipId,
              person_id: child,
              related_person_id: sibling,
              kind: 'sibling',
              recorded_by: author.id,
              recorded_at: now,
            });
          }
        }
      }
      // Two or three agencies are involved with each family; one of them is usually children's services.
      const involved = new Set<Agency>([childrens, ...faker.helpers.arrayElements(agencies, { min: 1, max: 2 })]);
      for (const member of familyMembers) {
        for (const agency of involved) {
          bases.push({
            id: crypto.randomUUID(),
            person_id: member.id,
            kind: 'agency_involved',
            agency_id: agency.id,
            starts_at: now,
            created_at: now,
            reason: 'synthetic population',
          });
        }
      }
      const involvedList = [...involved];
      const entryCount = Math.round(familyMembers.length * options.entriesPerPerson * faker.number.float({ min: 0.6, max: 1.4 }));
      for (let index = 0; index < entryCount; index += 1) {
        const category = faker.helpers.arrayElement(CATEGORIES);
        const concerned = faker.helpers.arrayElements(familyMembers, { min: 1, max: Math.min(3, familyMembers.length) });
        const youngest = Math.max(...concerned.map((member) => member.born.getTime()));
        const occurredAt = new Date(faker.number.int({ min: Math.max(youngest, nowMs - 8 * 365.25 * 86_400_000), max: nowMs - 3_600_000 }));
        const id = crypto.randomUUID();
        const timeIsKnown = faker.datatype.boolean({ probability: 0.8 });
        entries.push({
          id,
          partnership_id: options.partnershipId,
          occurred_at: occurredAt,
          occurred_at_is_approximate: !timeIsKnown && faker.datatype.boolean({ probability: 0.3 }),
          time_is_known: timeIsKnown,
          recorded_at: new Date(Math.min(nowMs, occurredAt.getTime() + faker.number.int({ min: 600_000, max: 5 * 86_400_000 }))),
          source_agency_id: faker.helpers.arrayElement(involvedList).id,
          author_user_id: null,
          author_label: faker.person.fullName(),
          category,
          summary: faker.helpers.arrayElement(SUMMARIES[category] as string[]),
          nature: faker.helpers.weightedArrayElement([
            { weight: 8, value: 'fact' },
            { weight: 2, value: 'opinion' },
          ]),
          significance: faker.helpers.weightedArrayElement([
            { weight: 5, value: 'low' },
            { weight: 3, value: 'medium' },
            { weight: 2, value: 'high' },
          ]),
          sensitivity: faker.helpers.weightedArrayElement([
            { weight: 18, value: 'standard' },
            { weight: 1, value: 'sensitive' },
            { weight: 1, value: 'confidential' },
          ]),
        });
        for (const member of concerned) {
          links.push({ entry_id: id, person_id: member.id, occurred_at: occurredAt });
        }
      }
      result.families += 1;
      result.entries += entryCount;
    }

    await withTransaction(db, async (tx) => {
      await people.insert(tx, 'person', {
        id: 'uuid',
        partnership_id: 'uuid',
        date_of_birth: 'date',
        created_by: 'uuid',
        created_at: 'timestamptz',
        updated_at: 'timestamptz',
      });
      await identifiers.insert(tx, 'person_identifier', {
        id: 'uuid',
        person_id: 'uuid',
        partnership_id: 'uuid',
        recorded_by: 'uuid',
        recorded_at: 'timestamptz',
      });
      await addresses.insert(tx, 'person_address', {
        id: 'uuid',
        person_id: 'uuid',
        valid_from: 'date',
        recorded_by: 'uuid',
        recorded_at: 'timestamptz',
      });
      await households.insert(tx, 'household', { id: 'uuid', partnership_id: 'uuid', created_by: 'uuid', created_at: 'timestamptz' });
      await members.insert(tx, 'household_member', {
        id: 'uuid',
        household_id: 'uuid',
        person_id: 'uuid',
        starts_on: 'date',
        seen_on: 'date',
        assessed_on: 'date',
        recorded_by: 'uuid',
        recorded_at: 'timestamptz',
      });
      await relationships.insert(tx, 'relationship', {
        id: 'uuid',
        partnership_id: 'uuid',
        person_id: 'uuid',
        related_person_id: 'uuid',
        starts_on: 'date',
        has_parental_responsibility: 'boolean',
        recorded_by: 'uuid',
        recorded_at: 'timestamptz',
      });
      await bases.insert(tx, 'access_basis', {
        id: 'uuid',
        person_id: 'uuid',
        agency_id: 'uuid',
        starts_at: 'timestamptz',
        created_at: 'timestamptz',
      });
      await entries.insert(tx, 'chronology_entry', {
        id: 'uuid',
        partnership_id: 'uuid',
        occurred_at: 'timestamptz',
        occurred_at_is_approximate: 'boolean',
        time_is_known: 'boolean',
        recorded_at: 'timestamptz',
        source_agency_id: 'uuid',
        author_user_id: 'uuid',
      });
      await links.insert(tx, 'chronology_entry_person', { entry_id: 'uuid', person_id: 'uuid', occurred_at: 'timestamptz' });
      await recordAuditEvent(tx, actor, clock, {
        action: 'population.generated',
        details: { people: people.length, entries: entries.length, seed: options.seed },
      });
    });
    options.onProgress?.(result.people, result.entries);
  }
  return result;
}
