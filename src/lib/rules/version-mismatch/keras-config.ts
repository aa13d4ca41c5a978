/**
 * version-mismatch, Keras configs: every object in a saved Keras config judged against the Keras
 * that loads it (stated, else the current Keras), from the compatibility table built from each
 * release's sources (src/lib/keras-config/compat.ts):
 *  - constructor keys that release rejects (`groups` in DepthwiseConv2D, `time_major` in LSTM, ...)
 *    on the loading path the file takes (legacy .h5/JSON, or .keras);
 *  - classes it does not have (removed in Keras 3, or newer than it), and `.keras` module paths it
 *    cannot import (`keras.src.engine.functional` from tf.keras 2.13-2.15).
 * One finding per class and problem, naming every layer it hits.
 */
import type { Context } from '../../context/types.ts';
import type { LayerFact, ModelFacts } from '../../facts.ts';
import {
  CURRENT_KERAS,
  downgradeRejections,
  isBuiltinAt,
  isKnownClass,
  type ObjectKind,
  type RejectedKey,
  rejectedKeys,
  releaseLabel,
  releaseName,
  removedAt,
  nestedWithoutModule,
  unimportableModule,
} from '../../keras-config/compat.ts';
import { isObject } from '../../keras-config/json-shape.ts';
import { evidence, type Evidence, type Finding, report } from '../finding.ts';
import { artifactsOf, loaderKind, runtimeTf } from '../support.ts';
import { messages } from './messages.ts';

/** The Keras release that loads: stated, implied by a stated TF, or the current Keras. */
export function loadingKeras(ctx: Context): { label: string; stated: boolean } {
  const keras = ctx.runtime.keras ? releaseLabel(ctx.runtime.keras) : null;
  if (keras) return { label: keras, stated: true };
  const tf = runtimeTf(ctx);
  // TF 2.16+ installs Keras 3 as tf.keras; TF 2.5-2.15 ship tf.keras of their own minor.
  if (tf && tf.major === 2 && tf.minor <= 15) {
    const label = releaseLabel(`2.${tf.minor}`);
    if (label) return { label, stated: true };
  }
  return { label: CURRENT_KERAS, stated: tf !== null };
}

/** Config keys whose object values are other Keras objects, and what kind each is. */
function kindOfKey(key: string): ObjectKind | null {
  if (key.endsWith('initializer')) return 'initializer';
  if (key.endsWith('regularizer')) return 'regularizer';
  if (key.endsWith('constraint')) return 'constraint';
  if (key === 'dtype' || key === 'dtype_policy') return 'dtype_policy';
  return null;
}

function layerKind(className: string): ObjectKind {
  return isKnownClass('model', className) && !isKnownClass('layer', className) ? 'model' : 'layer';
}

interface Hit {
  kind: ObjectKind;
  className: string;
  /** Where in the config: `lstm_1`, `dense.config.kernel_initializer`. */
  where: string[];
}

