/**
 * How triage reads a traceback: chained exceptions (root cause first), Keras/TF wrappers,
 * warnings that are side effects, logs of hangs and silent failures, the caller's own symptom
 * patterns. Messages are the catalog's own templates (filled) or quoted from real reports.
 */
import { describe, expect, it } from 'vitest';
import { FAILURE_IDS, type FailureId } from '../../../src/lib/catalog.ts';
import { CATALOG_MESSAGES, triage } from '../../../src/lib/triage/index.ts';
import { fillTemplate } from './fill-template.ts';

const WRAPPERS = new Set([
  'keras3-could-not-be-deserialized-properly',
  'keras-error-when-deserializing-class',
  'keras3-objects-could-not-be-loaded',
  'saver-restore-failed-missing-key',
  'saver-restore-failed-graph-mismatch',
]);

function message(id: string): { failure: FailureId; text: string } {
  const m = CATALOG_MESSAGES.find((x) => x.id === id);
  if (!m) throw new Error(`no catalog message ${id}`);
  return { failure: m.failure as FailureId, text: fillTemplate(m.id, m.template) };
}

function traceback(type: string, text: string): string {
  return [
    'Traceback (most recent call last):',
    '  File "/home/user/project/load.py", line 7, in <module>',
    '    model = load()',
    '  File "/home/user/.venv/lib/python3.11/site-packages/tensorflow/python/some_module.py", line 120, in load',
    `    raise ${type.split('.').pop()}(`,
    `${type}: ${text}`,
  ].join('\n');
}

const DURING = '\n\nDuring handling of the above exception, another exception occurred:\n\n';
const CAUSE = '\n\nThe above exception was the direct cause of the following exception:\n\n';

/** One raised (exception-type) message per failure id, where the catalog has one. */
function onePerFailure(): { id: string; failure: FailureId; text: string }[] {
  const out: { id: string; failure: FailureId; text: string }[] = [];
  for (const f of FAILURE_IDS) {
    const m = CATALOG_MESSAGES.find((x) => x.failure === f && !WRAPPERS.has(x.id) && /Error|Exception/.test(x.exception.split(' ')[0]));
    if (m) out.push({ id: m.id, ...message(m.id) });
  }
  return out;
}

describe('chained exceptions', () => {
  const picks = onePerFailure();

  it('has a raised message for most failure ids to chain', () => {
    expect(picks.length).toBeGreaterThanOrEqual(10);
  });

  it('picks the first-raised exception as the root cause, in every pairing and both chain wordings', () => {
    let pairs = 0;
    for (const a of picks) {
      for (const b of picks) {
        if (a.failure === b.failure) continue;
        for (const marker of [DURING, CAUSE]) {
          const text = traceback('ValueError', a.text) + marker + traceback('RuntimeError', b.text);
          const { matches } = triage(text);
          expect(matches[0].failure, `${a.id} then ${b.id}`).toBe(a.failure);
          expect(
            matches.map((m) => m.failure),
            `${a.id} then ${b.id}`,
          ).toContain(b.failure);
          pairs++;
        }
      }
    }
    expect(pairs).toBeGreaterThan(100);
  });

  it('skips an uninformative first exception (KeyError from a cache lookup) for the first known message', () => {
    const text =
      traceback('KeyError', "'CaseFoldUTF8'") +
      DURING +
      traceback('RuntimeError', message('op-type-not-registered').text) +
      DURING +
      traceback('ValueError', message('restored-concrete-function-no-match').text);
    const top = triage(text).matches[0];
    expect(top.failure).toBe('version-mismatch');
    expect(top.message_id).toBe('op-type-not-registered');
    expect(top.why).toMatch(/root cause/);
  });

  it('treats unchained tracebacks as separate chains, each with its own root', () => {
    const text = `${traceback('ValueError', message('key-not-found-in-checkpoint').text)}\n\nsome output\n${traceback('ValueError', message('oom-when-allocating-tensor').text)}`;
    const { matches } = triage(text);
    const top2 = matches
      .slice(0, 2)
      .map((m) => m.failure)
      .sort();
    expect(top2).toEqual(['resource-exhaustion', 'variable-name-mismatch']);
    for (const m of matches.slice(0, 2)) expect(m.why).toMatch(/root cause/);
  });
});

