/**
 * partial-restore, Keras 3 optimizers: what `keras.models.load_model` does with the saved optimizer.
 *  - `.keras`: Keras 3 compiles the loaded model and builds its optimizer, then compares that
 *    optimizer's variable count with the saved one; when they differ it skips every optimizer value
 *    with "Skipping variable loading for optimizer 'adam', because it has 10 variables whereas the
 *    saved optimizer has 2 variables." (saving_lib.py). Saved before training, nothing is lost; saved
 *    with state, the state is.
 *  - legacy `.h5` written by Keras 3: the slots in optimizer_weights are not restored, and the first
 *    fit() raises "Unknown variable: ... This optimizer can only be called for the variables it was
 *    originally built with." (both checked with Keras 3.15: public/samples).
 * The count a built optimizer has is 1 (iterations) + 1 (learning_rate, unless it is a schedule) +
 * its slots per trainable variable, as each optimizer's build() creates them in Keras 3.
 */
import type { Context } from '../../context/types.ts';
import type { ModelFacts, OptimizerFact } from '../../facts.ts';
import { isObject } from '../../keras-config/json-shape.ts';
import { evidence, type Finding, report } from '../finding.ts';
import { artifactsOf, loaderKind } from '../support.ts';
import { messages } from './messages.ts';

type Config = Record<string, unknown>;

/** Slot variables per trainable variable, by optimizer class; null where they depend on shapes. */
const SLOTS: Record<string, (c: Config) => number | null> = {
  SGD: (c) => (num(c.momentum) > 0 ? 1 : 0),
  Adam: (c) => (c.amsgrad === true ? 3 : 2),
  AdamW: (c) => (c.amsgrad === true ? 3 : 2),
  Adamax: () => 2,
  Nadam: () => 2,
  Lamb: () => 2,
  Ftrl: () => 2,
  Adadelta: () => 2,
  Adagrad: () => 1,
  Lion: () => 1,
  RMSprop: (c) => 1 + (num(c.momentum) > 0 ? 1 : 0) + (c.centered === true ? 1 : 0),
  // Adafactor's slots depend on each variable's rank; Muon's on which variables it applies to.
  Adafactor: () => null,
  Muon: () => null,
};

/** Layers whose saved variables are not all trainable: how many of their first variables are. */
const TRAINABLE_PREFIX: [RegExp, number][] = [
  [/^batch_normalization(_\d+)?$/, 2], // gamma, beta; then moving mean and variance
  [/^(normalization|discretization|string_lookup|integer_lookup|text_vectorization|hashing)(_\d+)?$/, 0],
  [/^seed_generator(_\d+)?$/, 0],
];

function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

/** The optimizer's class and config from its saved form ('adam', or {class_name, config}). */
function optimizerConfig(opt: OptimizerFact): { className: string; config: Config; name: string } | null {
  const raw = opt.config;
  if (typeof raw === 'string') return { className: opt.class_name ?? raw, config: {}, name: raw.toLowerCase() };
  if (!isObject(raw) || typeof raw.class_name !== 'string') return null;
  const config = isObject(raw.config) ? raw.config : {};
  return { className: raw.class_name, config, name: typeof config.name === 'string' ? config.name : raw.class_name.toLowerCase() };
}

/** Trainable variables of a .keras file's model, or null when a layer's split cannot be known from names. */
function trainableCount(facts: ModelFacts): number | null {
  if (facts.layers.some((l) => isObject(l.config) && l.config.trainable === false)) return null;
  let count = 0;
  for (const v of facts.variables) {
    const m = /^(.*)\/vars\/(\d+)$/.exec(v.name);
    if (!m || m[1]!.startsWith('optimizer')) continue;
    const owner = m[1]!.split('/').pop()!;
    const rule = TRAINABLE_PREFIX.find(([re]) => re.test(owner));
    if (!rule || Number(m[2]) < rule[1]) count++;
  }
  return count;
}

export function kerasOptimizerFindings(facts: ModelFacts, ctx: Context): Finding[] {
  const opt = facts.optimizer;
  if (!opt || !/^3\./.test(facts.producer.keras ?? '')) return [];
  const loader = loaderKind(ctx.loader);
  if ((loader !== null && loader !== 'keras_load_model') || /compile\s*=\s*False/.test(ctx.loader ?? '')) return [];
  const saved = opt.variables.length;

  const h5 = artifactsOf(facts, 'keras_h5')[0];
  if (h5 && opt.slot_count > 0) {
    return [
      report(
        messages.kerasH5OptimizerNotResumable,
        { file: h5.path, className: opt.class_name ?? 'optimizer', slots: opt.slot_count },
        {
          severity: 'warning',
          evidence: [evidence({ file: h5.path, key: 'optimizer_weights', text: `${saved} values, ${opt.slot_count} of them slots` })],
          confidence: 'certain',
        },
      ),
    ];
  }

  const keras = artifactsOf(facts, 'keras_v3')[0];
  const parsed = optimizerConfig(opt);
  if (!keras || !parsed) return [];
  const slots = SLOTS[parsed.className]?.(parsed.config);
  const trainable = trainableCount(facts);
  if (slots === undefined || slots === null || trainable === null) return [];
  // An unbuilt optimizer saves iterations and the learning rate (unless a schedule computes it);
  // build() adds Nadam's u_product, then the slots (and an EMA copy with use_ema) per trainable variable.
  const unbuiltCount = 1 + (isObject(parsed.config.learning_rate) ? 0 : 1);
  const perVariable = slots + (parsed.config.use_ema === true ? 1 : 0);
  const built = unbuiltCount + (parsed.className === 'Nadam' ? 1 : 0) + perVariable * trainable;
  if (built === saved) return [];
  const data = {
    file: keras.path,
    name: parsed.name,
    className: parsed.className,
    built,
    saved,
    unbuilt: saved === unbuiltCount,
    trainable,
  };
  return [
    report(messages.kerasOptimizerCountSkip, data, {
      severity: data.unbuilt ? 'info' : 'warning',
      evidence: [
        evidence({ file: keras.path, key: 'optimizer/vars', text: `${saved} saved` }),
        evidence({
          file: keras.path,
          key: 'compile_config.optimizer',
          text: `${parsed.className}: ${built - perVariable * trainable} + ${perVariable} x ${trainable} trainable = ${built}`,
        }),
      ],
      confidence: 'likely',
    }),
  ];
}
