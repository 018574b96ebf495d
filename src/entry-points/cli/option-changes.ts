import type { Options } from './cli-command.js';

/** One option of an update command: the use-case field it sets, and how its text becomes the value (as given by default). */
export interface ChangeOption {
  readonly field: string;
  value?(text: string): unknown;
}

/** An update command's `options`: one string option per entry of `fields`. */
export const changeOptions = (fields: Record<string, ChangeOption>): Options =>
  Object.fromEntries(Object.keys(fields).map((name) => [name, { type: 'string' as const }]));

/** The changes an update command asks for: only the options given, each under its use-case field. */
export const changesOf = (fields: Record<string, ChangeOption>, given: Record<string, string | undefined>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(fields)
      .filter(([option]) => given[option] !== undefined)
      .map(([option, { field, value }]) => [field, value ? value(given[option]!) : given[option]]),
  );
