import type { z } from 'zod';
import type { Actor } from '../../platform/access/actor.ts';
import { recordAuditEvent, recordAuditEvents } from '../../platform/audit-trail/record-audit-event.ts';
import { listAuditEntriesForSubject } from '../../platform/audit-trail/verify-chain.ts';
import type { Clock } from '../../platform/clock.ts';
import { type Db, type Tx, withTransaction } from '../../platform/database/transaction.ts';
import { ukDateOf } from '../../platform/dates.ts';
import { AppError, ErrorCode, type FieldError, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import { type AccessService, canUseCaseRecords } from '../access/index.ts';
import {
  GUARD_WORDS,
  type MatchInput,
  type MatchingService,
  type PairScore,
  type PreparedRecord,
  prepareRecord,
  probabilityOf,
} from '../matching/index.ts';
import { describeNameMatch, MATCH_POINTS, type NameQuery, nicknamesOf, parseNameQuery } from './people.matching.ts';
import { canCreatePerson, canRestrictPerson, canViewAccessLog } from './people.policy.ts';
import * as repository from './people.repository.ts';
import {
  type AccessLogEntry,
  AddressInput,
  CorrectPersonInput,
  CreatePersonInput,
  EndIdentifierInput,
  HELD_ELSEWHERE_PROMPT,
  IDENTIFIER_LABELS,
  IdentifierInput,
  type IdentifierKind,
  type LikelyMatch,
  type LikelyMatches,
  NAME_KIND_LABELS,
  OtherNameInput,
  PERSON_FIELDS,
  type Person,
  type PersonAddress,
  type PersonChange,
  type PersonDetails,
  type PersonField,
  type PersonIdentifier,
  type PersonMatch,
  type PersonName,
  RestrictPersonInput,
  SearchPeopleInput,
  UNIQUE_IDENTIFIER_KINDS,
  UpdatePersonInput,
} from './people.schema.ts';
import { checkPersonFacts, defaultKind, normaliseNhsNumber, normaliseReference } from './people.validation.ts';

/**
 * The live duplicate check takes at most this many stored people from each blocking rule, and
 * scores the LIKELY_MATCH_CANDIDATES found by the most rules: enough for a common name or birthday,
 * few enough to answer in milliseconds on a million people.
 */
const LIKELY_MATCH_PER_RULE = 100;
const LIKELY_MATCH_CANDIDATES = 60;

/** At most this many matches are offered as "is it one of these?". */
const LIKELY_MATCHES_SHOWN = 10;

/** Said when an identifier already belongs to a record the actor cannot see: it reveals nothing else. */
export function hiddenDuplicateMessage(kind: IdentifierKind): string {
  return `A record with this ${kind === 'upn' ? 'unique pupil number' : 'NHS number'} already exists. Ask the MASH to check it.`;
}

function validationError(fields: FieldError[]): AppError {
  return new AppError(ErrorCode.VALIDATION, 'There is a problem with the information given', fields);
}

/** zod's shape errors and the facts that cannot all be true, together, so a form shows every problem at once. */
function parseWithFacts<T extends z.ZodType>(schema: T, raw: unknown, facts: (input: z.output<T>) => FieldError[]): z.output<T> {
  const input = parseInput(schema, raw);
  const errors = facts(input);
  if (errors.length > 0) {
    throw validationError(errors);
  }
  return input;
}

type ParsedCreate = z.output<typeof CreatePersonInput>;
type ParsedChange = z.output<typeof UpdatePersonInput>;

/** A field's value as history keeps it: text, or null when empty. */
function historyValue(value: unknown): string | null {
  if (value === null || value === undefined) {
    return null;
  }
  return typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value);
}

function describeName(name: { kind: string; givenName: string | null; familyName: string | null }): string {
  return `${NAME_KIND_LABELS[name.kind as keyof typeof NAME_KIND_LABELS] ?? name.kind}: ${[name.givenName, name.familyName].filter(Boolean).join(' ')}`;
}

function describeIdentifier(identifier: { kind: IdentifierKind; value: string }): string {
  return `${IDENTIFIER_LABELS[identifier.kind]} ${identifier.value}`;
}

