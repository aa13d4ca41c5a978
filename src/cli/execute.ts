/**
 * execute(argv, io): the whole command line, returning the exit status. Each command accepts
 * only its own options; anything it cannot use is an argument error (exit 2, one line), never
 * silently ignored. Errors never reach the reader as stack traces.
 */
import { parseArgs } from 'node:util';
import { DecodeError } from '../lib/errors.ts';
import { InputReadError } from '../node/read-input.ts';
import { siteAddress, SITE_ENV } from '../site/address.ts';
import { diffCommand } from './commands/diff.ts';
import { inspectCommand } from './commands/inspect.ts';
import { repairCommand } from './commands/repair.ts';
import type { ParsedCommand } from './commands/parsed.ts';
import { triageCommand } from './commands/triage.ts';
import { verifyCommand } from './commands/verify.ts';
import type { Io } from './io.ts';
import { terminalSafe } from './terminal-text.ts';
import { COMMANDS, type CommandName, GLOBAL_HELP, isCommand, NAME } from './usage.ts';
import { InputFileError, UsageError } from './usage-error.ts';
import { VERSION } from './version.ts';

/** The address guide links point to when nothing else says: set when the bundle is built. */
declare const __DEFAULT_SITE__: string | undefined;
const BUILT_IN_SITE = typeof __DEFAULT_SITE__ === 'string' ? __DEFAULT_SITE__ : undefined;

type Handler = (io: Io, parsed: ParsedCommand<CommandName>) => Promise<number>;
const HANDLERS: Record<CommandName, Handler> = {
  inspect: inspectCommand as Handler,
  diff: diffCommand as Handler,
  verify: verifyCommand as Handler,
  repair: repairCommand as Handler,
  triage: triageCommand as Handler,
};

export async function execute(argv: readonly string[], io: Io): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-V') {
    io.out(`${VERSION}\n`);
    return 0;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    io.out(`${GLOBAL_HELP}\n`);
    return 0;
  }
  try {
    if (!isCommand(first)) throw new UsageError(first === undefined ? 'no command given' : `unknown command "${first}"`);
    const parsed = parse(first, rest);
    if (parsed.values.help) {
      io.out(`${COMMANDS[first].help}\n`);
      return 0;
    }
    const site =
      parsed.values.site !== undefined ? siteAddress(parsed.values.site, '--site') : siteAddress(io.env[SITE_ENV] ?? BUILT_IN_SITE);
    return await HANDLERS[first](io, { ...parsed, site });
  } catch (error) {
    return reportError(io, first, error);
  }
}

function parse(command: CommandName, args: string[]): Omit<ParsedCommand<CommandName>, 'site'> {
  try {
    const { values, positionals } = parseArgs({ args, options: COMMANDS[command].options, allowPositionals: true, strict: true });
    return { values: values as ParsedCommand<CommandName>['values'], positionals };
  } catch (error) {
    // node:util names the option; say which command it does not belong to.
    const message = (error as Error).message.split('\n')[0]!.replace(/\. To specify a positional.*$/, '');
    throw new UsageError(`${command}: ${message}`);
  }
}

function reportError(io: Io, command: string | undefined, error: unknown): number {
  const line = (text: string) => io.err(`${NAME}: ${terminalSafe(text.split('\n')[0] ?? '')}\n`);
  if (error instanceof UsageError) {
    line(error.message);
    io.err(isCommand(command) ? `Run '${NAME} ${command} --help' for its options.\n` : `Run '${NAME} --help' for the commands.\n`);
  } else if (error instanceof InputFileError || error instanceof InputReadError || error instanceof DecodeError) {
    line(error.message);
  } else {
    // Anything else is our bug: still one line, never a stack trace.
    line(`internal error: ${error instanceof Error ? error.message : String(error)}`);
  }
  return 2;
}
