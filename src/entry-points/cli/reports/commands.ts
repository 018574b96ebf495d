import type { CliCommand } from '../cli-command.js';
import { requestSalesExportCommand, salesExportCsvCommand, salesExportStatusCommand } from './sales-exports.js';
import { salesReportCommand } from './sales-report.js';

/** `reports <command>`. */
export const REPORT_COMMANDS: readonly CliCommand[] = [salesReportCommand, requestSalesExportCommand, salesExportStatusCommand, salesExportCsvCommand];
