import type { Actor } from '../../platform/access/actor.ts';
import type { AuditEventInput } from '../../platform/audit-trail/audit-event.ts';
import { recordAuditEvent, recordAuditEvents } from '../../platform/audit-trail/record-audit-event.ts';
import type { Clock } from '../../platform/clock.ts';
import { type Db, type Tx, withTransaction } from '../../platform/database/transaction.ts';
import { formatShortDateOf, ukDateOf } from '../../platform/dates.ts';
import { AppError, ErrorCode, isAppError, notFound } from '../../platform/errors.ts';
import { isUuid, newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import { ACCESS_BASIS_LABELS, type AccessBasis, type AccessService } from '../access/index.ts';
import type { AgenciesService } from '../agencies/index.ts';
import type { EcomapData, GenogramData, GenogramLink, GenogramPerson } from './relationships.pictures.ts';
import { canRecordFamily, relatedPersonDisclosure } from './relationships.policy.ts';
import type { HouseholdMemberRow, HouseholdRow, PersonFacts } from './relationships.repository.ts';
import * as repository from './relationships.repository.ts';
import {
  ADULT_AGE,
  AddHouseholdMemberInput,
  type AdultAroundChild,
  AROUND_CHILD_KINDS,
  CreateHouseholdInput,
  EndHouseholdMembershipInput,
  EndRelationshipInput,
  HOUSEHOLD_ROLE_LABELS,
  HOUSEHOLD_ROLES,
  type Household,
  type HouseholdMember,
  type Involvement,
  PARENTING_KINDS,
  PARTNER_KINDS,
  type PersonRef,
  RELATIONSHIP_INVERSE_LABELS,
  RELATIONSHIP_LABELS,
  RecordAdultChecksInput,
  RecordRelationshipInput,
  type Relationship,
  type RelationshipView,
} from './relationships.schema.ts';

/** Whole years from a date of birth to a day, both 'YYYY-MM-DD'. */
export function ageOn(dateOfBirth: string | null, day: string): number | null {
  if (!dateOfBirth) {
    return null;
  }
  const [birthYear, birthMonth, birthDay] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const age = year - birthYear - (month < birthMonth || (month === birthMonth && date < birthDay) ? 1 : 0);
  return Math.max(age, 0);
}

/** Live on a day: started (or start not known) and not yet ended. Someone who left on a day is gone that day. */
function isLiveOn(startsOn: string | null, endsOn: string | null, day: string): boolean {
  return (startsOn === null || startsOn <= day) && (endsOn === null || endsOn > day);
}

function hasEnded(endsOn: string | null, day: string): boolean {
  return endsOn !== null && endsOn <= day;
}

function toRef(facts: PersonFacts | undefined, today: string): PersonRef {
  if (!facts || relatedPersonDisclosure(facts) === 'restricted') {
    return { id: null, name: 'Restricted record', dateOfBirth: null, age: null, isRestricted: true, canOpen: false };
  }
  return {
    id: facts.id,
    name: `${facts.givenName} ${facts.familyName}`,
    dateOfBirth: facts.dateOfBirth,
    age: ageOn(facts.dateOfBirth, today),
    isRestricted: facts.isRestricted,
    canOpen: facts.visible,
  };
}

function ageText(ref: PersonRef): string {
  if (ref.id === null && ref.isRestricted) {
    return 'Age not shown';
  }
  if (ref.age === null) {
    return 'Age not known';
  }
  return ref.age === 0 ? 'Under 1' : `Age ${ref.age}`;
}

function periodText(startsAt: Date, endsAt: Date | null, now: Date): string {
  return endsAt && endsAt <= now
    ? `${formatShortDateOf(startsAt)} to ${formatShortDateOf(endsAt)}`
    : `since ${formatShortDateOf(startsAt)}`;
}

function byName(a: PersonRef, b: PersonRef): number {
  return a.name.localeCompare(b.name, 'en-GB') || (a.id ?? '').localeCompare(b.id ?? '');
}

function later(a: string | null, b: string | null): string | null {
  if (a === null) {
    return b;
  }
  return b !== null && b > a ? b : a;
}

/** An id that cannot exist answers like one the reader may not see, before it reaches the database. */
function requireId(id: string): string {
  if (!isUuid(id)) {
    throw notFound();
  }
  return id;
}

function validation(field: string, message: string): AppError {
  return new AppError(ErrorCode.VALIDATION, 'There is a problem with the information given', [{ field, message }]);
}

function overlaps(a: { startsOn: string | null; endsOn: string | null }, b: { startsOn: string | null; endsOn: string | null }): boolean {
  return (
    (a.startsOn === null || b.endsOn === null || a.startsOn < b.endsOn) &&
    (b.startsOn === null || a.endsOn === null || b.startsOn < a.endsOn)
  );
}

/**
 * From one person's side, a household holds only the people who were there while they were: who moved
 * into a former home after they left is no part of their record.
 */
function membersSharedWith(personId: string, members: HouseholdMemberRow[]): HouseholdMemberRow[] {
  return members.filter(
    (member) =>
      member.personId === personId ||
      members.some((own) => own.personId === personId && own.householdId === member.householdId && overlaps(own, member)),
  );
}

/** What one person's family looks like from the database, before anything is shaped for a reader. */
interface FamilyFacts {
  person: PersonFacts;
  today: string;
  /** Relationships touching the person, ended ones included. */
  relationships: Relationship[];
  /** Every household the person has been part of, and all members of those households over time. */
  households: HouseholdRow[];
  members: HouseholdMemberRow[];
  /** Households the person lives in or is part of today. */
  liveHouseholdIds: Set<string>;
  /** Relationships among the wider circle drawn in the genogram (the person's relations and household, and their family). */
  circleRelationships: Relationship[];
  circleIds: Set<string>;
  facts: Map<string, PersonFacts>;
}

export function createRelationshipsService(db: Db, clock: Clock, access: AccessService, directory: AgenciesService) {
  async function loadFamily(tx: Tx, actor: Actor, person: PersonFacts, now: Date): Promise<FamilyFacts> {
    const today = ukDateOf(now);
    // One connection inside a transaction: queries run one after another.
    const relationships = await repository.listRelationshipsTouching(tx, [person.id]);
    const households = await repository.listHouseholdsOfPerson(tx, person.id);
    const members = membersSharedWith(
      person.id,
      await repository.listMembersOfHouseholds(
        tx,
        households.map((household) => household.id),
      ),
    );
    const liveHouseholdIds = new Set(
      members
        .filter((member) => member.personId === person.id && isLiveOn(member.startsOn, member.endsOn, today))
        .map((member) => member.householdId),
    );
    const inner = new Set<string>([person.id]);
    for (const relationship of relationships) {
      inner.add(relationship.personId).add(relationship.relatedPersonId);
    }
    for (const member of members) {
      if (liveHouseholdIds.has(member.householdId) && isLiveOn(member.startsOn, member.endsOn, today)) {
        inner.add(member.personId);
      }
    }
    // One step further for family only, so that a parent's parents and partners appear in the genogram.
    const touchingInner = await repository.listRelationshipsTouching(tx, [...inner]);
    const circleIds = new Set(inner);
    for (const relationship of touchingInner) {
      if (!['friend', 'professional', 'other'].includes(relationship.kind)) {
        circleIds.add(relationship.personId).add(relationship.relatedPersonId);
      }
    }
    const circleRelationships = touchingInner.filter(
      (relationship) => circleIds.has(relationship.personId) && circleIds.has(relationship.relatedPersonId),
    );
    const everyone = new Set([...circleIds, ...members.map((member) => member.personId)]);
    const facts = await repository.listPeopleFacts(tx, actor, [...everyone], now);
    return { person, today, relationships, households, members, liveHouseholdIds, circleRelationships, circleIds, facts };
  }

  function relationshipViews(family: FamilyFacts): RelationshipView[] {
    const { person, today, facts } = family;
    return family.relationships
      .map((relationship): RelationshipView => {
        const isPersonSide = relationship.personId === person.id;
        const otherId = isPersonSide ? relationship.relatedPersonId : relationship.personId;
        return {
          id: relationship.id,
          kind: relationship.kind,
          label: isPersonSide ? RELATIONSHIP_LABELS[relationship.kind] : RELATIONSHIP_INVERSE_LABELS[relationship.kind],
          isPersonSide,
          other: toRef(facts.get(otherId), today),
          startsOn: relationship.startsOn,
          endsOn: relationship.endsOn,
          isCurrent: !hasEnded(relationship.endsOn, today),
          hasParentalResponsibility: relationship.hasParentalResponsibility,
          prEvidenceSeen: relationship.prEvidenceSeen,
          prEvidenceNote: relationship.prEvidenceNote,
          seenOn: relationship.seenOn,
          assessedOn: relationship.assessedOn,
          notes: relationship.notes,
        };
      })
      .sort((a, b) => Number(b.isCurrent) - Number(a.isCurrent) || byName(a.other, b.other) || a.id.localeCompare(b.id));
  }

  function toMember(row: HouseholdMemberRow, family: Pick<FamilyFacts, 'facts' | 'today'>): HouseholdMember {
    return {
      id: row.id,
      householdId: row.householdId,
      person: toRef(family.facts.get(row.personId), family.today),
      role: row.role,
      roleLabel: HOUSEHOLD_ROLE_LABELS[row.role],
      startsOn: row.startsOn,
      endsOn: row.endsOn,
      isCurrent: !hasEnded(row.endsOn, family.today),
      seenOn: row.seenOn,
      assessedOn: row.assessedOn,
      checksNote: row.checksNote,
    };
  }

  function householdViews(households: HouseholdRow[], members: HouseholdMemberRow[], family: Pick<FamilyFacts, 'facts' | 'today'>) {
    return households.map(
      (household): Household => ({
        id: household.id,
        label: household.label,
        postcode: household.postcode,
        createdAt: household.createdAt,
        members: members
          .filter((member) => member.householdId === household.id)
          .map((member) => toMember(member, family))
          .sort(
            (a, b) =>
              Number(b.isCurrent) - Number(a.isCurrent) ||
              HOUSEHOLD_ROLES.indexOf(a.role) - HOUSEHOLD_ROLES.indexOf(b.role) ||
              byName(a.person, b.person) ||
              a.id.localeCompare(b.id),
          ),
      }),
    );
  }

  /**
   * The adults around a child today: everyone 18 or over (or whose age is not known) who lives in,
   * regularly visits or is present in the child's household, and anyone who parents, cares for or
   * is a partner of the child wherever they live; each with whether they have been seen and assessed.
   */
  function adultsAround(family: FamilyFacts): AdultAroundChild[] {
    const { person: child, today, facts } = family;
    const candidates = new Map<string, { relationships: Relationship[]; memberships: HouseholdMemberRow[] }>();
    const entry = (id: string) => {
      let found = candidates.get(id);
      if (!found) {
        found = { relationships: [], memberships: [] };
        candidates.set(id, found);
      }
      return found;
    };
    for (const member of family.members) {
      if (
        member.personId !== child.id &&
        family.liveHouseholdIds.has(member.householdId) &&
        isLiveOn(member.startsOn, member.endsOn, today)
      ) {
        entry(member.personId).memberships.push(member);
      }
    }
    const liveRelationships = family.relationships.filter((relationship) => isLiveOn(relationship.startsOn, relationship.endsOn, today));
    for (const relationship of liveRelationships) {
      const childSide = relationship.personId === child.id;
      const otherId = childSide ? relationship.relatedPersonId : relationship.personId;
      if ((childSide && AROUND_CHILD_KINDS.includes(relationship.kind)) || PARTNER_KINDS.includes(relationship.kind)) {
        entry(otherId);
      }
    }
    for (const relationship of liveRelationships) {
      const otherId = relationship.personId === child.id ? relationship.relatedPersonId : relationship.personId;
      candidates.get(otherId)?.relationships.push(relationship);
    }
    const householdLabel = new Map(family.households.map((household) => [household.id, household.label]));

    const adults: AdultAroundChild[] = [];
    for (const [id, found] of candidates) {
      const personFacts = facts.get(id);
      const age = ageOn(personFacts?.dateOfBirth ?? null, today);
      if (age !== null && age < ADULT_AGE) {
        continue;
      }
      const labels = found.relationships.map((relationship) =>
        relationship.personId === child.id ? RELATIONSHIP_LABELS[relationship.kind] : RELATIONSHIP_INVERSE_LABELS[relationship.kind],
      );
      const parenting = found.relationships.filter(
        (relationship) => relationship.personId === child.id && PARENTING_KINDS.includes(relationship.kind),
      );
      const responsibility = parenting.map((relationship) => relationship.hasParentalResponsibility);
      const hasParentalResponsibility =
        parenting.length === 0 ? undefined : responsibility.includes(true) ? true : responsibility.includes(null) ? null : false;
      let lastSeenOn: string | null = null;
      let assessedOn: string | null = null;
      for (const record of [...found.memberships, ...found.relationships]) {
        lastSeenOn = later(lastSeenOn, record.seenOn);
        assessedOn = later(assessedOn, record.assessedOn);
      }
      const firstMembership = found.memberships[0];
      const checksRelationship = parenting[0] ?? found.relationships[0];
      adults.push({
        person: toRef(personFacts, today),
        relationshipLabel: labels.length > 0 ? [...new Set(labels)].join(', ') : 'Not related',
        hasParentalResponsibility,
        prEvidenceSeen: parenting.some((relationship) => relationship.hasParentalResponsibility === true && relationship.prEvidenceSeen),
        householdRoles: found.memberships.map((membership) => ({
          householdId: membership.householdId,
          householdLabel: householdLabel.get(membership.householdId) ?? '',
          role: membership.role,
          roleLabel: HOUSEHOLD_ROLE_LABELS[membership.role],
          memberId: membership.id,
        })),
        lastSeenOn,
        assessedOn,
        notSeen: lastSeenOn === null,
        notAssessed: assessedOn === null,
        checksTarget: firstMembership
          ? { kind: 'household_member', id: firstMembership.id }
          : { kind: 'relationship', id: (checksRelationship as Relationship).id },
      });
    }
    const roleOrder = (adult: AdultAroundChild) =>
      adult.householdRoles.length === 0
        ? HOUSEHOLD_ROLES.length
        : Math.min(...adult.householdRoles.map((role) => HOUSEHOLD_ROLES.indexOf(role.role)));
    return adults.sort(
      (a, b) => roleOrder(a) - roleOrder(b) || byName(a.person, b.person) || a.checksTarget.id.localeCompare(b.checksTarget.id),
    );
  }

  function genogramData(family: FamilyFacts): GenogramData {
    const { person, today, facts } = family;
    const refs = new Map([...family.circleIds].map((id) => [id, toRef(facts.get(id), today)]));
    const subjectRef = refs.get(person.id) as PersonRef;
    const others = [...family.circleIds]
      .filter((id) => id !== person.id)
      .sort((a, b) => byName(refs.get(a) as PersonRef, refs.get(b) as PersonRef));
    // Numbered keys: the picture carries no ids, not even those of people the reader may open.
    const keyOf = new Map<string, string>([[person.id, 'p0']]);
    others.forEach((id, index) => {
      keyOf.set(id, `p${index + 1}`);
    });
    const people: GenogramPerson[] = [person.id, ...others].map((id) => {
      const ref = refs.get(id) as PersonRef;
      return {
        key: keyOf.get(id) as string,
        name: ref.name,
        detail: ageText(ref),
        // A restricted person the reader cannot open shows nothing about them, their sex included.
        sex: ref.id === null ? undefined : sexForPicture(facts.get(id)?.sex),
        isSubject: id === person.id,
        isRestricted: ref.id === null,
      };
    });
    const links: GenogramLink[] = family.circleRelationships.map((relationship) => {
      const parenting = PARENTING_KINDS.includes(relationship.kind) && relationship.kind !== 'other';
      return {
        fromKey: keyOf.get(relationship.relatedPersonId) as string,
        toKey: keyOf.get(relationship.personId) as string,
        parenting,
        generations: relationship.kind === 'grandparent' ? 2 : 1,
        label: RELATIONSHIP_LABELS[relationship.kind],
        inverseLabel: RELATIONSHIP_INVERSE_LABELS[relationship.kind],
        ended: hasEnded(relationship.endsOn, today),
        parentalResponsibility: PARENTING_KINDS.includes(relationship.kind) ? relationship.hasParentalResponsibility : undefined,
        prEvidenceSeen: relationship.prEvidenceSeen,
      };
    });
    const households = family.households
      .filter((household) => family.liveHouseholdIds.has(household.id))
      .map((household, index) => ({
        key: `h${index + 1}`,
        label: household.label,
        memberKeys: family.members
          .filter((member) => member.householdId === household.id && isLiveOn(member.startsOn, member.endsOn, today))
          .map((member) => keyOf.get(member.personId))
          .filter((key): key is string => key !== undefined),
      }));
    return { id: 'genogram', title: `Genogram: ${subjectRef.name}’s family`, people, links, households };
  }

  function ecomapData(subject: PersonRef, involvements: Involvement[], now: Date): EcomapData {
    const agencies = new Map<string, { name: string; periods: Involvement[]; current: boolean }>();
    const workers = new Map<string, { name: string; agencyId: string | null; involvements: Involvement[] }>();
    for (const involvement of involvements) {
      if (involvement.agencyId) {
        const agency = agencies.get(involvement.agencyId) ?? {
          name: involvement.agencyName ?? 'Unknown agency',
          periods: [],
          current: false,
        };
        agency.current ||= involvement.isCurrent;
        if (involvement.kind === 'agency_involved') {
          agency.periods.push(involvement);
        }
        agencies.set(involvement.agencyId, agency);
      }
      const workerKey = involvement.userId ? `u:${involvement.userId}` : involvement.teamId ? `t:${involvement.teamId}` : undefined;
      if (workerKey) {
        const worker = workers.get(workerKey) ?? {
          name: involvement.workerName ?? involvement.teamName ?? 'Unknown',
          agencyId: involvement.agencyId,
          involvements: [],
        };
        worker.involvements.push(involvement);
        workers.set(workerKey, worker);
      }
    }
    const agencyKeys = new Map([...agencies.keys()].sort().map((id, index) => [id, `a${index + 1}`]));
    const latest = (list: Involvement[]) =>
      [...list].sort((a, b) => Number(b.isCurrent) - Number(a.isCurrent) || b.startsAt.getTime() - a.startsAt.getTime())[0];
    return {
      id: 'ecomap',
      title: `Ecomap: agencies and workers involved with ${subject.name}`,
      centre: { name: subject.name, detail: ageText(subject) },
      agencies: [...agencies].map(([id, agency]) => {
        const period = latest(agency.periods);
        return {
          key: agencyKeys.get(id) as string,
          name: agency.name,
          detail: period ? `Involved ${periodText(period.startsAt, period.endsAt, now)}` : 'Through its workers',
          current: agency.current,
        };
      }),
      workers: [...workers.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([, worker], index) => {
          const period = latest(worker.involvements) as Involvement;
          const kinds = [...new Set(worker.involvements.map((involvement) => involvement.kindLabel))].join(', ');
          return {
            key: `w${index + 1}`,
            agencyKey: worker.agencyId ? (agencyKeys.get(worker.agencyId) ?? null) : null,
            name: worker.name,
            detail: `${kinds} · ${periodText(period.startsAt, period.endsAt, now)}`,
            current: worker.involvements.some((involvement) => involvement.isCurrent),
          };
        }),
    };
  }

  /** Ids of the people whose names a view reveals, for the access log of each (restricted placeholders reveal none). */
  function revealed(refs: PersonRef[]): string[] {
    return refs.map((ref) => ref.id).filter((id): id is string => id !== null);
  }

  /**
   * Every read of a family view: the person must be visible to the reader, else the refusal is
   * audited (committed, not rolled back) and the answer is NOT_FOUND. An allowed read is audited as
   * `person.family.viewed`, and every other person it names as `person.listed`, in one transaction.
   */
  async function readFamily<T>(
    actor: Actor,
    personId: string,
    part: string,
    build: (tx: Tx, person: PersonFacts, now: Date) => Promise<{ value: T; shown: string[] }>,
  ): Promise<T> {
    requireId(personId);
    const outcome = await withTransaction(db, async (tx) => {
      const now = clock.now();
      const person = await repository.findVisiblePerson(tx, actor, personId, now);
      if (!person) {
        await recordAuditEvent(tx, actor, clock, {
          action: 'person.family.viewed',
          outcome: 'denied',
          subjectType: 'person',
          subjectId: personId,
          purpose: part,
        });
        return undefined;
      }
      const { value, shown } = await build(tx, person, now);
      const others = [...new Set(shown)].filter((id) => id !== personId).sort();
      await recordAuditEvents(tx, actor, clock, [
        { action: 'person.family.viewed', subjectType: 'person', subjectId: personId, purpose: part },
        ...others.map(
          (id): AuditEventInput => ({
            action: 'person.listed',
            subjectType: 'person',
            subjectId: id,
            purpose: 'family view',
            details: { viaPersonId: personId },
          }),
        ),
      ]);
      return { value };
    });
    if (!outcome) {
      throw notFound();
    }
    return outcome.value;
  }

  /** Involvement with names, read outside any transaction (the access and agencies services use their own connection). */
  async function involvementsOf(actor: Actor, personId: string): Promise<Involvement[] | undefined> {
    requireId(personId);
    let bases: AccessBasis[];
    try {
      bases = await access.listBasesForPerson(actor, personId);
    } catch (error) {
      if (isAppError(error) && error.code === ErrorCode.NOT_FOUND) {
        return undefined;
      }
      throw error;
    }
    const now = clock.now();
    // A restricted-record grant is permission to read, not work with the person: it is not involvement.
    const involvementBases = bases.filter((basis) => basis.kind !== 'restricted_grant');
    const [agencies, teams] = await Promise.all([
      actor.partnershipId ? directory.listAgencies(actor.partnershipId) : Promise.resolve([]),
      directory.listTeams(),
    ]);
    const agencyById = new Map(agencies.map((agency) => [agency.id, agency]));
    const teamById = new Map(teams.map((team) => [team.id, team]));
    const userIds = [...new Set(involvementBases.map((basis) => basis.userId).filter((id): id is string => id !== null))];
    const users = new Map(
      (await Promise.all(userIds.map((id) => directory.findUserById(id)))).flatMap((user) => (user ? [[user.id, user] as const] : [])),
    );
    return involvementBases.map((basis): Involvement => {
      const user = basis.userId ? users.get(basis.userId) : undefined;
      const team = basis.teamId ? teamById.get(basis.teamId) : undefined;
      const agencyId = basis.agencyId ?? user?.agencyId ?? team?.agencyId ?? null;
      const agency = agencyId ? agencyById.get(agencyId) : undefined;
      return {
        id: basis.id,
        kind: basis.kind,
        kindLabel: ACCESS_BASIS_LABELS[basis.kind],
        agencyId,
        agencyName: agency ? agency.name : null,
        teamId: basis.teamId,
        teamName: team?.name ?? null,
        userId: basis.userId,
        workerName: user?.displayName ?? null,
        startsAt: basis.startsAt,
        endsAt: basis.endsAt,
        isCurrent: basis.startsAt <= now && (basis.endsAt === null || basis.endsAt > now),
      };
    });
  }

  function requireCanRecord(actor: Actor): { userId: string; partnershipId: string } {
    if (!canRecordFamily(actor) || !actor.userId || !actor.partnershipId) {
      throw new AppError(ErrorCode.FORBIDDEN, 'Your role cannot record family relationships or households');
    }
    return { userId: actor.userId, partnershipId: actor.partnershipId };
  }

  /** A person to link to: anyone in the same partnership, whether or not the actor may open their record (ADR 0011). */
  async function requireLinkable(tx: Tx, personId: string, partnershipId: string, field: string): Promise<void> {
    const found = await repository.unsafeFindPersonPartnership(tx, personId);
    // One message for "no such person" and "another partnership's person", so neither leaks.
    if (found !== partnershipId) {
      throw validation(field, 'Select a person already recorded in this partnership');
    }
  }

  function requireNotFuture(day: string | undefined, field: string, today: string, what: string): void {
    if (day && day > today) {
      throw validation(field, `The date ${what} must be today or in the past`);
    }
  }

  async function writeChecks(
    actor: Actor,
    target: { kind: 'household_member' | 'relationship'; id: string },
    rawInput: RecordAdultChecksInput,
  ): Promise<void> {
    requireCanRecord(actor);
    requireId(target.id);
    const input = parseInput(RecordAdultChecksInput, rawInput);
    await withTransaction(db, async (tx) => {
      const now = clock.now();
      const today = ukDateOf(now);
      requireNotFuture(input.seenOn, 'seenOn', today, 'they were seen');
      requireNotFuture(input.assessedOn, 'assessedOn', today, 'they were assessed');
      let subjectId: string;
      // A relationship's checks are about whichever of the two is the adult: both records log the write.
      let otherId: string | undefined;
      let written: boolean;
      if (target.kind === 'household_member') {
        const member = await repository.findVisibleMember(tx, actor, target.id, now);
        if (!member) {
          throw notFound();
        }
        subjectId = member.personId;
        written = await repository.recordMemberChecks(tx, member.id, {
          seenOn: input.seenOn ?? member.seenOn,
          assessedOn: input.assessedOn ?? member.assessedOn,
          note: input.note,
          expectedVersion: member.version,
        });
      } else {
        const relationship = await repository.findVisibleRelationship(tx, actor, target.id, now);
        if (!relationship) {
          throw notFound();
        }
        subjectId = relationship.relatedPersonId;
        otherId = relationship.personId;
        written = await repository.recordRelationshipChecks(tx, relationship.id, {
          seenOn: input.seenOn ?? relationship.seenOn,
          assessedOn: input.assessedOn ?? relationship.assessedOn,
          note: input.note,
          expectedVersion: relationship.version,
        });
      }
      if (!written) {
        throw new AppError(ErrorCode.STALE_VERSION, 'Someone else changed this record at the same moment. Try again.');
      }
      const details = {
        [target.kind === 'household_member' ? 'householdMemberId' : 'relationshipId']: target.id,
        seen: !!input.seenOn,
        assessed: !!input.assessedOn,
      };
      await recordAuditEvents(
        tx,
        actor,
        clock,
        [subjectId, ...(otherId ? [otherId] : [])].map((id) => ({
          action: 'person.adult-checks-recorded',
          subjectType: 'person',
          subjectId: id,
          details,
        })),
      );
    });
  }

  return {
    /**
     * The people who share a household with this person at the given time, the person included.
     * Ids only and unscoped: callers (the family chronology) apply their own visibility rules.
     */
    async householdMemberIds(personId: string, at: Date): Promise<string[]> {
      const ids = await repository.unsafeHouseholdMemberIds(db, personId, ukDateOf(at));
      return [personId, ...ids.filter((id) => id !== personId).sort()];
    },

    /**
     * Records that the related person is the <kind> of the person (Kayleigh is Ellie's mother). The
     * actor must be able to open the person's record; the related person need only be in the same
     * partnership. Parental responsibility is recorded as known or not, never assumed.
     */
    async recordRelationship(actor: Actor, rawInput: RecordRelationshipInput): Promise<Relationship> {
      const { userId } = requireCanRecord(actor);
      const input = parseInput(RecordRelationshipInput, rawInput);
      return withTransaction(db, async (tx) => {
        const now = clock.now();
        const person = await repository.findVisiblePerson(tx, actor, input.personId, now);
        if (!person) {
          throw notFound();
        }
        await requireLinkable(tx, input.relatedPersonId, person.partnershipId, 'relatedPersonId');
        const today = ukDateOf(now);
        const existing = await repository.listRelationshipsTouching(tx, [person.id]);
        if (
          existing.some(
            (row) =>
              row.personId === person.id &&
              row.relatedPersonId === input.relatedPersonId &&
              row.kind === input.kind &&
              !hasEnded(row.endsOn, today),
          )
        ) {
          throw validation('kind', 'This relationship is already recorded and has not ended');
        }
        const relationship: Relationship = {
          id: newId(),
          personId: person.id,
          relatedPersonId: input.relatedPersonId,
          kind: input.kind,
          startsOn: input.startsOn ?? null,
          endsOn: input.endsOn ?? null,
          hasParentalResponsibility: input.hasParentalResponsibility ?? null,
          prEvidenceSeen: input.prEvidenceSeen,
          prEvidenceNote: input.prEvidenceNote ?? null,
          seenOn: null,
          assessedOn: null,
          checksNote: null,
          notes: input.notes ?? null,
          recordedAt: now,
          version: 1,
        };
        await repository.insertRelationship(tx, { ...relationship, partnershipId: person.partnershipId, recordedBy: userId });
        const details = { relationshipId: relationship.id, kind: relationship.kind };
        await recordAuditEvents(tx, actor, clock, [
          { action: 'relationship.recorded', subjectType: 'person', subjectId: person.id, details },
          { action: 'relationship.recorded', subjectType: 'person', subjectId: input.relatedPersonId, details },
        ]);
        return relationship;
      });
    },

    /** Ends a relationship on a day; the relationship is kept, dated, and drawn dashed. */
    async endRelationship(actor: Actor, relationshipId: string, rawInput: EndRelationshipInput): Promise<Relationship> {
      const { userId } = requireCanRecord(actor);
      requireId(relationshipId);
      const input = parseInput(EndRelationshipInput, rawInput);
      return withTransaction(db, async (tx) => {
        const now = clock.now();
        const relationship = await repository.findVisibleRelationship(tx, actor, relationshipId, now);
        if (!relationship) {
          throw notFound();
        }
        if (relationship.endsOn !== null) {
          throw new AppError(ErrorCode.INVALID_TRANSITION, 'This relationship has already ended');
        }
        if (relationship.startsOn && input.endsOn < relationship.startsOn) {
          throw validation('endsOn', 'The end date must be the same as or after the start date');
        }
        if (
          !(await repository.endRelationship(tx, relationship.id, {
            endsOn: input.endsOn,
            endedBy: userId,
            expectedVersion: relationship.version,
          }))
        ) {
          throw new AppError(ErrorCode.STALE_VERSION, 'Someone else changed this relationship at the same moment. Try again.');
        }
        const details = { relationshipId: relationship.id, kind: relationship.kind };
        await recordAuditEvents(tx, actor, clock, [
          { action: 'relationship.ended', subjectType: 'person', subjectId: relationship.personId, details },
          { action: 'relationship.ended', subjectType: 'person', subjectId: relationship.relatedPersonId, details },
        ]);
        return { ...relationship, endsOn: input.endsOn, version: relationship.version + 1 };
      });
    },

    /** The person's relationships from their side ("Mother", or from the mother's record "Child"), current first. */
    listRelationships(actor: Actor, personId: string): Promise<RelationshipView[]> {
      return readFamily(actor, personId, 'relationships', async (tx, person, now) => {
        const views = relationshipViews(await loadFamily(tx, actor, person, now));
        return { value: views, shown: revealed(views.map((view) => view.other)) };
      });
    },

    /** Starts a household with its first member, whom the actor must be able to open. */
    async createHousehold(actor: Actor, rawInput: CreateHouseholdInput): Promise<Household> {
      const { userId } = requireCanRecord(actor);
      const input = parseInput(CreateHouseholdInput, rawInput);
      return withTransaction(db, async (tx) => {
        const now = clock.now();
        const person = await repository.findVisiblePerson(tx, actor, input.personId, now);
        if (!person) {
          throw notFound();
        }
        const household: HouseholdRow = {
          id: newId(),
          partnershipId: person.partnershipId,
          label: input.label,
          postcode: input.postcode ?? null,
          createdAt: now,
        };
        const member: HouseholdMemberRow = {
          id: newId(),
          householdId: household.id,
          personId: person.id,
          role: input.role,
          startsOn: input.startsOn ?? null,
          endsOn: null,
          seenOn: null,
          assessedOn: null,
          checksNote: null,
          version: 1,
        };
        await repository.insertHousehold(tx, { ...household, createdBy: userId });
        await repository.insertHouseholdMember(tx, { ...member, recordedBy: userId, recordedAt: now });
        await recordAuditEvent(tx, actor, clock, {
          action: 'household.created',
          subjectType: 'person',
          subjectId: person.id,
          details: { householdId: household.id, householdMemberId: member.id, role: member.role },
        });
        const facts = new Map([[person.id, person]]);
        return householdViews([household], [member], { facts, today: ukDateOf(now) })[0] as Household;
      });
    },

    /** Adds someone to a household the actor can see (through any member they may open). */
    async addHouseholdMember(actor: Actor, householdId: string, rawInput: AddHouseholdMemberInput): Promise<HouseholdMember> {
      const { userId } = requireCanRecord(actor);
      requireId(householdId);
      const input = parseInput(AddHouseholdMemberInput, rawInput);
      return withTransaction(db, async (tx) => {
        const now = clock.now();
        const today = ukDateOf(now);
        const household = await repository.findVisibleHousehold(tx, actor, householdId, now);
        if (!household) {
          throw notFound();
        }
        await requireLinkable(tx, input.personId, household.partnershipId, 'personId');
        const members = await repository.listMembersOfHouseholds(tx, [household.id]);
        if (members.some((member) => member.personId === input.personId && !hasEnded(member.endsOn, today))) {
          throw validation('personId', 'This person is already recorded in this household');
        }
        const member: HouseholdMemberRow = {
          id: newId(),
          householdId: household.id,
          personId: input.personId,
          role: input.role,
          startsOn: input.startsOn ?? null,
          endsOn: input.endsOn ?? null,
          seenOn: null,
          assessedOn: null,
          checksNote: null,
          version: 1,
        };
        await repository.insertHouseholdMember(tx, { ...member, recordedBy: userId, recordedAt: now });
        await recordAuditEvent(tx, actor, clock, {
          action: 'household.member-added',
          subjectType: 'person',
          subjectId: input.personId,
          details: { householdId: household.id, householdMemberId: member.id, role: member.role },
        });
        const facts = await repository.listPeopleFacts(tx, actor, [input.personId], now);
        return toMember(member, { facts, today });
      });
    },

    /** Records that someone left a household on a day; their time there is kept. */
    async endHouseholdMembership(actor: Actor, memberId: string, rawInput: EndHouseholdMembershipInput): Promise<void> {
      const { userId } = requireCanRecord(actor);
      requireId(memberId);
      const input = parseInput(EndHouseholdMembershipInput, rawInput);
      await withTransaction(db, async (tx) => {
        const now = clock.now();
        const member = await repository.findVisibleMember(tx, actor, memberId, now);
        if (!member) {
          throw notFound();
        }
        if (member.endsOn !== null) {
          throw new AppError(ErrorCode.INVALID_TRANSITION, 'This person has already left this household');
        }
        if (member.startsOn && input.endsOn < member.startsOn) {
          throw validation('endsOn', 'The date they left must be the same as or after the date they joined');
        }
        if (
          !(await repository.endHouseholdMembership(tx, member.id, {
            endsOn: input.endsOn,
            endedBy: userId,
            expectedVersion: member.version,
          }))
        ) {
          throw new AppError(ErrorCode.STALE_VERSION, 'Someone else changed this household at the same moment. Try again.');
        }
        await recordAuditEvent(tx, actor, clock, {
          action: 'household.member-ended',
          subjectType: 'person',
          subjectId: member.personId,
          details: { householdId: member.householdId, householdMemberId: member.id },
        });
      });
    },

    /** Records when an adult in a household was seen and/or assessed. A date not given keeps the one already recorded. */
    recordAdultChecks: (actor: Actor, memberId: string, rawInput: RecordAdultChecksInput): Promise<void> =>
      writeChecks(actor, { kind: 'household_member', id: memberId }, rawInput),

    /** The same for an adult around a child who is not in the child's household (a father living elsewhere). */
    recordRelationshipChecks: (actor: Actor, relationshipId: string, rawInput: RecordAdultChecksInput): Promise<void> =>
      writeChecks(actor, { kind: 'relationship', id: relationshipId }, rawInput),

    /** One household and everyone who has been in it, for a reader who may open at least one of them. */
    async getHousehold(actor: Actor, householdId: string): Promise<Household> {
      requireId(householdId);
      const household = await withTransaction(db, async (tx) => {
        const now = clock.now();
        const found = await repository.findVisibleHousehold(tx, actor, householdId, now);
        if (!found) {
          await recordAuditEvent(tx, actor, clock, {
            action: 'household.viewed',
            outcome: 'denied',
            subjectType: 'household',
            subjectId: householdId,
          });
          return undefined;
        }
        const members = await repository.listMembersOfHouseholds(tx, [found.id]);
        const facts = await repository.listPeopleFacts(
          tx,
          actor,
          members.map((member) => member.personId),
          now,
        );
        const [view] = householdViews([found], members, { facts, today: ukDateOf(now) });
        await recordAuditEvents(tx, actor, clock, [
          { action: 'household.viewed', subjectType: 'household', subjectId: found.id },
          ...revealed((view as Household).members.map((member) => member.person)).map(
            (id): AuditEventInput => ({
              action: 'person.listed',
              subjectType: 'person',
              subjectId: id,
              purpose: 'household view',
              details: { householdId: found.id },
            }),
          ),
        ]);
        return view;
      });
      if (!household) {
        throw notFound();
      }
      return household;
    },

    /** Every household the person has been part of, with everyone in each over time. */
    getHouseholds(actor: Actor, personId: string): Promise<Household[]> {
      return readFamily(actor, personId, 'households', async (tx, person, now) => {
        const family = await loadFamily(tx, actor, person, now);
        const views = householdViews(family.households, family.members, family);
        return { value: views, shown: revealed(views.flatMap((view) => view.members.map((member) => member.person))) };
      });
    },

    /** "Who are the adults around this child, and which of them has been seen or assessed?" */
    adultsAroundChild(actor: Actor, childId: string): Promise<AdultAroundChild[]> {
      return readFamily(actor, childId, 'adults-around', async (tx, person, now) => {
        const adults = adultsAround(await loadFamily(tx, actor, person, now));
        return { value: adults, shown: revealed(adults.map((adult) => adult.person)) };
      });
    },

    /** Which agencies, teams and workers are involved with the person, from when to when (this is also what grants access). */
    async listInvolvements(actor: Actor, personId: string): Promise<Involvement[]> {
      const involvements = await involvementsOf(actor, personId);
      return readFamily(actor, personId, 'involvements', async () => ({ value: involvements ?? [], shown: [] }));
    },

    /** The genogram's facts, for the picture and its text alternative. */
    getGenogram(actor: Actor, personId: string): Promise<GenogramData> {
      return readFamily(actor, personId, 'genogram', async (tx, person, now) => {
        const family = await loadFamily(tx, actor, person, now);
        const data = genogramData(family);
        return { value: data, shown: revealed([...family.circleIds].map((id) => toRef(family.facts.get(id), family.today))) };
      });
    },

    /** The ecomap's facts: the person and the agencies and workers around them. */
    async getEcomap(actor: Actor, personId: string): Promise<{ data: EcomapData; involvements: Involvement[] }> {
      const involvements = (await involvementsOf(actor, personId)) ?? [];
      return readFamily(actor, personId, 'ecomap', async (_tx, person, now) => ({
        value: { data: ecomapData(toRef(person, ukDateOf(now)), involvements, now), involvements },
        shown: [],
      }));
    },

    /** Everything on a person's family page in one audited read. */
    async getFamilyView(actor: Actor, personId: string) {
      const involvements = (await involvementsOf(actor, personId)) ?? [];
      return readFamily(actor, personId, 'family page', async (tx, person, now) => {
        const family = await loadFamily(tx, actor, person, now);
        const subject = toRef(person, family.today);
        const adults = adultsAround(family);
        const households = householdViews(family.households, family.members, family);
        const relationships = relationshipViews(family);
        const circle = [...family.circleIds].map((id) => toRef(family.facts.get(id), family.today));
        const view = {
          person: subject,
          today: family.today,
          adultsAround: adults,
          households,
          relationships,
          involvements,
          genogram: genogramData(family),
          ecomap: ecomapData(subject, involvements, now),
          /** Everyone in the family circle, for choosing whom to link (the restricted without a name are left out). */
          circle: circle.filter((ref) => ref.id !== null && ref.id !== person.id).sort(byName),
        };
        return {
          value: view,
          shown: revealed([
            ...adults.map((adult) => adult.person),
            ...households.flatMap((household) => household.members.map((member) => member.person)),
            ...relationships.map((relationship) => relationship.other),
            ...circle,
          ]),
        };
      });
    },
  };
}

export type RelationshipsService = ReturnType<typeof createRelationshipsService>;
export type FamilyView = Awaited<ReturnType<RelationshipsService['getFamilyView']>>;

/** The genogram draws female, male and unknown; an indeterminate or unrecorded sex is drawn as not recorded. */
function sexForPicture(sex: string | null | undefined): 'male' | 'female' | 'unknown' | undefined {
  return sex === 'male' || sex === 'female' || sex === 'unknown' ? sex : undefined;
}
