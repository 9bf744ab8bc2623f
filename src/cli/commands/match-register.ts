import type { Command } from 'commander';
import type { Services } from '../../services.ts';
import { CliError, ExitCode } from '../cli-error.ts';
import { type CliIo, line } from '../cli-io.ts';
import { withServices } from '../open-services.ts';

/** The partnership named, or the only one there is; several and none named is a refusal listing nothing private. */
async function partnershipFor(services: Services, code: string | undefined): Promise<{ id: string; label: string }> {
  if (code !== undefined) {
    const partnership = await services.agencies.findPartnershipByCode(code.trim());
    if (!partnership) {
      throw new CliError(ExitCode.failed, `No partnership has the code "${code.trim()}".`);
    }
    return { id: partnership.id, label: partnership.name };
  }
  const ids = [...new Set((await services.agencies.listAgencies()).map((agency) => agency.partnershipId))];
  if (ids.length === 1) {
    return { id: ids[0] as string, label: 'the partnership' };
  }
  throw new CliError(
    ExitCode.failed,
    ids.length === 0 ? 'There is no partnership yet: seed one first.' : 'There is more than one partnership: add --partnership CODE.',
  );
}

/**
 * `wholepicture register scan|train`: the review queue's batch side. (Kept apart from `match dedupe`
 * and `match link`, which work on CSV files, because these act on the register in the database.)
 */
export function registerMatchRegisterCommands(program: Command, io: CliIo): void {
  const register = program
    .command('register')
    .description('the people register’s duplicates: scan it into the review queue, and train the matching model on the decisions');

  register
    .command('scan')
    .description(
      'compare every person of a partnership (blocked), queue likely duplicates for review, and link certain ones automatically (never twins, never restricted records)',
    )
    .option('--partnership <code>', 'the partnership (needed when there is more than one)')
    .action(async (options: { partnership?: string }) => {
      await withServices(io, async ({ services, actor }) => {
        const partnership = await partnershipFor(services, options.partnership);
        const report = await services.duplicates.scan(actor, partnership.id);
        line(
          io.stdout,
          `Compared ${report.people} people in ${report.pairsCompared} candidate pairs: ${report.queued} new pair(s) to review, ${report.refreshed} already in the queue brought up to date, ${report.linked} linked automatically; ${report.skippedRejected} rejected before and ${report.skippedRelated} recorded as related were left alone.`,
        );
      });
    });

  register
    .command('train')
    .description(
      'estimate the partnership’s matching model from its records, with every confirmed and rejected pair as a certain answer, and save it (audited)',
    )
    .option('--partnership <code>', 'the partnership (needed when there is more than one)')
    .action(async (options: { partnership?: string }) => {
      await withServices(io, async ({ services, actor }) => {
        const partnership = await partnershipFor(services, options.partnership);
        const report = await services.duplicates.train(actor, partnership.id);
        line(
          io.stdout,
          `Trained a new model for ${partnership.label} on ${report.records} records and ${report.labelledPairs} decision(s) from the review queue (model ${report.modelId}).`,
        );
      });
    });
}
