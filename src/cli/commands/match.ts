import { type Command, InvalidArgumentError } from 'commander';
import {
  type BatchHooks,
  BatchInputError,
  type DedupeSummary,
  type LinkSummary,
  type ModelSource,
  runDedupe,
  runLink,
  STANDARD_FIELDS,
} from '../../modules/matching/index.ts';
import { CliError, ExitCode } from '../cli-error.ts';
import { type CliIo, line } from '../cli-io.ts';
import { startProgress } from '../progress.ts';

/**
 * `wholepicture match dedupe|link`: identity resolution on CSV files, for an analyst or a data
 * migration. Works on files alone: no database is opened.
 */
const MAP_HELP = `FIELD=COLUMN pairs separated by commas; fields: ${STANDARD_FIELDS.join(', ')}, identifier:NAME; address may join columns with + (address=line1+town). A field left out is read from a column of its own name, if there is one.`;

export function parseProbability(value: string): number {
  const number = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(number) || number <= 0 || number >= 1) {
    throw new InvalidArgumentError('Enter a probability greater than 0 and less than 1, such as 0.95.');
  }
  return number;
}

const count = (value: number): string => value.toLocaleString('en-GB');

function duration(seconds: number): string {
  if (seconds < 60) {
    return `${seconds.toFixed(1)} s`;
  }
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

const MODEL_WORDS: Record<ModelSource, string> = {
  estimated: 'estimated from the records',
  loaded: 'loaded from --model',
  default: 'the default model (too few records to estimate one)',
};

function hooksFor(io: CliIo): BatchHooks {
  return {
    progress: (label) => startProgress(io, label.padEnd(24)),
    note: (text) => line(io.stderr, text),
  };
}

/** Turns the batch job's own input errors into the CLI's messages and exit codes. */
async function asCliErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof BatchInputError) {
      throw new CliError(error.usage ? ExitCode.usage : ExitCode.failed, error.message);
    }
    throw error;
  }
}

function printWarnings(io: CliIo, warnings: readonly string[]): void {
  for (const warning of warnings) {
    line(io.stderr, `Warning: ${warning}`);
  }
}

function printDedupeSummary(io: CliIo, summary: DedupeSummary, output: string): void {
  const out = (text: string) => line(io.stdout, text);
  out(`Deduplicated ${count(summary.records)} records in ${duration(summary.seconds)}.`);
  out(`  Model:         ${MODEL_WORDS[summary.model]}; linked at probability ${summary.threshold} or more`);
  out(`  Records read:  ${count(summary.records)}`);
  out(`  Pairs scored:  ${count(summary.pairsScored)}`);
  out(
    `  Links:         ${count(summary.links)}${summary.linksRefused > 0 ? ` (${count(summary.linksRefused)} refused to keep likely twins or siblings apart)` : ''}`,
  );
  out(`  Clusters:      ${count(summary.clusters)} (${count(summary.clustersWithDuplicates)} with more than one record)`);
  out(`  Written:       ${output}`);
}

function printLinkSummary(io: CliIo, summary: LinkSummary, output: string): void {
  const out = (text: string) => line(io.stdout, text);
  out(`Linked ${count(summary.leftRecords)} left and ${count(summary.rightRecords)} right records in ${duration(summary.seconds)}.`);
  out(`  Model:         ${MODEL_WORDS[summary.model]}; linked at probability ${summary.threshold} or more`);
  out(`  Records read:  ${count(summary.leftRecords + summary.rightRecords)}`);
  out(`  Pairs scored:  ${count(summary.pairsScored)}`);
  out(`  Links:         ${count(summary.links)} (${count(summary.leftLinked)} left records linked)`);
  out(`  Written:       ${output}`);
}

interface ModelOptions {
  model?: string;
  saveModel?: string;
  threshold?: number;
}

function addModelOptions(command: Command): Command {
  return command
    .option('--model <file.json>', 'use a model saved by --save-model instead of estimating one from the input')
    .option('--save-model <file.json>', 'save the model used (estimated or loaded) as JSON')
    .option(
      '--threshold <p>',
      'link pairs at or above this match probability (default: the model’s auto-link threshold)',
      parseProbability,
    );
}

export function registerMatchCommands(program: Command, io: CliIo): void {
  const match = program
    .command('match')
    .description('identity resolution on CSV files: find duplicates in one file, or link two files (no database needed)');

  addModelOptions(
    match
      .command('dedupe')
      .description('find the records of one file that are the same person; writes id,cluster_id for every row, in input order')
      .requiredOption('--input <file.csv>', 'the CSV file (header row required)')
      .option('--map <mapping>', MAP_HELP)
      .requiredOption('--output <file.csv>', 'where to write id,cluster_id (written whole or not at all)'),
  ).action(async (options: ModelOptions & { input: string; map?: string; output: string }) => {
    const summary = await asCliErrors(() =>
      runDedupe(
        {
          input: options.input,
          map: options.map,
          output: options.output,
          modelFile: options.model,
          saveModel: options.saveModel,
          threshold: options.threshold,
        },
        hooksFor(io),
      ),
    );
    printWarnings(io, summary.warnings);
    printDedupeSummary(io, summary, options.output);
  });

  addModelOptions(
    match
      .command('link')
      .description('find the records of one file that are the same person as records of another; writes each linked pair')
      .requiredOption('--left <file.csv>', 'the first CSV file')
      .requiredOption('--right <file.csv>', 'the second CSV file')
      .option('--map <mapping>', `${MAP_HELP} Used for both files unless --map-right is given.`)
      .option('--map-right <mapping>', 'the mapping for the right file, when its columns differ (replaces --map for it)')
      .requiredOption('--output <file.csv>', 'where to write left_id,right_id,match_probability,match_weight'),
  ).action(async (options: ModelOptions & { left: string; right: string; map?: string; mapRight?: string; output: string }) => {
    const summary = await asCliErrors(() =>
      runLink(
        {
          left: options.left,
          right: options.right,
          map: options.map,
          mapRight: options.mapRight,
          output: options.output,
          modelFile: options.model,
          saveModel: options.saveModel,
          threshold: options.threshold,
        },
        hooksFor(io),
      ),
    );
    printWarnings(io, summary.warnings);
    printLinkSummary(io, summary, options.output);
  });
}
