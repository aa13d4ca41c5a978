/** `triage [file | -]`: rank the failures a traceback or log points to. */
import { triage } from '../../lib/triage/index.ts';
import { readTextInput } from '../../node/read-input.ts';
import { printTriage, printer } from '../human.ts';
import type { Io } from '../io.ts';
import { writeJson } from '../json.ts';
import { UsageError } from '../usage-error.ts';
import type { ParsedCommand } from './parsed.ts';

export async function triageCommand(io: Io, { values, positionals, site }: ParsedCommand<'triage'>): Promise<number> {
  if (positionals.length > 1) throw new UsageError('triage reads one file (or - for standard input)');
  const text = await readTextInput(positionals[0] ?? '-', io.stdin);
  const result = triage(text);
  if (values.json) await writeJson(io, result);
  else printTriage(printer(io.out), result, site);
  return 0;
}