export function kerasConfigFindings(facts: ModelFacts, ctx: Context): Finding[] {
  const loader = loaderKind(ctx.loader);
  if (loader === 'tf_saved_model_load' || loader === 'tfsm_layer' || loader === 'checkpoint_restore') return [];
  const h5 = artifactsOf(facts, 'keras_h5')[0];
  const zip = artifactsOf(facts, 'keras_v3')[0];
  const artifact = h5 ?? zip;
  if (!artifact || facts.layers.length === 0) return [];
  const path = h5 ? 'h5' : 'keras';
  const { label, stated } = loadingKeras(ctx);
  const savedMajor = /^\s*(\d+)\./.exec(facts.producer.keras ?? '')?.[1];
  // A Keras 3 file in Keras 2 fails as a whole (another finding says so); classes do not matter then.
  if (savedMajor === '3' && !label.startsWith('3.')) return [];

  const rejected = new Map<string, Hit & { keys: RejectedKey[] }>();
  const missing = new Map<string, Hit & { removedAfter: string | null }>();
  const modules = new Map<string, Hit & { module: string }>();
  const downgrade = new Map<string, Hit & { key: string }>();
  const unnamedNested = new Map<string, Hit & { nested: string }>();
  const add = <T extends Hit>(map: Map<string, T>, id: string, hit: Omit<T, 'where'>, where: string) => {
    const seen = map.get(id);
    if (seen) seen.where.push(where);
    else map.set(id, { ...hit, where: [where] } as T);
  };

  const checkObject = (kind: ObjectKind, className: string, module: string | null, config: unknown, where: string) => {
    if (module && unimportableModule(module, className, label)) add(modules, `${module}:${className}`, { kind, className, module }, where);
    const removed = removedAt(kind, className, label);
    if (removed) add(missing, `${kind}/${className}`, { kind, className, removedAfter: removed.last_keras2 }, where);
    else if (isKnownClass(kind, className) && !isBuiltinAt(kind, className, label)) {
      add(missing, `${kind}/${className}`, { kind, className, removedAfter: null }, where);
    }
    if (!isObject(config)) return;
    // Containers (Sequential, Functional, Model) are rebuilt from their layer lists by from_config,
    // not by passing the config to a constructor: their keys are not constructor arguments.
    if (kind === 'model' || Array.isArray(config.layers)) return;
    const keys = rejectedKeys(kind, className, config, label, path);
    if (keys.length > 0) {
      add(rejected, `${kind}/${className}`, { kind, className, keys: [] }, where);
      const hit = rejected.get(`${kind}/${className}`)!;
      for (const k of keys) if (!hit.keys.some((seen) => seen.key === k.key)) hit.keys.push(k);
    }
    for (const nested of nestedWithoutModule(kind, className, config, label))
      add(unnamedNested, `${className}/${nested}`, { kind, className, nested }, where);
    if (savedMajor === '3') {
      for (const key of downgradeRejections(kind, className, config, label))
        add(downgrade, `${kind}/${className}.${key}`, { kind, className, key }, where);
    }
  };

  for (const layer of facts.layers) {
    const at = layer.path || '(model)';
    checkObject(layerKind(layer.class_name), layer.class_name, layer.module, layer.config, at);
    for (const [key, value] of nestedObjects(layer)) {
      const kind = kindOfKey(key);
      if (kind && isObject(value) && typeof value.class_name === 'string') {
        checkObject(kind, value.class_name, typeof value.module === 'string' ? value.module : null, value.config, `${at}.config.${key}`);
      }
    }
  }

  const file = artifact.path;
  const loading = releaseName(label);
  const out: Finding[] = [];
  // Keras 2.2 and older wrote a Sequential's config as the bare layer list; Keras 3 reads a dict.
  const root = facts.layers[0];
  if (root && root.path === '' && Array.isArray(root.config) && label.startsWith('3.')) {
    const data = { loading, stated, className: root.class_name, layers: root.config.length, file };
    out.push(
      report(messages.kerasListConfig, data, {
        severity: 'error',
        evidence: [
          evidence({ file, key: 'model_config', text: `{"class_name": "${root.class_name}", "config": [...${root.config.length}]}` }),
        ],
        confidence: stated ? 'certain' : 'likely',
      }),
    );
  }
  const ev = (hit: Hit, text: string): Evidence[] => hit.where.slice(0, 20).map((w) => evidence({ file, key: w, text }));
  const options = (hit: Hit, text: string) =>
    ({ severity: 'error', evidence: ev(hit, text), confidence: stated ? 'certain' : 'likely' }) as const;
  for (const r of rejected.values()) {
    const recorded = r.keys.find((k) => k.error) ?? r.keys.find((k) => k.last_accepted);
    const data = {
      loading,
      stated,
      kind: r.kind,
      className: r.className,
      keys: r.keys.map((k) => k.key),
      layers: r.where,
      lastAccepted: recorded?.last_accepted ? releaseName(recorded.last_accepted) : null,
      error: recorded?.error ?? null,
      file,
    };
    out.push(report(messages.kerasRejectsKey, data, options(r, `${r.className}(${data.keys.map((k) => `${k}=...`).join(', ')})`)));
  }
  for (const m of missing.values()) {
    const data = {
      loading,
      stated,
      kind: m.kind,
      className: m.className,
      where: m.where,
      removedAfter: m.removedAfter && releaseName(m.removedAfter),
      file,
    };
    out.push(report(messages.kerasLacksClass, data, options(m, m.className)));
  }
  for (const m of modules.values()) {
    const data = { loading, stated, className: m.className, module: m.module, where: m.where, file };
    out.push(report(messages.kerasCannotImportModule, data, options(m, `${m.module}.${m.className}`)));
  }
  for (const n of unnamedNested.values()) {
    const data = { loading, stated, className: n.className, nested: n.nested, where: n.where, file };
    out.push(report(messages.kerasNestedWithoutModule, data, options(n, `${n.className}(layer=${n.nested})`)));
  }
  for (const d of downgrade.values()) {
    const data = { loading, saved: facts.producer.keras ?? 'a newer Keras 3', className: d.className, key: d.key, layers: d.where, file };
    out.push(report(messages.kerasDowngradeKey, data, options(d, `${d.className}(${d.key}=...)`)));
  }
  return out;
}

/** The `{class_name, config}` objects directly inside a layer's config. */
function nestedObjects(layer: LayerFact): [string, unknown][] {
  return isObject(layer.config) ? Object.entries(layer.config).filter(([, v]) => isObject(v) && 'class_name' in v) : [];
}
