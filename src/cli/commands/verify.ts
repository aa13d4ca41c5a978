/** `verify <prefix | .index | folder>`: every tensor against its checksum. */
import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { printFindings, printVerify, printer } from '../human.ts';
import type { Io } from '../io.ts';
import { isRemoteAddress } from '../../lib/remote/index.ts';
import { remoteSettings } from '../remote-settings.ts';
import { writeJson } from '../json.ts';
import { runCheck } from '../run-check.ts';
import { InputFileError, UsageError } from '../usage-error.ts';
import type { ParsedCommand } from './parsed.ts';

export async function verifyCommand(io: Io, { values, positionals, site }: ParsedCommand<'verify'>): Promise<number> {
  if (positionals.length !== 1) throw new UsageError('verify needs one checkpoint prefix, .index file or folder');
  const target = positionals[0]!;
  const remote = isRemoteAddress(target);
  // An address names its checkpoint (or SavedModel folder) itself: the resolver finds the prefix.
  const { folder, prefix } = remote ? { folder: target, prefix: null } : await checkpointTarget(target);
  const outcome = await runCheck(io, {
    paths: [folder],
    verify: true,
    verifyPrefix: prefix,
    verifyRemotePrefix: remote,
    remote: remoteSettings(values.timeout),
  });
  const verified = outcome.result.verify ?? [];
  if (verified.length === 0) {
    const problem = outcome.result.facts.problems.find((p) => prefix === null || p.file.startsWith(prefix));
    throw new InputFileError(problem?.message ?? `${target}: no TF2 checkpoint (.index with data shards) found`);
  }
  if (values.json) await writeJson(io, outcome.report);
  else {
    const print = printer(io.out);
    printVerify(print, verified);
    printFindings(print, outcome.report.findings, site);
  }
  const errors = outcome.report.findings.some((f) => f.severity === 'error');
  return errors || verified.some((v) => !v.report.ok) ? 1 : 0;
}

/**
 * A folder verifies every checkpoint in it; a prefix (`.../ckpt-1`) or its `.index` (or a data
 * shard's name) verifies that one. Paths in the file set start with the folder's own name.
 */
async function checkpointTarget(target: string): Promise<{ folder: string; prefix: string | null }> {
  const info = await stat(target).catch(() => null);
  if (info?.isDirectory()) return { folder: target, prefix: null };
  const prefix = target.replace(/\.index$/, '').replace(/\.data-\d{5}-of-\d{5}$/, '');
  const index = await stat(`${prefix}.index`).catch(() => null);
  if (!index) throw new InputFileError(`${prefix}.index: no such file (give the checkpoint prefix, its .index, or its folder)`);
  // A FIFO or a device named .index is said to be one, not looked for among the folder's files.
  if (!index.isFile()) throw new InputFileError(`${prefix}.index: not a regular file`);
  const folder = dirname(resolve(prefix));
  return { folder, prefix: `${basename(folder) || 'root'}/${basename(prefix)}` };
}
