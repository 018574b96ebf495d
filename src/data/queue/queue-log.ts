/** The logger both queue adapters write to (pino's shape: fields first, then the message). */
export interface QueueLog {
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}
