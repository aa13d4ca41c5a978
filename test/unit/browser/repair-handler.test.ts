/**
 * The repair worker's logic run in Node over real File objects, as the page posts them: the plan
 * comes first, "download" writes exactly that plan, and the download holds the same bytes the
 * CLI writes for the same input (a zip read back by Python's zipfile for a checkpoint, the file
 * itself for a .h5). Damage found only while copying ends in a message, never in a download.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PickedFileMessage } from '../../../src/browser/protocol.ts';
import { RepairHandler } from '../../../src/browser/repair-handler.ts';
import type { RepairRequest, RepairResponse } from '../../../src/browser/repair-protocol.ts';
import { emptyContext } from '../../../src/lib/context/types.ts';
import type { RepairAsk } from '../../../src/lib/repair/types.ts';
import { writeKerasLegacyH5 } from '../../../src/lib/writers/keras.ts';
import { runCli } from '../../helpers/cli.ts';
import { DEPTHWISE_LSTM_SPEC, TF215_TRAINING_CONFIG } from '../../helpers/keras2-samples.ts';
import { pythonZipList, pythonZipRead } from '../keras/evidence.ts';
import { sample } from '../repair/helpers.ts';

const scratch = mkdtempSync(join(tmpdir(), 'doctor-repair-handler-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function picked(dir: string): PickedFileMessage[] {
  return readdirSync(dir)
    .sort()
    .map((name) => ({ file: new File([readFileSync(join(dir, name))], name), path: `broken/${name}` }));
}

function context() {
  const { expected: _e, verify: _v, ...rest } = emptyContext();
  return rest;
}

/** Plans and applies through the handler; returns every message it posted. */
async function runHandler(
  files: PickedFileMessage[],
  ask: RepairAsk,
  expectedFiles: PickedFileMessage[] = [],
): Promise<{ plan: RepairResponse; done: RepairResponse; progress: number }> {
  const posted: RepairResponse[] = [];
  const handler = new RepairHandler((m) => posted.push(m));
  const request: RepairRequest = { type: 'plan', job: 1, ask, outLabel: 'broken-repaired', files, context: context(), expectedFiles };
  await handler.handle(request);
  const plan = posted.at(-1)!;
  await handler.handle({ type: 'apply', job: 2, plan: 1, name: 'broken-repaired' });
  const done = posted.at(-1)!;
  return { plan, done, progress: posted.filter((m) => m.type === 'progress').length };
}

describe('repair in the browser worker (run in Node)', () => {
  it('renamed-attribute (TF 2.21) with the fixed checkpoint as expected: a zip whose files are the CLI output, byte for byte', async () => {
    const { plan, done, progress } = await runHandler(
      picked(sample('renamed-attribute')),
      {},
      picked(sample('renamed-attribute', 'fixed')),
    );
    expect(plan.type).toBe('plan');
    if (plan.type !== 'plan') return;
    expect(plan.writable).toBe(true);
    expect(plan.plan.summary).toMatch(/rename 2 keys/);
    expect(done.type).toBe('done');
    if (done.type !== 'done') return;
    expect(progress).toBeGreaterThan(0);
    expect(done.download.name).toBe('broken-repaired.zip');
    const zipPath = join(scratch, 'renamed.zip');
    writeFileSync(zipPath, new Uint8Array(await done.download.blob.arrayBuffer()));

    const cliOut = join(scratch, 'cli-renamed');
    const cli = await runCli(['repair', sample('renamed-attribute'), '--expect', sample('renamed-attribute', 'fixed'), '--out', cliOut]);
    expect(cli.code).toBe(0);
    const written = readdirSync(cliOut).sort();
    expect(
      pythonZipList(zipPath)
        .map((m) => m.name)
        .sort(),
    ).toEqual(written.map((f) => `broken-repaired/${f}`));
    for (const f of written) expect(pythonZipRead(zipPath, `broken-repaired/${f}`).equals(readFileSync(join(cliOut, f))), f).toBe(true);
  });

  it('a tf.keras 2.15 legacy .h5 (writer-made): the .h5 itself, the same bytes as the CLI writes', async () => {
    const h5 = join(scratch, 'model.h5');
    writeFileSync(h5, await writeKerasLegacyH5(DEPTHWISE_LSTM_SPEC, { training_config: TF215_TRAINING_CONFIG }));
    const { plan, done } = await runHandler([{ file: new File([readFileSync(h5)], 'model.h5'), path: 'model.h5' }], {});
    expect(plan.type === 'plan' && plan.plan.steps.map((s) => s.kind)).toEqual(['keras2-to-keras3']);
    expect(done.type).toBe('done');
    if (done.type !== 'done') return;
    expect(done.download.name).toBe('model.h5');
    const cliOut = join(scratch, 'cli-h5');
    expect((await runCli(['repair', h5, '--out', cliOut])).code).toBe(0);
    const browserBytes = Buffer.from(await done.download.blob.arrayBuffer());
    expect(browserBytes.equals(readFileSync(join(cliOut, 'model.h5')))).toBe(true);
    expect(browserBytes.equals(readFileSync(h5))).toBe(false);
  });

  // The page plans without a separate verify pass (the data would be read twice); the checksums
  // are checked while copying instead, so the damage is named when the download is asked for.
  it('a flipped byte in the data shard: the copy stops at the tensor that does not verify, no download', async () => {
    const { plan, done } = await runHandler(picked(sample('flipped-byte-data-shard')), { dropOptimizer: true });
    expect(plan.type === 'plan' && plan.writable).toBe(true);
    expect(done).toEqual({
      type: 'error',
      job: 2,
      message: expect.stringMatching(
        /_kernel\/\.ATTRIBUTES\/VARIABLE_VALUE" in broken\/ckpt-1\.data-00000-of-00001 .*does not match its checksum/,
      ),
    });
  });

  it('a download for a plan it no longer has asks for a new plan', async () => {
    const posted: RepairResponse[] = [];
    await new RepairHandler((m) => posted.push(m)).handle({ type: 'apply', job: 7, plan: 99, name: 'x' });
    expect(posted).toEqual([{ type: 'error', job: 7, message: 'That plan is no longer there: plan the repair again.' }]);
  });
});
