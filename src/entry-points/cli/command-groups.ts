import type { CliCommand } from './cli-command.js';
import { JOB_COMMANDS } from './jobs/commands.js';
import { MAINTENANCE_COMMANDS } from './maintenance/commands.js';
import { ORDER_COMMANDS } from './orders/commands.js';
import { PRODUCT_COMMANDS } from './products/commands.js';
import { REPORT_COMMANDS } from './reports/commands.js';
import { seedCommand } from './seed/seed-command.js';
import { USER_COMMANDS } from './users/commands.js';

/** `<group> <command>`: every group of commands, in the order the help lists them. */
export const COMMAND_GROUPS: Readonly<Record<string, readonly CliCommand[]>> = {
  users: USER_COMMANDS,
  products: PRODUCT_COMMANDS,
  orders: ORDER_COMMANDS,
  reports: REPORT_COMMANDS,
  jobs: JOB_COMMANDS,
  maintenance: MAINTENANCE_COMMANDS,
};

/** Commands that stand alone, without a group (`seed`). */
export const STANDALONE_COMMANDS: readonly CliCommand[] = [seedCommand];
