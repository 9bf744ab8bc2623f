import type { Command } from 'commander';
import { CliError, ExitCode } from '../cli-error.ts';
import { type CliIo, line } from '../cli-io.ts';
import { formatDateTime, formatTable, toJson } from '../format.ts';
import { withServices } from '../open-services.ts';
import { parseUuid, parseWholeNumber } from './arguments.ts';
import { requireUserByEmail } from './lookups.ts';

function tokenStatus(token: { expiresAt: Date; revokedAt: Date | null }, now: Date): 'revoked' | 'expired' | 'live' {
  if (token.revokedAt) {
    return 'revoked';
  }
  return token.expiresAt.getTime() <= now.getTime() ? 'expired' : 'live';
}

export function registerTokenCommands(program: Command, io: CliIo): void {
  const tokens = program.command('tokens').description('API bearer tokens');

  tokens
    .command('create')
    .description('create a bearer token for a user; prints only the token on stdout, so TOKEN=$(wholepicture tokens create …) works')
    .requiredOption('--user <email>', 'the user (person or service account) the token acts as')
    .option('--label <label>', 'what the token is for, shown in lists', 'created with wholepicture')
    .option('--expires-in-days <days>', 'days until it expires (1 to 365; default 90)', parseWholeNumber)
    .action(async (options: { user: string; label: string; expiresInDays?: number }) => {
      await withServices(io, async ({ services, actor }) => {
        const user = await requireUserByEmail(services, options.user);
        if (!user.isActive) {
          throw new CliError(ExitCode.failed, `${user.email} is deactivated: a token for them would not work.`);
        }
        const { token, summary } = await services.identity.createApiToken(actor, {
          userId: user.id,
          label: options.label,
          ...(options.expiresInDays === undefined ? {} : { expiresInDays: options.expiresInDays }),
        });
        line(io.stdout, token);
        line(
          io.stderr,
          `Created API token ${summary.id} for ${user.email}, expiring ${formatDateTime(summary.expiresAt)}. It is shown only once: keep it somewhere safe.`,
        );
      });
    });

  tokens
    .command('list')
    .description('list a user’s tokens (never the secrets, which are not stored)')
    .requiredOption('--user <email>', 'the user whose tokens to list')
    .option('--json', 'print JSON instead of a table')
    .action(async (options: { user: string; json?: boolean }) => {
      await withServices(io, async ({ services }) => {
        const user = await requireUserByEmail(services, options.user);
        const now = services.clock.now();
        const list = (await services.identity.listApiTokens(user.id)).map((token) => ({ ...token, status: tokenStatus(token, now) }));
        if (options.json) {
          io.stdout(toJson(list));
          return;
        }
        if (list.length === 0) {
          line(io.stderr, `${user.email} has no API tokens.`);
          return;
        }
        line(
          io.stdout,
          formatTable(
            ['ID', 'LABEL', 'CREATED', 'EXPIRES', 'STATUS'],
            list.map((token) => [token.id, token.label, formatDateTime(token.createdAt), formatDateTime(token.expiresAt), token.status]),
          ),
        );
      });
    });

  tokens
    .command('revoke')
    .description('revoke a token at once (find its id with tokens list)')
    .requiredOption('--id <id>', 'the token’s id', parseUuid)
    .action(async (options: { id: string }) => {
      await withServices(io, async ({ services, actor }) => {
        await services.identity.revokeApiToken(actor, options.id);
        line(io.stdout, `Revoked API token ${options.id}: requests that use it are refused from now on.`);
      });
    });
}
