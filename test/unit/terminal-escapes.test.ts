/**
 * Names from untrusted files reach the terminal escaped (issue 17, "Terminal escapes"): file,
 * layer and variable names carrying ESC (clear screen, set the title), BEL, NUL, a C1 CSI and
 * U+202E (right-to-left override) come out as visible escapes on stdout and stderr of the built
 * command, in human output and in --json. Evidence: the bytes the child process wrote.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkpointWithHostileNames, HOSTILE_NAME, kerasWithHostileNames } from '../fuzz/amplify.ts';
import { runBin } from '../helpers/cli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'doctor-escapes-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Characters that must never reach a terminal raw. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters looked for
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** A file-name-safe version of the hostile name (no NUL, no slash). */
const FILE_NAME = `evil\u001b[2J\u001b]0;pwned\u0007\u202e\u009bname`;

function write(rel: string, bytes: Uint8Array | string): string {
  const path = join(scratch, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, bytes);
  return path;
}

function clean(label: string, text: string): void {
  const at = text.search(RAW);
  expect(at, `${label}: raw control or bidi character at ${at}: ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 40))}`).toBe(-1);
}

describe('names from files are escaped on the terminal', () => {
  it('variable names in a checkpoint (stdout, human and --json)', async () => {
    const dir = join(scratch, 'ckpt');
    for (const f of checkpointWithHostileNames()) write(`ckpt/${f.path}`, f.bytes);
    const human = await runBin(['inspect', dir]);
    expect(human.code).toBe(1); // a missing shard
    clean('stdout', human.stdout);
    clean('stderr', human.stderr);
    expect(human.stdout).toContain('evil\\x1b[2J\\x1b]0;pwned\\x07\\x07\\x00\\u202e\\x9b31mname/kernel');
    const json = await runBin(['inspect', dir, '--json']);
    clean('json stdout', json.stdout);
    // The document still says exactly what the file holds.
    const names = (JSON.parse(json.stdout) as { facts: { variables: { name: string }[] } }).facts.variables.map((v) => v.name);
    expect(names).toContain(`${HOSTILE_NAME}/kernel`);
  });

  it('layer and class names in a .keras config (stdout)', async () => {
    const path = write('names.keras', kerasWithHostileNames());
    const run = await runBin(['inspect', path]);
    expect([0, 1]).toContain(run.code);
    clean('stdout', run.stdout);
    clean('stderr', run.stderr);
    expect(run.stdout).toMatch(/Evil.*\\x1b\[2J.*Layer/);
  });

  it('file names: in the report, in the one-line answer when nothing is a model, and in path errors (stderr)', async () => {
    const model = write(`${FILE_NAME}.keras`, kerasWithHostileNames());
    const report = await runBin(['inspect', model]);
    clean('stdout', report.stdout);
    expect(report.stdout).toContain('evil\\x1b[2J\\x1b]0;pwned\\x07\\u202e\\x9bname.keras');

    const text = write(`${FILE_NAME}.txt`, 'just some text, no model here\n');
    const none = await runBin(['inspect', text]);
    expect(none.code).toBe(2);
    clean('stderr', none.stderr);
    expect(none.stderr).toContain('evil\\x1b[2J');

    for (const args of [
      ['inspect', join(scratch, `missing-${FILE_NAME}`)],
      ['verify', join(scratch, `missing-${FILE_NAME}`)],
      ['triage', join(scratch, `missing-${FILE_NAME}`)],
      ['diff', model, join(scratch, `missing-${FILE_NAME}`)],
      ['inspect', model, '--expect', text],
    ]) {
      const run = await runBin(args);
      expect(run.code, args.join(' ')).toBe(2);
      clean(`${args[0]} stderr`, run.stderr);
      clean(`${args[0]} stdout`, run.stdout);
      expect(run.stderr).toContain('\\x1b');
    }
  });
});
