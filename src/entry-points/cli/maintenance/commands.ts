import type { CliCommand } from '../cli-command.js';
import { purgeEventsCommand } from './purge-events.js';
import { purgeTokensCommand } from './purge-tokens.js';
import { settleCommand } from './settle.js';

/** `maintenance <command>`: what the worker's schedules also run, on demand. */
export const MAINTENANCE_COMMANDS: readonly CliCommand[] = [purgeTokensCommand, purgeEventsCommand, settleCommand];
