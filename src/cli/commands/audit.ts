import type { Command } from 'commander';
import { verifyAuditChain } from '../../platform/audit-trail/verify-chain.ts';
import { CliError, ExitCode } from '../cli-error.ts';
import { type CliIo, line } from '../cli-io.ts';
import { withServices } from '../open-services.ts';

export function registerAuditCommands(program: Command, io: CliIo): void {
  const audit = program.command('audit').description('the hash-chained audit trail');

  audit
    .command('verify')
    .description('recompute the audit chain; exit 1 and name the first bad entry if any was altered, removed, inserted or reordered')
    .action(async () => {
      await withServices(io, async ({ services }) => {
        const result = await verifyAuditChain(services.db);
        if (result.ok) {
          line(io.stdout, `Audit trail intact: ${result.checked} entries checked`);
          return;
        }
        const bad = result.firstBad;
        throw new CliError(
          ExitCode.failed,
          bad
            ? `Audit trail broken at entry seq ${bad.seq}: ${bad.reason}. ${result.checked} entries before it are intact.`
            : `Audit trail broken: ${result.checked} entries checked.`,
        );
      });
    });
}
