/** `inspect <path>...`: decode, verify, diagnose; print the report. */
import { readerContext } from '../context.ts';
import { printReport, printer } from '../human.ts';
import type { Io } from '../io.ts';
import { terminalSafe } from '../terminal-text.ts';
import { writeJson } from '../json.ts';
import { isRemoteAddress } from '../../lib/remote/index.ts';
import { remoteSettings } from '../remote-settings.ts';
import { type CheckOutcome, checkStatus, runCheck } from '../run-check.ts';
import { UsageError } from '../usage-error.ts';
import { NAME } from '../usage.ts';
import type { ParsedCommand } from './parsed.ts';

export async function inspectCommand(io: Io, { values, positionals, site }: ParsedCommand<'inspect'>): Promise<number> {
  if (positionals.length === 0) throw new UsageError('inspect needs at least one path');
  if (values.verify && values['no-verify']) throw new UsageError('inspect: --verify and --no-verify contradict each other');
  // Verifying data at an address downloads every shard: asked for, never implied.
  const remote = positionals.some(isRemoteAddress);
  const verify = values.verify ?? (!values['no-verify'] && !remote);
  const outcome = await runCheck(io, {
    paths: positionals,
    expectedPath: values.expect ?? null,
    context: readerContext(values),
    verify,
    remote: remoteSettings(values.timeout),
  });
  if (remote && !verify && outcome.report.artifacts.some((a) => a.format === 'checkpoint' || a.format === 'saved_model')) {
    const url = positionals.find(isRemoteAddress)!;
    io.err(`checkpoint data at an address is not verified by inspect (it reads every shard); to verify: ${NAME} verify ${url}\n`);
  }
  return present(io, outcome, Boolean(values.json), site);
}

/** Shared by inspect and diff: nothing to check is one line and exit 2; else the report. */
export async function present(io: Io, outcome: CheckOutcome, json: boolean, site: string): Promise<number> {
  if (!outcome.result.found) {
    const problem = outcome.result.facts.problems[0];
    io.err(`${terminalSafe(problem?.message ?? 'no TensorFlow or Keras artifact found')}\n`);
    return 2;
  }
  if (json) await writeJson(io, outcome.report);
  else printReport(printer(io.out), outcome.report, site);
  return checkStatus(outcome);
}
