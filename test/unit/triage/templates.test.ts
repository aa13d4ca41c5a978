/**
 * Every message in the catalog, printed with plausible values, must triage to the failure the
 * catalog gives it; and the wordings older versions printed (quoted in the entries' `versions`
 * notes) must land on the same failure.
 */
import { describe, expect, it } from 'vitest';
import { isFailureId } from '../../../src/lib/catalog.ts';
import { CATALOG_MESSAGES, triage } from '../../../src/lib/triage/index.ts';
import { fillTemplate, unfilled } from './fill-template.ts';

/** The message as a user sees it: prefixed with its exception type or log level. */
function asPrinted(exception: string, message: string): string {
  if (/^WARNING \(logging/.test(exception)) return `WARNING:tensorflow:${message}`;
  if (/^(?:INFO|WARNING|ERROR)\b|\blog\b/.test(exception)) return `W0000 00:00:1795300211.029552   20357 some_file.cc:412] ${message}`;
  const type = /^((?:[a-z_]\w*\.)*[A-Z][A-Za-z]*)\b/.exec(exception)?.[1];
  return type ? `${type}: ${message}` : message;
}

function rate(texts: { id: string; failure: string; text: string }[]): { rate: number; misses: string[] } {
  const misses: string[] = [];
  for (const t of texts) {
    const top = triage(t.text).matches[0];
    if (top?.failure !== t.failure)
      misses.push(`${t.id}: expected ${t.failure}, got ${top?.failure ?? 'nothing'} for ${JSON.stringify(t.text.slice(0, 120))}`);
  }
  return { rate: (texts.length - misses.length) / texts.length, misses };
}

describe('catalog templates', () => {
  it('has the 120 original messages plus those mined for issue 14, each with a known failure id and a pattern JavaScript compiles', () => {
    expect(CATALOG_MESSAGES.length).toBeGreaterThanOrEqual(150);
    for (const m of CATALOG_MESSAGES) {
      expect(isFailureId(m.failure), m.id).toBe(true);
      expect(() => new RegExp(m.regex), m.id).not.toThrow();
    }
  });

  it('fills every placeholder', () => {
    for (const m of CATALOG_MESSAGES) expect(unfilled(m.id, m.template), m.id).toEqual([]);
  });

  it("triages each bare template (placeholders filled) to the entry's failure", () => {
    const { rate: r, misses } = rate(CATALOG_MESSAGES.map((m) => ({ id: m.id, failure: m.failure, text: fillTemplate(m.id, m.template) })));
    console.log(`bare templates -> own failure as top-1: ${(r * 100).toFixed(1)}%`);
    if (misses.length) console.log(`misses:\n  ${misses.join('\n  ')}`);
    expect(r).toBeGreaterThanOrEqual(0.98);
  });

  it("triages each template as printed (with its exception type or log prefix) to the entry's failure", () => {
    const { rate: r, misses } = rate(
      CATALOG_MESSAGES.map((m) => ({ id: m.id, failure: m.failure, text: asPrinted(m.exception, fillTemplate(m.id, m.template)) })),
    );
    console.log(`printed templates -> own failure as top-1: ${(r * 100).toFixed(1)}%`);
    if (misses.length) console.log(`misses:\n  ${misses.join('\n  ')}`);
    expect(r).toBe(1);
  });

  it("matches each printed template with the entry's own regex (the filled values are plausible)", () => {
    for (const m of CATALOG_MESSAGES) {
      const text = asPrinted(m.exception, fillTemplate(m.id, m.template));
      expect(new RegExp(m.regex, 'm').test(text), `${m.id}: ${text.slice(0, 160)}`).toBe(true);
    }
  });

  // Older wordings, each quoted in the entry's `versions` note (checked below), in a line as printed.
  const OLD_WORDINGS: { id: string; quote: string; printed: string }[] = [
    {
      id: 'restored-concrete-function-no-match',
      quote: 'Could not find matching function to call loaded from the SavedModel',
      printed: 'ValueError: Could not find matching function to call loaded from the SavedModel. Got:',
    },
    {
      id: 'keras3-load-weights-format-not-supported',
      quote: 'Keras 3 only supports V3 `.keras` and `.weights.h5` files, or legacy V1/V2 `.h5` files.',
      printed:
        'ValueError: File format not supported: filepath=models/ckpt-1. Keras 3 only supports V3 `.keras` and `.weights.h5` files, or legacy V1/V2 `.h5` files.',
    },
    {
      id: 'keras3-savedmodel-not-supported',
      quote: 'supports V3 `.keras` files and legacy H5',
      printed:
        'ValueError: File format not supported: filepath=models/exported. Keras 3 only supports V3 `.keras` files and legacy H5 format files (`.h5` extension).',
    },
    {
      id: 'keras-lambda-safe-mode',
      quote: 'of this `Lambda` layer is a Python lambda. Deserializing it is unsafe.',
      printed:
        'ValueError: The `{arg_name}` of this `Lambda` layer is a Python lambda. Deserializing it is unsafe. If you trust the source of the config artifact, you can override this error by passing `safe_mode=False` to `from_config()`.',
    },
    {
      id: 'keras-lambda-safe-mode',
      quote: 'Requested the deserialization of a `lambda` object.',
      printed:
        'ValueError: Requested the deserialization of a `lambda` object. This carries a potential risk of arbitrary code execution and thus it is disallowed by default.',
    },
    { id: 'keras-no-model-config-in-h5', quote: 'No model found in config file.', printed: 'ValueError: No model found in config file.' },
    { id: 'keras-no-model-config-in-h5', quote: 'No model found in config.', printed: 'ValueError: No model found in config.' },
    {
      id: 'keras-unknown-object-bare',
      quote: "('Unknown loss function', ':compute_loss')",
      printed: "ValueError: ('Unknown loss function', ':compute_loss')",
    },
    {
      id: 'keras-get-config-not-implemented',
      quote: 'has arguments in `__init__` and therefore must override `get_config`.',
      printed: 'NotImplementedError: Layer ScaleLayer has arguments in `__init__` and therefore must override `get_config`.',
    },
    {
      id: 'tfkeras-unable-to-restore-custom-object',
      quote: 'Unable to restore custom object of class "{class_name}"',
      printed:
        'ValueError: Unable to restore custom object of class "ScaleLayer" (type _tf_keras_layer). Please make sure that this class is included in the `custom_objects` arg when calling `load_model()`.',
    },
    {
      id: 'bundle-checksum-mismatch',
      quote: 'DataLossError (see above for traceback)',
      printed:
        'DataLossError (see above for traceback): Checksum does not match: stored 1214729159 vs. calculated on the restored bytes 4293119519',
    },
    {
      id: 'key-not-found-in-checkpoint',
      quote: "'Not found: '",
      printed:
        'NotFoundError (see above for traceback): Not found: Key dense/kernel not found in checkpoint\n\t [[Node: save/RestoreV2 = RestoreV2[dtypes=[DT_FLOAT], _device="/job:localhost/replica:0/task:0/device:CPU:0"](_arg_save/Const_0_0, save/RestoreV2/tensor_names, save/RestoreV2/shape_and_slices)]]',
    },
    {
      id: 'saved-model-load-io-device-hint',
      quote: 'If trying to load on a different device from the computational device',
      printed:
        "FileNotFoundError: Op type not registered 'X'\n If trying to load on a different device from the computational device, consider using setting the `experimental_io_device` option on tf.saved_model.LoadOptions to the io_device such as '/job:localhost'.",
    },
    {
      id: 'bfc-allocator-ran-out-of-memory',
      quote: 'ran out of memory trying to allocate 2.00GiB with freed_by_count=0',
      printed:
        'W tensorflow/core/common_runtime/bfc_allocator.cc:246] Allocator (GPU_0_bfc) ran out of memory trying to allocate 2.00GiB with freed_by_count=0.',
    },
    {
      id: 'h5-file-signature-not-found',
      quote: "'synchronously' wording",
      printed: 'OSError: Unable to synchronously open file (file signature not found)',
    },
  ];

  it('triages the older wordings quoted in the versions notes', () => {
    for (const w of OLD_WORDINGS) {
      const entry = CATALOG_MESSAGES.find((m) => m.id === w.id);
      expect(entry, w.id).toBeDefined();
      expect(entry!.versions, w.id).toContain(w.quote);
      const top = triage(w.printed).matches[0];
      expect(top?.failure, `${w.id}: ${w.printed}`).toBe(entry!.failure);
    }
  });
});
