/**
 * What the tf1-tf2-checkpoint finding says each loader does with a TF1 checkpoint, against what
 * TF 2.21 / Keras 3.15 did with the same sample (test/data/tf1-loader-outcomes.json, recorded by
 * scripts/data/record-tf1-loader-outcomes.py): the finding quotes the error each loader raised, or
 * names the silent status it returned.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ctx, factsOf, ROOT, run, sample } from './load.ts';

type Outcome = { raised: true; exception: string; message: string } | { raised: false; result: unknown };
const record = JSON.parse(readFileSync(resolve(ROOT, 'test/data/tf1-loader-outcomes.json'), 'utf8')) as {
  loaders: Record<string, Outcome>;
};

/** The words that identify a raised error: its text up to the first colon (paths follow it). */
function head(o: Outcome): string {
  return o.raised ? o.message.split(':')[0]! : (o.result as { status: string }).status;
}

const CASES: [loader: string, recorded: string[]][] = [
  [
    'tf.train.Checkpoint(model=model).restore',
    ['tf.train.Checkpoint(model=...).restore(prefix)', 'Checkpoint.restore(prefix).assert_consumed()'],
  ],
  ['model.load_weights', ['model.load_weights(prefix)']],
  ['keras.models.load_model', ['keras.models.load_model(prefix)']],
  ['tf.saved_model.load', ['tf.saved_model.load(dir)']],
  ['', Object.keys(record.loaders).filter((k) => !k.startsWith('tf.compat.v1'))],
];

describe('a TF1 checkpoint, loader by loader', () => {
  it.each(CASES)('%s', async (loader, recorded) => {
    const facts = await factsOf(sample('tf1-saver-into-checkpoint', 'broken'));
    const [finding, ...rest] = run(facts, ctx(loader ? { loader } : {}), 'tf1-tf2-checkpoint');
    expect(rest).toEqual([]);
    expect(finding!.severity).toBe(loader ? 'error' : 'info');
    for (const key of recorded) expect(finding!.detail, key).toContain(head(record.loaders[key]!));
  });

  it('the TF1 Saver reads it, as recorded: no finding', async () => {
    expect(record.loaders['tf.compat.v1.train.Saver().restore(sess, prefix)']).toMatchObject({ raised: false, result: 'ok' });
    const facts = await factsOf(sample('tf1-saver-into-checkpoint', 'broken'));
    expect(run(facts, ctx({ loader: 'tf.compat.v1.train.Saver.restore' }), 'tf1-tf2-checkpoint')).toEqual([]);
  });
});
