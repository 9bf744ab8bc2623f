import { type Command, Option } from 'commander';
import type { User } from '../../modules/agencies/index.ts';
import { NewPassword } from '../../modules/identity/index.ts';
import { ROLES, type Role } from '../../platform/access/actor.ts';
import type { Services } from '../../services.ts';
import { CliError, ExitCode } from '../cli-error.ts';
import { type CliIo, line } from '../cli-io.ts';
import { formatTable, toJson } from '../format.ts';
import { withServices } from '../open-services.ts';
import { collectRole, parseRole } from './arguments.ts';
import { requireAgencyByCode, requireTeamByName, requireUserByEmail } from './lookups.ts';

/** One password from standard input: everything up to the end, less one trailing newline. */
export async function readPassword(io: CliIo): Promise<string> {
  const password = (await io.readStdin()).replace(/\r?\n$/, '');
  if (password === '') {
    throw new CliError(ExitCode.usage, 'No password was given on standard input (--password-stdin).');
  }
  // Checked before the user is created, so a refused password does not leave an account without one.
  const checked = NewPassword.safeParse(password);
  if (!checked.success) {
    throw new CliError(ExitCode.failed, checked.error.issues[0]?.message ?? 'The password is not acceptable.');
  }
  return password;
}

interface UserRow {
  id: string;
  email: string;
  displayName: string;
  agency: string;
  roles: Role[];
  kind: User['kind'];
  isActive: boolean;
  isDemo: boolean;
}

/** Users with their agency code and live roles, through the agencies service only (one query per role). */
async function listUserRows(services: Services, filter: { agencyId?: string; role?: Role }): Promise<UserRow[]> {
  const [users, agencies] = await Promise.all([services.agencies.listUsers(filter), services.agencies.listAgencies()]);
  const agencyCodes = new Map(agencies.map((agency) => [agency.id, agency.code]));
  const rolesByUser = new Map<string, Role[]>();
  for (const role of ROLES) {
    for (const holder of await services.agencies.listUsers({ ...filter, role })) {
      rolesByUser.set(holder.id, [...(rolesByUser.get(holder.id) ?? []), role]);
    }
  }
  return users.map((user) => ({
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    agency: agencyCodes.get(user.agencyId) ?? user.agencyId,
    roles: rolesByUser.get(user.id) ?? [],
    kind: user.kind,
    isActive: user.isActive,
    isDemo: user.isDemo,
  }));
}

export function registerUserCommands(program: Command, io: CliIo): void {
  const users = program.command('users').description('people and service accounts');

  users
    .command('list')
    .description('list users, by name')
    .option('--agency <code>', 'only users of this agency (e.g. childrens)')
    .option('--partnership <code>', 'the partnership the agency belongs to, when more than one has that code')
    .option('--role <role>', `only users holding this role (${ROLES.join(', ')})`, parseRole)
    .option('--json', 'print JSON instead of a table')
    .action(async (options: { agency?: string; partnership?: string; role?: Role; json?: boolean }) => {
      await withServices(io, async ({ services }) => {
        const agency = options.agency === undefined ? undefined : await requireAgencyByCode(services, options.agency, options.partnership);
        const rows = await listUserRows(services, {
          ...(agency ? { agencyId: agency.id } : {}),
          ...(options.role ? { role: options.role } : {}),
        });
        if (options.json) {
          io.stdout(toJson(rows));
          return;
        }
        if (rows.length === 0) {
          line(io.stderr, 'No users found.');
          return;
        }
        const table = formatTable(
          ['EMAIL', 'NAME', 'AGENCY', 'ROLES', 'STATUS'],
          rows.map((row) => [
            row.email,
            row.displayName,
            row.agency,
            row.roles.join(',') || '-',
            [row.isActive ? 'active' : 'deactivated', row.kind === 'service' ? 'service account' : '', row.isDemo ? 'demo' : '']
              .filter(Boolean)
              .join(', '),
          ]),
        );
        line(io.stdout, table);
      });
    });

  users
    .command('create')
    .description('create a user in an agency, with one or more roles')
    .requiredOption('--email <email>', 'their work email address (used to sign in)')
    .requiredOption('--name <name>', 'their full name, as colleagues will see it')
    .requiredOption('--agency <code>', 'the code of their agency (see: wholepicture users list)')
    .option('--partnership <code>', 'the partnership the agency belongs to, when more than one has that code')
    .option('--team <name>', 'the name of their team within the agency')
    .addOption(
      new Option('--role <role>', `a role to grant; repeat for more (${ROLES.join(', ')})`).argParser(collectRole).makeOptionMandatory(),
    )
    .option('--service-account', 'an account for an API client rather than a person (cannot sign in with a password)')
    .option('--password-stdin', 'read a password (12+ characters) from standard input; otherwise they sign in through OIDC')
    .action(
      async (options: {
        email: string;
        name: string;
        agency: string;
        partnership?: string;
        team?: string;
        role: Role[];
        serviceAccount?: boolean;
        passwordStdin?: boolean;
      }) => {
        if (options.serviceAccount && options.passwordStdin) {
          throw new CliError(ExitCode.usage, 'A service account cannot have a password: it uses API tokens (wholepicture tokens create).');
        }
        const password = options.passwordStdin ? await readPassword(io) : undefined;
        await withServices(io, async ({ services, actor }) => {
          const agency = await requireAgencyByCode(services, options.agency, options.partnership);
          const team = options.team === undefined ? undefined : await requireTeamByName(services, agency, options.team);
          const user = await services.agencies.createUser(actor, {
            email: options.email,
            displayName: options.name,
            agencyId: agency.id,
            roles: options.role,
            teamIds: team ? [team.id] : [],
            kind: options.serviceAccount ? 'service' : 'person',
          });
          if (password !== undefined) {
            await services.identity.setPassword(actor, user.id, password);
          }
          line(
            io.stdout,
            `Created ${options.serviceAccount ? 'service account' : 'user'} ${user.email} (${user.id}) in ${agency.name}${team ? `, ${team.name}` : ''}, with role(s) ${[...new Set(options.role)].join(', ')}${password === undefined ? '' : ', and a password'}.`,
          );
        });
      },
    );

  users
    .command('deactivate')
    .description('stop a user signing in or using the API at once (their sessions end; the account and its history stay)')
    .requiredOption('--email <email>', 'the user’s email address')
    .action(async (options: { email: string }) => {
      await withServices(io, async ({ services, actor }) => {
        const user = await requireUserByEmail(services, options.email);
        if (!user.isActive) {
          line(io.stdout, `${user.email} is already deactivated: nothing changed.`);
          return;
        }
        await services.agencies.deactivateUser(actor, user.id);
        line(io.stdout, `Deactivated ${user.email}: their sessions have ended and their API tokens no longer work.`);
      });
    });

  users
    .command('set-password')
    .description('set or replace a person’s password, read from standard input')
    .requiredOption('--email <email>', 'the user’s email address')
    .requiredOption('--password-stdin', 'read the password (12+ characters) from standard input')
    .action(async (options: { email: string }) => {
      const password = await readPassword(io);
      await withServices(io, async ({ services, actor }) => {
        const user = await requireUserByEmail(services, options.email);
        if (user.kind !== 'person') {
          throw new CliError(ExitCode.failed, `${user.email} is a service account: it uses API tokens, not a password.`);
        }
        await services.identity.setPassword(actor, user.id, password);
        line(io.stdout, `Set a new password for ${user.email}.`);
      });
    });
}
