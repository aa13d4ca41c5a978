/**
 * unregistered-custom-object: every class or function in the saved configs that the loading
 * Keras does not ship (facts.custom_objects, found by src/lib/keras/custom-objects.ts), with the
 * exact registration code. It fails within seconds while the config is read, before any weight:
 * never a hang (checked with TF 2.21 / Keras 3.15; see the restore-hang guide).
 */
import type { Context } from '../../context/types.ts';
import type { CustomObjectFact, ModelFacts } from '../../facts.ts';
import { evidence, report, type Finding } from '../finding.ts';
import { findCustomObjects } from '../../keras-config/custom-objects.ts';
import { isKnownClass, type ObjectKind } from '../../keras-config/compat.ts';
import { kerasMajorStated, loaderKind } from '../support.ts';
import { messages } from './messages.ts';

export function unregisteredCustomObject(facts: ModelFacts, ctx: Context): Finding[] {
  const given = new Set(ctx.custom_objects ?? []);
  // Keras 3 looks a class up in custom_objects by its saved registered_name only: a class saved
  // as "samples>ScaledDense" is not found under the key "ScaledDense" (checked with Keras 3.15).
  const inCall = new Set(namesInLoaderCall(ctx.loader));
  // The decoders judged "custom" against the saving Keras; the loading Keras may lack more
  // (classes Keras 3 dropped), so the layers are checked again against the stated version.
  const stated = kerasMajorStated(ctx);
  const all = [...facts.custom_objects];
  if (stated !== null && facts.layers.length > 0) {
    for (const o of findCustomObjects(facts.layers, null, stated)) {
      // A built-in of another Keras release is a version difference, not a custom object:
      // version-mismatch names it (a class registered under its name would only hide that).
      if (isBuiltinOfSomeRelease(o.class_name)) continue;
      if (!all.some((x) => x.class_name === o.class_name && x.where === o.where)) all.push(o);
    }
  }
  // Objects the loading code passes or registers are found; Lambda bytecode is still a risk.
  const objects = all.filter(
    (o) =>
      o.role === 'unsafe_lambda' ||
      o.role === 'unsafe_member' ||
      !(
        given.has(o.class_name) ||
        (o.registered_name !== null && given.has(o.registered_name)) ||
        inCall.has(o.registered_name ?? o.class_name)
      ),
  );
  if (objects.length === 0) return [];
  const loader = loaderKind(ctx.loader);
  const file = facts.artifacts[0]?.path ?? null;
  // tf.saved_model.load and TFSMLayer run the saved functions, not Keras configs.
  if (loader === 'tf_saved_model_load' || loader === 'tfsm_layer') {
    return [
      report(
        messages.notNeededByLoader,
        { count: objects.length, loader: ctx.loader },
        { severity: 'info', evidence: objects.map((o) => evidence({ file, key: o.where, text: o.class_name })), confidence: 'certain' },
      ),
    ];
  }
  const major = kerasMajorStated(ctx) ?? (facts.producer.keras?.startsWith('3') ? 3 : 2);
  const out: Finding[] = [];
  const lambdas = objects.filter((o) => o.role === 'unsafe_lambda');
  const members = objects.filter((o) => o.role === 'unsafe_member');
  const named = dedupe(objects.filter((o) => o.role !== 'unsafe_lambda' && o.role !== 'unsafe_member'));
  if (named.length > 0) {
    out.push(
      report(
        messages.unregistered,
        { objects: named, major },
        {
          severity: 'error',
          evidence: named.map((o) =>
            evidence({
              file,
              key: o.where,
              text:
                `${o.role ?? 'object'} ${o.class_name}` +
                `${o.registered_name ? ` (registered as "${o.registered_name}")` : ''}${o.module ? ` from ${o.module}` : ''}`,
            }),
          ),
          confidence: 'likely',
        },
      ),
    );
  }
  if (lambdas.length > 0) {
    out.push(
      report(
        messages.lambdaBytecode,
        { count: lambdas.length },
        {
          severity: major === 3 ? 'error' : 'warning',
          evidence: lambdas.map((o) => evidence({ file, key: o.where, text: o.class_name })),
          confidence: 'certain',
        },
      ),
    );
  }
  if (members.length > 0) {
    // Pickle-like members are not classes to register: they are files a loader might deserialize.
    out.push(
      report(
        messages.pickledMembers,
        { count: members.length },
        {
          severity: 'warning',
          evidence: members.map((o) => evidence({ file, key: o.where, text: `${o.class_name} member, not read` })),
          confidence: 'certain',
        },
      ),
    );
  }
  return out;
}

/**
 * Keys of a `custom_objects={...}` or `custom_object_scope({...})` dict written in the stated
 * loader call, e.g. `keras.models.load_model(p, custom_objects={"ScaledDense": ScaledDense})`:
 * what the reader pastes is the call itself. Bounded patterns: the loader text is untrusted.
 */
export function namesInLoaderCall(loader: string | null): string[] {
  if (!loader) return [];
  const names: string[] = [];
  for (const dict of loader.slice(0, 4000).matchAll(/(?:custom_objects\s*=\s*|custom_object_scope\s*\(\s*)\{([^{}]*)\}/g)) {
    for (const key of dict[1]!.matchAll(/["']([^"'\n]{1,200})["']\s*:/g)) names.push(key[1]!);
  }
  return names;
}

function dedupe(objects: readonly CustomObjectFact[]): CustomObjectFact[] {
  const seen = new Map<string, CustomObjectFact>();
  for (const o of objects) if (!seen.has(o.class_name)) seen.set(o.class_name, o);
  return [...seen.values()];
}

const KINDS: readonly ObjectKind[] = [
  'layer',
  'model',
  'initializer',
  'regularizer',
  'constraint',
  'dtype_policy',
  'optimizer',
  'loss',
  'metric',
  'lr_schedule',
];

function isBuiltinOfSomeRelease(className: string): boolean {
  return KINDS.some((kind) => isKnownClass(kind, className));
}
