/**
 * The answer triage shows first: a failure (with the lines that decided it, the guide section and
 * the runner-up when close), a question page, "the restore finished", a cause outside the
 * catalog, or "nothing matched" with the files to drop on the checker.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OTHER_MESSAGES, triage, WHICH_RESTORE } from '../../../src/lib/triage/index.ts';
import { fillTemplate } from './fill-template.ts';

describe('a failure answer', () => {
  const text = readFileSync(resolve(import.meta.dirname, '../../data/tracebacks/39-fork-hang.txt'), 'utf8')
    .split('\n')
    .filter((l) => !l.startsWith('# '))
    .join('\n');

  it('carries the lines that decided it, as numbered in the paste', () => {
    const { answer } = triage(text);
    expect(answer.kind).toBe('failure');
    if (answer.kind !== 'failure') return;
    const pasted = text.split('\n');
    expect(answer.top.lines.length).toBeGreaterThan(0);
    for (const l of answer.top.lines) {
      expect(pasted[l.line - 1]).toBe(l.text);
      expect(l.why.length).toBeGreaterThan(5);
    }
  });

  it('links the cause within its guide: the fork hang in the hang guide', () => {
    const { answer } = triage(text);
    if (answer.kind !== 'failure') throw new Error(answer.kind);
    expect(answer.failure).toBe('restore-hang');
    expect(answer.top.guide.url).toBe('/failures/restore-hang/#mechanism:~:text=fork()%20after%20TensorFlow%20started');
    expect(answer.top.guide.cause).toBe('fork() after TensorFlow started');
  });

  it('names the runner-up only when it is close', () => {
    const close = triage("ValueError: Layer 'conv2d_1' expected 2 variables, but received 0 variables during loading.").answer;
    expect(close.kind === 'failure' && close.runner_up).toBeTruthy();
    const clear = triage(
      'Traceback (most recent call last):\n  File "x.py", line 1, in <module>\nValueError: Unrecognized keyword arguments passed to LSTM: {\'time_major\': False}',
    ).answer;
    expect(clear.kind === 'failure' && clear.confident).toBe(true);
    expect(clear.kind === 'failure' && clear.runner_up).toBeNull();
  });
});

describe('answers that are not a failure', () => {
  it('sends `model.restore(...)` to the page that says which restore is which', () => {
    const text = [
      'Traceback (most recent call last):',
      '  File "eval.py", line 12, in <module>',
      '    model.restore(ckpt_path)',
      "AttributeError: 'Sequential' object has no attribute 'restore'",
    ].join('\n');
    const { answer } = triage(text);
    expect(answer.kind).toBe('page');
    if (answer.kind !== 'page') return;
    expect(answer.url).toBe(WHICH_RESTORE.url);
    expect(answer.url).toBe('/questions/model-restore/');
    expect(answer.lines[0].line).toBe(4);
    expect(answer.why).toMatch(/load_weights/);
  });

  it('says the restore is not the problem when the log shows it finished, and points at the evidence', () => {
    const log = [
      'INFO:tensorflow:Graph was finalized.',
      'INFO:tensorflow:Restoring parameters from /models/run1/model.ckpt-4000',
      'INFO:tensorflow:Running local_init_op.',
      'INFO:tensorflow:Done running local_init_op.',
    ].join('\n');
    const { answer } = triage(log);
    expect(answer.kind).toBe('restore-finished');
    if (answer.kind !== 'restore-finished') return;
    expect(answer.why).toMatch(/restore is not the problem/);
    expect(answer.lines.map((l) => l.line)).toEqual([2, 4]);
  });

  it('does not claim the restore finished from the line TF1 prints before restoring', () => {
    const { answer } = triage('INFO:tensorflow:Restoring parameters from /models/model.ckpt-4000');
    expect(answer.kind).not.toBe('restore-finished');
    expect(answer.kind === 'failure' && answer.confident).toBe(false);
  });

  it('names a known cause outside the twelve (every other-errors.json message)', () => {
    for (const m of OTHER_MESSAGES) {
      const text = `E tensorflow/stream_executor/cuda/cuda_dnn.cc:353] ${fillTemplate(m.id, m.template)}`;
      const { answer } = triage(text);
      expect(answer.kind, m.id).toBe('not-restore');
      if (answer.kind === 'not-restore') expect(answer.cause).toBe(m.cause);
    }
  });

  it('says plainly when nothing matched, and what to drop on the checker', () => {
    const plain = triage('The predictions are all the same after I reload it.').answer;
    expect(plain.kind).toBe('nothing');
    if (plain.kind !== 'nothing') return;
    expect(plain.checker).toBe('/inspect/');
    expect(plain.drop.join(' ')).toMatch(/\.keras/);
    expect(plain.drop.join(' ')).toMatch(/saved_model\.pb/);
    const h5 = triage("model.load_weights('weights/best.h5') gives different numbers each run").answer;
    expect(h5.kind === 'nothing' && h5.drop).toEqual(['the .h5 / .hdf5 file']);
  });
});
