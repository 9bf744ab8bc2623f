import type { FastifyInstance } from 'fastify';
import { BREAK_GLASS_REASON_LABELS } from '../../../modules/access/index.ts';
import { AGENCY_KIND_LABELS } from '../../../modules/agencies/index.ts';
import type { Actor } from '../../../platform/access/actor.ts';
import { hasPermission, Permission } from '../../../platform/access/permissions.ts';
import type { Services } from '../../../services.ts';
import { pageActor, renderPage, requireSignedIn } from '../../web-context.ts';

/**
 * The home page: what this person's roles let them do, one section per role. Case workers get their
 * people; the privacy officer the emergency access to review; the business unit partnership figures
 * (never case records); the administrator the users.
 */
export async function homeRoutes(app: FastifyInstance, services: Services): Promise<void> {
  app.get('/', { preHandler: requireSignedIn }, async (request, reply) => {
    const actor = pageActor(request);
    const [people, breakGlass, partnership, users] = await Promise.all([
      hasPermission(actor, Permission.caseRecords) ? services.people.listPeople(actor) : undefined,
      hasPermission(actor, Permission.privacyOversight) ? breakGlassToReview(services, actor) : undefined,
      hasPermission(actor, Permission.partnershipFigures) ? partnershipFigures(services, actor) : undefined,
      hasPermission(actor, Permission.administerUsers) ? usersOfPartnership(services, actor) : undefined,
    ]);
    return renderPage(request, reply, 'home/home.njk', {
      pageTitle: 'Home',
      people,
      breakGlass,
      partnership,
      users,
      noRoles: actor.roles.length === 0,
    });
  });
}

async function agenciesOf(services: Services, actor: Actor) {
  return actor.partnershipId ? services.agencies.listAgencies(actor.partnershipId) : [];
}

async function breakGlassToReview(services: Services, actor: Actor) {
  const [grants, users] = await Promise.all([services.access.listBreakGlassAwaitingReview(actor), usersOfPartnership(services, actor)]);
  const nameOf = new Map(users.map((user) => [user.id, `${user.displayName} (${user.agencyName})`]));
  return grants.map((grant) => ({
    ...grant,
    userName: nameOf.get(grant.userId) ?? 'Unknown user',
    reason: BREAK_GLASS_REASON_LABELS[grant.reasonCode as keyof typeof BREAK_GLASS_REASON_LABELS] ?? grant.reasonCode,
  }));
}

async function partnershipFigures(services: Services, actor: Actor) {
  const agencies = await agenciesOf(services, actor);
  const rows = await Promise.all(
    agencies.map(async (agency) => ({
      name: agency.name,
      kind: AGENCY_KIND_LABELS[agency.kind],
      isStatutoryPartner: agency.isStatutoryPartner,
      teams: (await services.agencies.listTeams(agency.id)).length,
      users: (await services.agencies.listUsers({ agencyId: agency.id })).filter((user) => user.isActive).length,
    })),
  );
  return { agencies: rows, statutoryPartners: rows.filter((row) => row.isStatutoryPartner).length };
}

async function usersOfPartnership(services: Services, actor: Actor) {
  const agencies = await agenciesOf(services, actor);
  const agencyName = new Map(agencies.map((agency) => [agency.id, agency.name]));
  const users = await services.agencies.listUsers();
  return users
    .filter((user) => agencyName.has(user.agencyId))
    .map((user) => ({ ...user, agencyName: agencyName.get(user.agencyId) ?? '' }));
}
