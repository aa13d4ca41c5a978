/** A command's arguments after parsing: its own options only, its positionals, the site address. */
import type { ParseArgsConfig } from 'node:util';
import type { COMMANDS, CommandName } from '../usage.ts';

type OptionValues<O> = {
  [K in keyof O]?: O[K] extends { type: 'boolean' } ? boolean : string;
};

export interface ParsedCommand<C extends CommandName> {
  values: OptionValues<(typeof COMMANDS)[C]['options']>;
  positionals: string[];
  site: string;
}

export type { ParseArgsConfig };
