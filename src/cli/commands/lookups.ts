import type { Agency, Team, User } from '../../modules/agencies/index.ts';
import type { Services } from '../../services.ts';
import { CliError, ExitCode } from '../cli-error.ts';

/** Finding the things a command names by email or code; an unknown name is a refusal (exit 1), with the choices listed. */
export async function requireUserByEmail(services: Services, email: string): Promise<User> {
  const user = await services.agencies.findUserByEmail(email);
  if (!user) {
    throw new CliError(ExitCode.failed, `No user has the email address ${email.trim()}.`);
  }
  return user;
}

export async function requireAgencyByCode(services: Services, code: string, partnershipCode?: string): Promise<Agency> {
  let partnershipId: string | undefined;
  if (partnershipCode !== undefined) {
    const partnership = await services.agencies.findPartnershipByCode(partnershipCode.trim());
    if (!partnership) {
      throw new CliError(ExitCode.failed, `No partnership has the code "${partnershipCode.trim()}".`);
    }
    partnershipId = partnership.id;
  }
  const agencies = await services.agencies.listAgencies(partnershipId);
  const wanted = code.trim().toLowerCase();
  const matches = agencies.filter((agency) => agency.code === wanted);
  if (matches.length === 1) {
    return matches[0] as Agency;
  }
  if (matches.length > 1) {
    throw new CliError(ExitCode.failed, `More than one partnership has an agency with the code "${wanted}": add --partnership CODE.`);
  }
  const known = [...new Set(agencies.map((agency) => agency.code))].sort();
  throw new CliError(
    ExitCode.failed,
    known.length === 0
      ? `No agency has the code "${wanted}": there are no agencies yet.`
      : `No agency has the code "${wanted}". Agency codes: ${known.join(', ')}.`,
  );
}

/** Teams have no code; they are named by their name within the agency, ignoring case. */
export async function requireTeamByName(services: Services, agency: Agency, name: string): Promise<Team> {
  const teams = await services.agencies.listTeams(agency.id);
  const team = teams.find((candidate) => candidate.name.toLowerCase() === name.trim().toLowerCase());
  if (!team) {
    const known = teams.map((candidate) => `"${candidate.name}"`).join(', ');
    throw new CliError(
      ExitCode.failed,
      known ? `${agency.name} has no team called "${name.trim()}". Its teams: ${known}.` : `${agency.name} has no teams.`,
    );
  }
  return team;
}
