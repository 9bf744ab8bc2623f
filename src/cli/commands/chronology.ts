import type { Command } from 'commander';
import type { CliIo } from '../cli-io.ts';

/** `wholepicture chronology import|export`: filled in by the chronology work of issue 3. */
export function registerChronologyCommands(_program: Command, _io: CliIo): void {}
