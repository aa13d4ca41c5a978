/** `diff <saved> <expected>`: what was saved against what the loading code expects. */
import { readerContext } from '../context.ts';
import type { Io } from '../io.ts';
import { isRemoteAddress } from '../../lib/remote/index.ts';
import { remoteSettings } from '../remote-settings.ts';
import { runCheck } from '../run-check.ts';
import { UsageError } from '../usage-error.ts';
import { present } from './inspect.ts';
import type { ParsedCommand } from './parsed.ts';

export async function diffCommand(io: Io, { values, positionals, site }: ParsedCommand<'diff'>): Promise<number> {
  if (positionals.length !== 2) throw new UsageError('diff needs <saved-path> <expected-path>');
  const [saved, expected] = positionals as [string, string];
  const outcome = await runCheck(io, {
    paths: [saved],
    expectedPath: expected,
    context: readerContext(values),
    // As inspect: data at an address is not streamed unless asked for (diff has no --verify; use verify).
    verify: !values['no-verify'] && !isRemoteAddress(saved),
    remote: remoteSettings(values.timeout),
  });
  return present(io, outcome, Boolean(values.json), site);
}