function describeAddress(address: { line1: string; line2: string | null; town: string | null; postcode: string }): string {
  return [address.line1, address.line2, address.town, address.postcode].filter(Boolean).join(', ');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** An identifier typed into search, in its stored form: NHS numbers as digits, others in capitals without spaces. */
function normaliseSearchIdentifier(value: string): string {
  const digits = normaliseNhsNumber(value);
  return /^\d{10}$/.test(digits) ? digits : normaliseReference(value);
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

/** The date with day and month swapped, when that is another real date. */
function swappedDayAndMonth(iso: string): string | undefined {
  const [year, month, day] = iso.split('-');
  if (!year || !month || !day || month === day || Number(day) > 12) {
    return undefined;
  }
  const swapped = `${year}-${day}-${month}`;
  const date = new Date(`${swapped}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === swapped ? swapped : undefined;
}

/** A record about to be created, as the matching engine reads it. A guessed date of birth is no evidence. */
function incomingMatchInput(input: ParsedCreate): MatchInput {
  const identifiers: Record<string, string> = {};
  let nhsNumber: string | undefined;
  for (const identifier of input.identifiers ?? []) {
    if (identifier.kind === 'nhs_number') {
      nhsNumber = identifier.value;
    } else {
      identifiers[identifier.kind] = identifier.value;
    }
  }
  return {
    id: 'incoming',
    forename: input.givenName,
    surname: input.familyName,
    otherNames: (input.otherNames ?? []).map((name) => ({ forename: name.givenName, surname: name.familyName })),
    dob: input.dateOfBirthIsEstimated ? null : (input.dateOfBirth ?? null),
    sex: input.sex ?? null,
    postcode: input.address?.postcode ?? null,
    address: input.address ? [input.address.line1, input.address.line2].filter(Boolean).join(', ') : null,
    nhsNumber,
    identifiers,
  };
}

/** The blocking keys of an incoming record, as the repository looks them up. */
function candidateKeysOf(partnershipId: string, input: ParsedCreate, incoming: PreparedRecord): repository.MatchCandidateKeys {
  const dob = incoming.dob?.text;
  const swapped = dob ? swappedDayAndMonth(dob) : undefined;
  const givens = [input.givenName, ...(input.otherNames ?? []).map((name) => name.givenName)].filter((name): name is string => !!name);
  const families = [input.familyName, ...(input.otherNames ?? []).map((name) => name.familyName)].filter((name): name is string => !!name);
  const names = givens.flatMap((given) => families.map((family) => ({ given, family }))).slice(0, 6);
  return {
    partnershipId,
    identifiers: input.identifiers ?? [],
    datesOfBirth: dob ? [dob, ...(swapped ? [swapped] : [])] : [],
    names,
    birthYear: incoming.dob?.year,
    postcodes: input.address ? [input.address.postcode] : [],
    initials: [...new Set(incoming.forenames.map((forename) => forename.first.charAt(0)))].filter((initial) => initial !== ''),
    limit: LIKELY_MATCH_CANDIDATES,
    perRule: LIKELY_MATCH_PER_RULE,
  };
}

function sharesIdentifier(a: PreparedRecord, b: PreparedRecord): boolean {
  if (a.nhsNumber !== undefined && a.nhsNumber === b.nhsNumber) {
    return true;
  }
  return [...a.identifiers].some(([kind, value]) => b.identifiers.get(kind) === value);
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** A scored candidate the actor may see, with the explanation a practitioner reads. */
function likelyMatchOf(person: Person, score: PairScore): LikelyMatch {
  const evidence = score.fields
    .filter((field) => field.level >= 0)
    .sort((a, b) => b.weight - a.weight)
    .map((field) => ({ field: field.field, weight: round2(field.weight), words: field.words }));
  return {
    person,
    score: Math.min(100, Math.max(0, Math.round(score.probability * 100))),
    reasons: evidence.filter((field) => field.weight > 0).map((field) => field.words),
    probability: score.probability,
    weight: round2(score.weight),
    summary: score.summary,
    evidence,
    guard: score.guard ? GUARD_WORDS[score.guard] : null,
  };
}

export function createPeopleService(db: Db, clock: Clock, access: AccessService, matching: MatchingService) {
  async function mayViewAccessLog(actor: Actor, personId: string): Promise<boolean> {
    const now = clock.now();
    const personPartnershipId = await repository.unsafeFindPersonPartnership(db, personId);
    return (
      personPartnershipId !== undefined &&
      canViewAccessLog(actor, {
        allocatedWorkerIds: await repository.allocatedWorkers(db, personId, now),
        allocatedTeamIds: await repository.allocatedTeams(db, personId, now),
        personPartnershipId,
      })
    );
  }

  function today(): string {
    return ukDateOf(clock.now());
  }

  function parseCreate(raw: CreatePersonInput): ParsedCreate & { kind: Person['kind'] } {
    const day = today();
    const input = parseWithFacts(CreatePersonInput, raw, (parsed) =>
      checkPersonFacts(
        {
          kind: parsed.kind ?? defaultKind(parsed, day),
          dateOfBirth: parsed.dateOfBirth ?? null,
          expectedDeliveryDate: parsed.expectedDeliveryDate ?? null,
          dateOfDeath: parsed.dateOfDeath ?? null,
        },
        day,
        { checkAge: true },
      ),
    );
    return { ...input, kind: input.kind ?? defaultKind(input, day) };
  }

  /**
   * Refuses identifiers that already belong to a live record. When that record is one the actor
   * cannot see, the refusal is committed to the audit trail against it (so the MASH can follow it
   * up) and the answer is one neutral sentence; otherwise it points at the field.
   */
  async function refuseDuplicateIdentifiers(
    actor: Actor,
    identifiers: { kind: IdentifierKind; value: string }[],
    options: { fieldPrefix: string; ownPersonId?: string; onlyHidden?: boolean },
  ): Promise<void> {
    const unique = identifiers.filter((identifier) => UNIQUE_IDENTIFIER_KINDS.includes(identifier.kind));
    if (unique.length === 0 || !actor.partnershipId) {
      return;
    }
    const holders = (await repository.unsafeFindLiveIdentifierHolders(db, actor.partnershipId, unique)).filter(
      (holder) => holder.personId !== options.ownPersonId,
    );
    if (holders.length === 0) {
      return;
    }
    const now = clock.now();
    const hidden: typeof holders = [];
    for (const holder of holders) {
      if (!(await repository.findVisiblePerson(db, actor, holder.personId, now))) {
        hidden.push(holder);
      }
    }
    const [firstHidden] = hidden;
    if (firstHidden) {
      await withTransaction(db, (tx) =>
        recordAuditEvents(
          tx,
          actor,
          clock,
          hidden.map((holder) => ({
            action: 'person.duplicate-refused',
            outcome: 'denied',
            subjectType: 'person',
            subjectId: holder.personId,
            details: { identifierKind: holder.kind },
          })),
        ),
      );
      throw new AppError(ErrorCode.CONFLICT, hiddenDuplicateMessage(firstHidden.kind));
    }
    if (options.onlyHidden) {
      return;
    }
    const fields = holders.map((holder) => {
      const index = identifiers.findIndex((identifier) => identifier.kind === holder.kind && identifier.value === holder.value);
      return {
        field: options.fieldPrefix && index >= 0 ? `${options.fieldPrefix}${index}.value` : 'value',
        message: `A record you can see already has this ${IDENTIFIER_LABELS[holder.kind]}: open that record instead`,
      };
    });
    throw new AppError(ErrorCode.CONFLICT, fields[0]?.message ?? 'This identifier is already recorded', fields);
  }

  async function requireVisible(tx: Tx | Db, actor: Actor, id: string): Promise<Person> {
    const person = await repository.findVisiblePerson(tx, actor, id, clock.now());
    if (!person) {
      throw notFound();
    }
    return person;
  }

  /** Loads the names, identifiers and addresses of a person the actor may see. */
  async function detailsOf(tx: Tx, actor: Actor, person: Person): Promise<PersonDetails> {
    const now = clock.now();
    const [names, identifiers, addresses] = [
      await repository.listVisibleNames(tx, actor, now, person.id),
      await repository.listVisibleIdentifiers(tx, actor, now, person.id),
      await repository.listVisibleAddresses(tx, actor, now, person.id),
    ];
    return { ...person, names, identifiers, addresses };
  }

  /**
   * A change or a correction: every field that differs gets a history row with the value it
   * replaced, the legal name moves with the mirrored name on the person, and the version moves on.
   */
  async function applyChange(
    actor: Actor,
    id: string,
    expectedVersion: number | undefined,
    input: ParsedChange,
    how: { kind: 'change' | 'correction'; reason: string | null },
  ): Promise<Person> {
    if (expectedVersion === undefined) {
      throw new AppError(ErrorCode.VERSION_REQUIRED, 'Say which version of the record you are changing (If-Match)');
    }
    const stale = () =>
      new AppError(ErrorCode.STALE_VERSION, 'Someone else changed this record after you opened it. Reload it and make your change again.');
    return withTransaction(db, async (tx) => {
      const now = clock.now();
      const current = await requireVisible(tx, actor, id);
      if (current.version !== expectedVersion) {
        throw stale();
      }
      const changed = PERSON_FIELDS.filter((field) => input[field] !== undefined && input[field] !== current[field]);
      if (changed.length === 0) {
        if (how.kind === 'correction') {
          throw validationError([
            {
              field: PERSON_FIELDS.find((field) => input[field] !== undefined) ?? 'reason',
              message: 'Nothing to correct: the value given is the one already recorded',
            },
          ]);
        }
        return current;
      }
      const next = { ...current };
      for (const field of changed) {
        (next as Record<PersonField, unknown>)[field] = input[field];
      }
      const day = ukDateOf(now);
      const facts = checkPersonFacts(next, day, { checkAge: changed.includes('dateOfBirth') || changed.includes('kind') });
      if (how.kind === 'change' && changed.includes('kind') && next.kind === 'unborn') {
        facts.push({ field: 'kind', message: 'A child or adult cannot become unborn: if the record was made wrongly, correct it' });
      }
      if (facts.length > 0) {
        throw validationError(facts);
      }
      const changes: Partial<repository.PersonColumns> = {};
      for (const field of changed) {
        (changes as Record<string, unknown>)[field] = input[field];
      }
      const updated = await repository.updateVisiblePerson(tx, actor, id, expectedVersion, changes, now);
      if (!updated) {
        throw stale();
      }
      if (changed.includes('givenName') || changed.includes('familyName')) {
        if (how.kind === 'correction') {
          await repository.correctLegalName(tx, id, { givenName: next.givenName, familyName: next.familyName });
        } else {
          await repository.retireLegalName(tx, id, day);
          await repository.insertName(tx, id, {
            id: newId(),
            kind: 'legal',
            givenName: next.givenName,
            familyName: next.familyName,
            validFrom: day,
            validTo: null,
            recordedBy: actor.userId as string,
            recordedAt: now,
          });
        }
      }
      await repository.insertChanges(
        tx,
        id,
        changed.map((field) => ({
          id: newId(),
          field,
          oldValue: historyValue(current[field]),
          newValue: historyValue(next[field]),
          kind: how.kind,
          reason: how.reason,
          changedBy: actor.userId as string,
          changedAt: now,
          version: expectedVersion + 1,
        })),
      );
      await recordAuditEvent(tx, actor, clock, {
        action: how.kind === 'change' ? 'person.updated' : 'person.corrected',
        subjectType: 'person',
        subjectId: id,
        details: { fields: [...changed].sort(), fromVersion: expectedVersion },
      });
      return requireVisible(tx, actor, id);
    });
  }

  /** Records an addition to a person's names, identifiers or addresses, with its history row and audit event. */
  async function recordAddition(
    tx: Tx,
    actor: Actor,
    person: Person,
    entry: { field: 'name' | 'identifier' | 'address'; oldValue: string | null; newValue: string | null; action: string },
    details: Record<string, string | number | boolean | string[] | null>,
  ): Promise<void> {
    await repository.insertChanges(tx, person.id, [
      {
        id: newId(),
        field: entry.field,
        oldValue: entry.oldValue,
        newValue: entry.newValue,
        kind: 'change',
        reason: null,
        changedBy: actor.userId as string,
        changedAt: clock.now(),
        version: person.version,
      },
    ]);
    await recordAuditEvent(tx, actor, clock, { action: entry.action, subjectType: 'person', subjectId: person.id, details });
  }

  /**
   * Opens a person's record. The read and its audit entry (who, when, and on what basis) commit
   * together; a refused read is audited too, and looks exactly like a person who does not exist.
   */
  async function viewPerson<T>(actor: Actor, id: string, purpose: string | undefined, load: (tx: Tx, person: Person) => Promise<T> | T) {
    const result = await withTransaction(db, async (tx) => {
      const found = await repository.findVisiblePerson(tx, actor, id, clock.now());
      if (!found) {
        await recordAuditEvent(tx, actor, clock, { action: 'person.viewed', outcome: 'denied', subjectType: 'person', subjectId: id });
        return undefined;
      }
      const bases = await access.liveBasisKinds(tx, actor, id);
      await recordAuditEvent(tx, actor, clock, {
        action: 'person.viewed',
        subjectType: 'person',
        subjectId: id,
        purpose: purpose ?? bases.join(','),
        details: { basis: bases },
      });
      return { value: await load(tx, found) };
    });
    if (!result) {
      throw notFound();
    }
    return result.value;
  }

  function requireWriter(actor: Actor): void {
    if (!canUseCaseRecords(actor) || !actor.userId) {
      throw notFound();
    }
  }

  /** Turns repository rows into scored matches with reasons, and audits every person returned. */
  async function toMatches(
    tx: Tx,
    actor: Actor,
    rows: repository.SearchRow[],
    asked: { name?: NameQuery | undefined; dateOfBirth?: boolean; identifier?: boolean; postcode?: string | undefined },
    purpose: string,
  ): Promise<PersonMatch[]> {
    const maximum =
      (asked.name ? 2 * MATCH_POINTS.name.exact : 0) +
      (asked.dateOfBirth ? MATCH_POINTS.dateOfBirth : 0) +
      (asked.identifier ? MATCH_POINTS.identifier : 0) +
      (asked.postcode ? MATCH_POINTS.postcode : 0);
    const matches = rows.map((row) => {
      const reasons: string[] = [];
      const name = asked.name;
      const familyTyped = name?.family ?? name?.single;
      const givenTyped = name?.given ?? name?.single;
      if (row.given && givenTyped) {
        reasons.push(capitalise(describeNameMatch('given', { ...row.given, typed: givenTyped })));
      }
      if (row.family && familyTyped) {
        reasons.push(capitalise(describeNameMatch('family', { ...row.family, typed: familyTyped })));
      }
      if (row.dateOfBirth) {
        reasons.push(row.dateOfBirth === 'exact' ? 'Same date of birth' : 'Estimated date of birth within a year');
      }
      if (row.identifierKind) {
        reasons.push(`Same ${IDENTIFIER_LABELS[row.identifierKind]}`);
      }
      if (row.postcode && asked.postcode) {
        reasons.push(row.postcode === 'current' ? `Lives at ${asked.postcode}` : `Has lived at ${asked.postcode}`);
      }
      const score = maximum > 0 ? Math.min(100, Math.round((100 * row.points) / maximum)) : 0;
      return { person: row.person, score, reasons, identifierMatched: row.identifierKind !== undefined };
    });
    await recordAuditEvents(
      tx,
      actor,
      clock,
      matches.map((match) => ({ action: 'person.listed', subjectType: 'person', subjectId: match.person.id, purpose })),
    );
    return matches.map(({ person, score, reasons }) => ({ person, score, reasons }));
  }

  return {
    /**
     * Creates a person record with their details, other names, identifiers and address. The
     * creator's agency becomes involved and the creator allocated, or nobody — the creator
     * included — could open the record they just made.
     */
    async createPerson(actor: Actor, rawInput: CreatePersonInput): Promise<Person> {
      if (!canCreatePerson(actor) || !actor.userId || !actor.partnershipId) {
        throw new AppError(ErrorCode.FORBIDDEN, 'Your role cannot create person records');
      }
      const input = parseCreate(rawInput);
      const identifiers = input.identifiers ?? [];
      await refuseDuplicateIdentifiers(actor, identifiers, { fieldPrefix: 'identifiers.' });
      const now = clock.now();
      const userId = actor.userId;
      const person: Person = {
        id: newId(),
        kind: input.kind,
        givenName: input.givenName,
        familyName: input.familyName,
        dateOfBirth: input.dateOfBirth ?? null,
        dateOfBirthIsEstimated: input.dateOfBirthIsEstimated ?? false,
        expectedDeliveryDate: input.expectedDeliveryDate ?? null,
        sex: input.sex ?? null,
        genderIdentity: input.genderIdentity ?? null,
        ethnicityCode: input.ethnicityCode ?? null,
        firstLanguage: input.firstLanguage ?? null,
        interpreterNeeded: input.interpreterNeeded ?? null,
        disability: input.disability ?? null,
        dateOfDeath: input.dateOfDeath ?? null,
        isRestricted: false,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      const system = { ...actor, kind: 'system' as const };
      try {
        await withTransaction(db, async (tx) => {
          await repository.insertPerson(tx, { ...person, partnershipId: actor.partnershipId as string, createdBy: userId });
          // The legal name row is written by the database with the person row (see the migration).
          for (const name of input.otherNames ?? []) {
            await repository.insertName(tx, person.id, {
              id: newId(),
              kind: name.kind,
              givenName: name.givenName ?? null,
              familyName: name.familyName ?? null,
              validFrom: name.validFrom ?? null,
              validTo: name.validTo ?? null,
              recordedBy: userId,
              recordedAt: now,
            });
          }
          for (const identifier of identifiers) {
            await repository.insertIdentifier(tx, {
              id: newId(),
              personId: person.id,
              partnershipId: actor.partnershipId as string,
              kind: identifier.kind,
              value: identifier.value,
              recordedBy: userId,
              recordedAt: now,
            });
          }
          if (input.address) {
            await repository.insertAddress(tx, person.id, {
              id: newId(),
              line1: input.address.line1,
              line2: input.address.line2 ?? null,
              town: input.address.town ?? null,
              postcode: input.address.postcode,
              validFrom: input.address.validFrom ?? null,
              validTo: input.address.validTo ?? null,
              recordedBy: userId,
              recordedAt: now,
            });
          }
          await recordAuditEvent(tx, actor, clock, {
            action: 'person.created',
            subjectType: 'person',
            subjectId: person.id,
            details: {
              kind: person.kind,
              identifierKinds: identifiers.map((identifier) => identifier.kind),
              otherNames: input.otherNames?.length ?? 0,
            },
          });
          // Recorded as the creator, but with the system's licence: creating implies involvement.
          await access.recordInvolvement(system, { personId: person.id, kind: 'allocated_worker', userId }, tx);
          if (actor.agencyId) {
            await access.recordInvolvement(system, { personId: person.id, kind: 'agency_involved', agencyId: actor.agencyId }, tx);
          }
        });
      } catch (error) {
        if (isUniqueViolation(error)) {
          // Someone else recorded the same NHS number or UPN a moment ago: say so as the check would have.
          await refuseDuplicateIdentifiers(actor, identifiers, { fieldPrefix: 'identifiers.' });
          throw new AppError(ErrorCode.CONFLICT, 'This identifier has just been recorded on another record. Search again before creating.');
        }
        throw error;
      }
      return person;
    },

    /**
     * Opens a person's record. The read and its audit entry (who, when, and on what basis) commit
     * together; a refused read is audited too, and looks exactly like a person who does not exist.
     */
    getPerson: (actor: Actor, id: string, purpose?: string): Promise<Person> => viewPerson(actor, id, purpose, (_tx, person) => person),

    /** A person with their names, identifiers and addresses over time; audited as a view of the record. */
    getPersonDetails: (actor: Actor, id: string, purpose?: string): Promise<PersonDetails> =>
      viewPerson(actor, id, purpose, (tx, person) => detailsOf(tx, actor, person)),

    /** People the actor may see; every person in the result counts as accessed and is audited. */
    async listPeople(actor: Actor, filter: { name?: string | undefined; limit?: number | undefined } = {}): Promise<Person[]> {
      const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
      return withTransaction(db, async (tx) => {
        const people = await repository.listVisiblePeople(tx, actor, clock.now(), { name: filter.name, limit });
        await recordAuditEvents(
          tx,
          actor,
          clock,
          people.map((person) => ({
            action: 'person.listed',
            subjectType: 'person',
            subjectId: person.id,
            purpose: filter.name ? 'search' : 'list',
          })),
        );
        return people;
      });
    },

    /**
     * Finds people the actor may see by name (spelling variants, sounds-alike, nicknames, any name
     * they have had), date of birth, identifier or postcode; everything given must match. Ranked,
     * each with the reasons it matched; every person returned is audited as listed for a search.
     */
    async searchPeople(actor: Actor, rawInput: SearchPeopleInput): Promise<PersonMatch[]> {
      const input = parseInput(SearchPeopleInput, rawInput);
      if (!canUseCaseRecords(actor)) {
        return [];
      }
      const name = input.name ? parseNameQuery(input.name) : undefined;
      if (input.name && !name) {
        throw validationError([{ field: 'name', message: 'Enter a name using letters' }]);
      }
      const typedGiven = name?.given ?? name?.single;
      const criteria: repository.SearchCriteria = {
        name,
        nicknames: typedGiven ? nicknamesOf(typedGiven) : [],
        dateOfBirth: input.dateOfBirth,
        identifier: input.identifier ? normaliseSearchIdentifier(input.identifier) : undefined,
        postcode: input.postcode,
        limit: input.limit ?? 50,
      };
      return withTransaction(db, async (tx) => {
        const rows = await repository.searchVisiblePeople(tx, actor, clock.now(), criteria, 'all');
        return toMatches(
          tx,
          actor,
          rows,
          { name, dateOfBirth: Boolean(input.dateOfBirth), identifier: Boolean(input.identifier), postcode: input.postcode },
          'search',
        );
      });
    },

    /**
     * Before a record is created (a new person, or one added at intake): the stored people most likely
     * to be the same person, scored by the partnership's matching model and explained field by field,
     * best first. Candidates come from the blocking indexes over the whole partnership; only those the
     * actor may see are shown. If a likely match is a record the actor may not see, the answer says so
     * in one neutral sentence — no name, count or score — and the audit trail records which records
     * they were, for the MASH and privacy officers; a restricted record is not even hinted at. An NHS
     * number or UPN already on a record the actor cannot see is refused neutrally, as createPerson would.
     */
    async findLikelyMatches(actor: Actor, rawInput: CreatePersonInput): Promise<LikelyMatches> {
      if (!canCreatePerson(actor)) {
        throw new AppError(ErrorCode.FORBIDDEN, 'Your role cannot create person records');
      }
      const input = parseCreate(rawInput);
      const identifiers = input.identifiers ?? [];
      // A record the actor can see with the same identifier is shown as a match instead.
      await refuseDuplicateIdentifiers(actor, identifiers, { fieldPrefix: 'identifiers.', onlyHidden: true });
      const none: LikelyMatches = { items: [], heldElsewhere: false, heldElsewherePrompt: null };
      if (!actor.partnershipId) {
        return none;
      }
      const model = await matching.model(actor.partnershipId);
      const incoming = prepareRecord(incomingMatchInput(input));
      const candidates = await repository.unsafeFindMatchCandidates(db, candidateKeysOf(actor.partnershipId, input, incoming));
      const { review } = model.parameters.thresholds;
      const likely: { id: string; score: PairScore }[] = [];
      for (const candidate of candidates) {
        const record = prepareRecord(candidate);
        // Most candidates are strangers sharing a birthday or a postcode: the weight alone rules them
        // out, and only the few kept are explained. The same identifier is always worth a look,
        // whatever else differs, as createPerson would refuse it.
        if (probabilityOf(model.quickScore(incoming, record).weight) >= review || sharesIdentifier(incoming, record)) {
          likely.push({ id: candidate.id, score: model.score(incoming, record) });
        }
      }
      if (likely.length === 0) {
        return none;
      }
      likely.sort((a, b) => b.score.weight - a.score.weight || (a.id < b.id ? -1 : 1));
      return withTransaction(db, async (tx) => {
        const now = clock.now();
        const ids = likely.map((match) => match.id);
        const visible = new Map((await repository.listVisiblePeopleByIds(tx, actor, now, ids)).map((person) => [person.id, person]));
        const hidden = likely.filter((match) => !visible.has(match.id));
        const restricted =
          hidden.length > 0
            ? await repository.unsafeRestrictedIds(
                tx,
                hidden.map((match) => match.id),
              )
            : new Set<string>();
        const items = likely.flatMap(({ id, score }) => {
          const person = visible.get(id);
          return person ? [likelyMatchOf(person, score)] : [];
        });
        const shown = items.slice(0, LIKELY_MATCHES_SHOWN);
        const heldElsewhere = hidden.some((match) => !restricted.has(match.id));
        await recordAuditEvents(tx, actor, clock, [
          ...shown.map((match) => ({
            action: 'person.listed',
            subjectType: 'person',
            subjectId: match.person.id,
            purpose: 'duplicate check',
          })),
          // The privacy officers' view of a prompt the actor saw without any detail (or, for a
          // restricted record, did not see at all).
          ...hidden.map((match) => ({
            action: 'person.possible-match-withheld',
            outcome: 'denied' as const,
            subjectType: 'person',
            subjectId: match.id,
            purpose: 'duplicate check',
            details: { probability: Math.round(match.score.probability * 1000) / 1000, prompted: !restricted.has(match.id) },
          })),
        ]);
        return { items: shown, heldElsewhere, heldElsewherePrompt: heldElsewhere ? HELD_ELSEWHERE_PROMPT : null };
      });
    },

    /** Changes a person's details only if nobody else has since: a stale version changes nothing; every field keeps its history. */
    async updatePerson(actor: Actor, id: string, expectedVersion: number | undefined, rawInput: UpdatePersonInput): Promise<Person> {
      const input = parseInput(UpdatePersonInput, rawInput);
      return applyChange(actor, id, expectedVersion, input, { kind: 'change', reason: null });
    },

    /**
     * Corrects a mistake. Not a silent overwrite: the value it replaces and the reason stay in the
     * history, shown with the record. A corrected name is fixed in place rather than kept as a previous name.
     */
    async correctPerson(actor: Actor, id: string, expectedVersion: number | undefined, rawInput: CorrectPersonInput): Promise<Person> {
      const { reason, ...input } = parseInput(CorrectPersonInput, rawInput);
      return applyChange(actor, id, expectedVersion, input, { kind: 'correction', reason });
    },

    /** Adds an alias, previous name, preferred name or nickname. */
    async addName(actor: Actor, id: string, rawInput: OtherNameInput): Promise<PersonName> {
      requireWriter(actor);
      const input = parseInput(OtherNameInput, rawInput);
      return withTransaction(db, async (tx) => {
        const person = await requireVisible(tx, actor, id);
        const name: PersonName = {
          id: newId(),
          kind: input.kind,
          givenName: input.givenName ?? null,
          familyName: input.familyName ?? null,
          validFrom: input.validFrom ?? null,
          validTo: input.validTo ?? null,
          recordedBy: actor.userId as string,
          recordedAt: clock.now(),
        };
        await repository.insertName(tx, id, name);
        await recordAddition(
          tx,
          actor,
          person,
          { field: 'name', oldValue: null, newValue: describeName(name), action: 'person.name-added' },
          { nameId: name.id, kind: name.kind },
        );
        return name;
      });
    },

    /** Adds an identifier. An NHS number or UPN already on another live record is refused. */
    async addIdentifier(actor: Actor, id: string, rawInput: IdentifierInput): Promise<PersonIdentifier> {
      requireWriter(actor);
      const input = parseInput(IdentifierInput, rawInput);
      const person = await requireVisible(db, actor, id);
      await refuseDuplicateIdentifiers(actor, [input], { fieldPrefix: '', ownPersonId: id });
      try {
        return await withTransaction(db, async (tx) => {
          const existing = await repository.listVisibleIdentifiers(tx, actor, clock.now(), id);
          const live = existing.find((identifier) => identifier.endedAt === null && identifier.kind === input.kind);
          if (live && live.value === input.value) {
            throw new AppError(ErrorCode.CONFLICT, `This record already has this ${IDENTIFIER_LABELS[input.kind]}`, [
              { field: 'value', message: `This record already has this ${IDENTIFIER_LABELS[input.kind]}` },
            ]);
          }
          if (live && UNIQUE_IDENTIFIER_KINDS.includes(input.kind)) {
            throw new AppError(
              ErrorCode.CONFLICT,
              `This record already has an ${IDENTIFIER_LABELS[input.kind]}: end it before adding another`,
              [{ field: 'value', message: `This record already has an ${IDENTIFIER_LABELS[input.kind]}: end it before adding another` }],
            );
          }
          const identifier: PersonIdentifier = {
            id: newId(),
            kind: input.kind,
            value: input.value,
            recordedBy: actor.userId as string,
            recordedAt: clock.now(),
            endedAt: null,
          };
          await repository.insertIdentifier(tx, { ...identifier, personId: id, partnershipId: actor.partnershipId as string });
          await recordAddition(
            tx,
            actor,
            person,
            { field: 'identifier', oldValue: null, newValue: describeIdentifier(identifier), action: 'person.identifier-added' },
            { identifierId: identifier.id, kind: identifier.kind },
          );
          return identifier;
        });
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new AppError(
            ErrorCode.CONFLICT,
            'This identifier has just been recorded on another record. Search for it before adding it here.',
          );
        }
        throw error;
      }
    },

    /** Ends an identifier that was wrong or is no longer used; it stays on the record as ended. */
    async endIdentifier(actor: Actor, id: string, identifierId: string, rawInput: EndIdentifierInput = {}): Promise<PersonIdentifier> {
      requireWriter(actor);
      const input = parseInput(EndIdentifierInput, rawInput);
      return withTransaction(db, async (tx) => {
        const person = await requireVisible(tx, actor, id);
        const ended = await repository.endIdentifier(tx, id, identifierId, {
          at: clock.now(),
          by: actor.userId as string,
          reason: input.reason ?? null,
        });
        if (!ended) {
          throw notFound();
        }
        await recordAddition(
          tx,
          actor,
          person,
          { field: 'identifier', oldValue: describeIdentifier(ended), newValue: null, action: 'person.identifier-ended' },
          { identifierId, kind: ended.kind },
        );
        return ended;
      });
    },

    /** Adds an address. A new current address ends the one before it on the day it starts. */
    async addAddress(actor: Actor, id: string, rawInput: AddressInput): Promise<PersonAddress> {
      requireWriter(actor);
      const input = parseInput(AddressInput, rawInput);
      return withTransaction(db, async (tx) => {
        const now = clock.now();
        const person = await requireVisible(tx, actor, id);
        const validFrom = input.validFrom ?? ukDateOf(now);
        if (validFrom > ukDateOf(now)) {
          throw validationError([{ field: 'validFrom', message: 'The date they moved in must be today or in the past' }]);
        }
        const isCurrent = !input.validTo;
        const current = (await repository.listVisibleAddresses(tx, actor, now, id)).filter((address) => address.validTo === null);
        if (isCurrent) {
          const later = current.find((address) => address.validFrom !== null && address.validFrom > validFrom);
          if (later) {
            throw validationError([
              {
                field: 'validFrom',
                message: `The current address started on ${later.validFrom}: a new address must start on or after that day, or give the date they left`,
              },
            ]);
          }
        }
        const endedIds = isCurrent ? await repository.endCurrentAddresses(tx, id, validFrom) : [];
        const address: PersonAddress = {
          id: newId(),
          line1: input.line1,
          line2: input.line2 ?? null,
          town: input.town ?? null,
          postcode: input.postcode,
          validFrom,
          validTo: input.validTo ?? null,
          recordedBy: actor.userId as string,
          recordedAt: now,
        };
        await repository.insertAddress(tx, id, address);
        const previous = current.find((address) => endedIds.includes(address.id));
        await recordAddition(
          tx,
          actor,
          person,
          {
            field: 'address',
            oldValue: previous ? describeAddress(previous) : null,
            newValue: describeAddress(address),
            action: 'person.address-added',
          },
          { addressId: address.id, endedAddressIds: endedIds },
        );
        return address;
      });
    },

    /** Every change and correction to a person's details, newest first, with the values they replaced. */
    async getHistory(actor: Actor, id: string): Promise<PersonChange[]> {
      return withTransaction(db, async (tx) => {
        await requireVisible(tx, actor, id);
        const changes = await repository.listVisibleChanges(tx, actor, clock.now(), id);
        await recordAuditEvent(tx, actor, clock, { action: 'person.history-viewed', subjectType: 'person', subjectId: id });
        return changes;
      });
    },

    /**
     * Restricts a record (a staff member's child, an adoption, a witness). From then on only explicit
     * grants open it; the restricting manager and the currently allocated workers are granted at once.
     */
    async restrictPerson(actor: Actor, id: string, rawInput: { reason: string }): Promise<void> {
      if (!canRestrictPerson(actor) || !actor.userId) {
        throw new AppError(ErrorCode.FORBIDDEN, 'Your role cannot restrict records');
      }
      const input = parseInput(RestrictPersonInput, rawInput);
      await withTransaction(db, async (tx) => {
        const now = clock.now();
        await requireVisible(tx, actor, id);
        const keepAccess = new Set([actor.userId as string, ...(await repository.allocatedWorkers(tx, id, now))]);
        for (const userId of keepAccess) {
          await access.grantRestrictedAccess({ ...actor, kind: 'system' }, { personId: id, userId, reason: input.reason }, tx);
        }
        await repository.restrictVisiblePerson(tx, actor, id, input.reason, now);
        await recordAuditEvent(tx, actor, clock, { action: 'person.restricted', subjectType: 'person', subjectId: id });
      });
    },

    /** Whether to offer this actor the access log of a person (pages show the link only then). */
    canViewAccessLog: (actor: Actor, personId: string): Promise<boolean> => mayViewAccessLog(actor, personId),

    /** Who has looked at this person's record: for the allocated worker, their team manager and privacy officers. */
    async getAccessLog(actor: Actor, personId: string): Promise<AccessLogEntry[]> {
      if (!(await mayViewAccessLog(actor, personId))) {
        throw notFound();
      }
      const entries = await listAuditEntriesForSubject(db, 'person', personId);
      await withTransaction(db, (tx) =>
        recordAuditEvent(tx, actor, clock, { action: 'person.access-log-viewed', subjectType: 'person', subjectId: personId }),
      );
      return entries.map((entry) => ({
        seq: entry.seq,
        occurredAt: entry.occurredAt,
        actorLabel: entry.actorLabel,
        action: entry.action,
        outcome: entry.outcome,
        purpose: entry.purpose,
      }));
    },

    /**
     * People as the matching engine reads them, with no access filter. Only for identity resolution,
     * whose callers show a person's details only where the actor may see them and otherwise a neutral
     * prompt: nothing read here reaches a page or a response directly.
     */
    unsafeMatchInputs: (ids: readonly string[]): Promise<MatchInput[]> => repository.unsafeLoadMatchInputs(db, ids),

    /** Every person of a partnership as match input, a page at a time: the scan that fills the review queue. */
    async *unsafePartnershipMatchInputs(partnershipId: string, pageSize = 5000): AsyncGenerator<MatchInput[]> {
      let after: string | undefined;
      for (;;) {
        const ids = await repository.unsafeListPersonIds(db, partnershipId, after, pageSize);
        if (ids.length === 0) {
          return;
        }
        yield await repository.unsafeLoadMatchInputs(db, ids);
        after = ids[ids.length - 1];
      }
    },
  };
}

export type PeopleService = ReturnType<typeof createPeopleService>;