describe('wrappers defer to what they wrap', () => {
  it('ranks the message after "Exception encountered:" above the Keras wrapper, even without the inner traceback', () => {
    const wrapper =
      "TypeError: <class 'keras.src.models.functional.Functional'> could not be deserialized properly. Please ensure that components that are Python object instances (layers, models, etc.) returned by `get_config()` are explicitly deserialized in the model's `from_config()` method.\n\nconfig={'module': 'keras.src.models.functional', 'class_name': 'Functional', 'config': {}}.\n\nException encountered: Unrecognized keyword arguments passed to DepthwiseConv2D: {'groups': 1}";
    const { matches } = triage(wrapper);
    expect(matches[0].failure).toBe('version-mismatch');
    expect(matches[0].extracted.class_name).toBe('DepthwiseConv2D');
    const own = matches.find((m) => m.message_id === 'keras3-could-not-be-deserialized-properly');
    expect(own?.failure).toBe('unregistered-custom-object');
    expect(own!.score).toBeLessThan(matches[0].score);
  });

  it("uses a wrapper's own failure when what it wraps is unknown", () => {
    const text =
      "TypeError: Error when deserializing class 'MyBlock' using config={'units': 4}.\n\nException encountered: something nobody has seen before";
    const top = triage(text).matches[0];
    expect(top.failure).toBe('unregistered-custom-object');
    expect(top.message_id).toBe('keras-error-when-deserializing-class');
    expect(top.extracted.class_name).toBe('MyBlock');
  });

  it('reads the TF1 Saver wrapper through to the original error', () => {
    const saver = message('saver-restore-failed-graph-mismatch').text; // wraps an Assign shape error
    const top = triage(`tensorflow.python.framework.errors_impl.InvalidArgumentError: ${saver}`).matches[0];
    expect(top.message_id).toBe('assign-requires-same-shape');
    expect(top.failure).toBe('architecture-mismatch');
  });
});

describe('warnings and logs', () => {
  it('a warnings-only log (TF 2.8+ wording) gives partial-restore', () => {
    const log = [
      'restored <tensorflow.python.checkpoint.checkpoint.CheckpointLoadStatus object at 0x7fd405990f10>',
      `WARNING:tensorflow:${message('ckpt-deleted-with-unrestored-values').text}`,
      'WARNING:tensorflow:Value in checkpoint could not be found in the restored object: (root).optimizer._iterations',
      'WARNING:tensorflow:Value in checkpoint could not be found in the restored object: (root).optimizer._learning_rate',
    ].join('\n');
    const top = triage(log).matches[0];
    expect(top.failure).toBe('partial-restore');
    expect(top.why).toMatch(/no exception/);
  });

  it('a warnings-only log (TF 2.0-2.7 wording) gives partial-restore and the object path', () => {
    // Wording as in deepchem/deepchem#2277.
    const log =
      "WARNING:tensorflow:Unresolved object in checkpoint: (root).optimizer's state 'm' for (root).model.graph_convs.0.bias5\nWARNING:tensorflow:Unresolved object in checkpoint: (root).optimizer's state 'm' for (root).model.graph_convs.0.bias6";
    const top = triage(log).matches[0];
    expect(top.failure).toBe('partial-restore');
    expect(top.extracted.object_path).toBe("(root).optimizer's state 'm' for (root).model.graph_convs.0.bias5");
  });

  it('ranks warnings printed after an exception below it', () => {
    const text = `${traceback('ValueError', message('received-incompatible-tensor-restore').text)}\nWARNING:tensorflow:${message('ckpt-value-not-found-in-restored-object').text}`;
    const { matches } = triage(text);
    expect(matches[0].failure).toBe('architecture-mismatch');
    expect(matches[1].failure).toBe('partial-restore');
  });

  it('names a hang from its log lines (GCS retries, Horovod stall, collective peers)', () => {
    for (const id of ['gcs-retrying-operation', 'horovod-ranks-waiting', 'mwms-peer-seems-down', 'curl-request-stuck']) {
      const text = `I0000 00:00:1795300211.029552   20357 retrying_utils.cc:95] ${message(id).text}`;
      expect(triage(text).matches[0].failure, id).toBe('restore-hang');
    }
  });

  it('falls back on keywords for a described hang, OOM kill or silent restore', () => {
    const cases: [string, FailureId][] = [
      ['load_model() hangs forever when the workers are started with fork', 'restore-hang'],
      ['The checkpoint lives on an NFS mount and restore is stuck', 'restore-hang'],
      ['Killed', 'resource-exhaustion'],
      ['tf.train.latest_checkpoint("ckpts") returned None and the model has random weights', 'wrong-path-or-loader'],
      ['the .keras file: not a zip file?', 'corrupted-checkpoint'],
    ];
    for (const [text, failure] of cases) {
      const top = triage(text).matches[0];
      expect(top?.failure, text).toBe(failure);
      expect(top.message_id, text).toBeNull();
      expect(top.score, text).toBeLessThan(0.85);
    }
  });

  it('reads a py-spy dump of a forked worker as a hang, but a crash dump is not a hang', () => {
    const pyspy = [
      'Process 21135: python worker_pool.py fork',
      'Python v3.11.4 (/usr/bin/python3.11)',
      '',
      'Thread 21135 (idle): "MainThread"',
      '    quick_execute (tensorflow/python/eager/execute.py:53)',
      '    predict (keras/src/backend/tensorflow/trainer.py:587)',
      '    _launch (multiprocessing/popen_fork.py:71)',
    ].join('\n');
    expect(triage(pyspy).matches[0].failure).toBe('restore-hang');
    const crash = [
      'Fatal Python error: Segmentation fault',
      '',
      'Current thread 0x00007fe63a5bab80 (most recent call first):',
      '  File "/home/user/.venv/lib/python3.11/site-packages/h5py/_hl/files.py", line 234 in make_fid',
      '  File "/home/user/project/load.py", line 3 in <module>',
    ].join('\n');
    expect(triage(crash).matches.map((m) => m.failure)).not.toContain('restore-hang');
  });

  it('ranks any catalog match above keyword evidence', () => {
    const text = `The job hangs after this:\n${message('key-not-found-in-checkpoint').text}`;
    expect(triage(text).matches[0].failure).toBe('variable-name-mismatch');
  });
});

describe('names inside a message', () => {
  it('extracts the key from a checkpoint key error (keras-team/keras#14401)', () => {
    const text =
      'tensorflow.python.framework.errors_impl.NotFoundError: Key optimizer/iter/.ATTRIBUTES/VARIABLE_VALUE not found in checkpoint [Op:RestoreV2]';
    const top = triage(text).matches[0];
    expect(top.failure).toBe('variable-name-mismatch');
    const from = text.indexOf('Key ') + 4;
    expect(top.extracted.key).toBe(text.slice(from, text.indexOf(' ', from)));
  });

  it('reads a missing object-graph key as a TF1 (name-based) checkpoint', () => {
    const top = triage('tensorflow.python.framework.errors_impl.NotFoundError: Key _CHECKPOINTABLE_OBJECT_GRAPH not found in checkpoint')
      .matches[0];
    expect(top.failure).toBe('tf1-tf2-checkpoint');
    expect(top.message_id).toBe('key-not-found-in-checkpoint');
  });

  it('names the dtypes of a checkpoint dtype mismatch', () => {
    const text =
      '{{function_node __wrapped__RestoreV2_dtypes_1_device_/job:localhost/replica:0/task:0/device:CPU:0}} tensor_name = dense/kernel/.ATTRIBUTES/VARIABLE_VALUE; expected dtype float does not equal original dtype double [Op:RestoreV2]';
    const top = triage(`tensorflow.python.framework.errors_impl.InvalidArgumentError: ${text}`).matches[0];
    expect(top.failure).toBe('dtype-mismatch');
    expect(top.extracted.expected_dtype).toBe('float');
    expect(top.extracted.stored_dtype).toBe('double');
    expect(top.extracted.key).toBe('dense/kernel/.ATTRIBUTES/VARIABLE_VALUE');
  });
});

describe('extra symptoms from the guides', () => {
  it('matches a caller-supplied pattern, with named groups, and ignores invalid ones', () => {
    const text = 'RuntimeError: restore of layer "encoder" needs a build() call first';
    const result = triage(text, {
      extraSymptoms: [
        {
          failure: 'input-shape-mismatch',
          pattern: 'restore of layer "(?P<layer>[^"]+)" needs a build\\(\\) call',
          text: 'restore of layer "{layer}" needs a build() call first',
        },
        { failure: 'dtype-mismatch', pattern: '([unclosed' },
      ],
    });
    const top = result.matches[0];
    expect(top.failure).toBe('input-shape-mismatch');
    expect(top.message_id).toBeNull();
    expect(top.extracted.layer).toBe('encoder');
    expect(top.why).toContain('guide symptom');
  });

  it('refuses a symptom pattern shaped for exponential backtracking instead of hanging', () => {
    const start = performance.now();
    const result = triage(`${'a'.repeat(5000)}!`, { extraSymptoms: [{ failure: 'restore-hang', pattern: '(a+)+$' }] });
    expect(performance.now() - start).toBeLessThan(1000);
    expect(result.matches.some((m) => m.why.includes('guide symptom'))).toBe(false);
  });

  it('does not change results when no symptom matches', () => {
    const text = message('sstable-bad-magic').text;
    expect(triage(text, { extraSymptoms: [{ failure: 'restore-hang', pattern: 'never printed' }] })).toEqual(triage(text));
  });
});

describe('empty and odd input', () => {
  it('returns no matches for empty or unrelated text', () => {
    expect(triage('').matches).toEqual([]);
    expect(triage('hello world\nall good\n').matches).toEqual([]);
  });

  it('reads a traceback pasted with a uniform indent or as an e-mail/issue quote', () => {
    const plain =
      traceback('ValueError', message('keras3-dotkeras-not-a-zip').text) +
      DURING +
      traceback('TypeError', message('keras3-could-not-locate-class').text);
    for (const text of [plain.replace(/^/gm, '    '), plain.replace(/^/gm, '> ')]) {
      const top = triage(text).matches[0];
      expect(top.failure).toBe('corrupted-checkpoint');
      expect(top.why).toMatch(/root cause/);
      expect(text.split('\n')).toContain(top.line); // the line as pasted, indent and all
    }
  });

  it('handles CRLF line endings', () => {
    const text = traceback('ValueError', message('keras3-dotkeras-not-a-zip').text).replace(/\n/g, '\r\n');
    const top = triage(text).matches[0];
    expect(top.failure).toBe('corrupted-checkpoint');
    expect(top.line.endsWith('\r')).toBe(false);
  });
});
