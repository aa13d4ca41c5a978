/**
 * unregistered-custom-object: every class or function in the saved configs that the loading
 * Keras does not ship (facts.custom_objects, found by src/lib/keras/custom-objects.ts), with the
 * exact registration code. It fails within seconds while the config is read, before any weight:
 * never a hang (checked with TF 2.21 / Keras 3.15; see the restore-hang guide).
 */
import type { Context } from '../../context/types.ts';
import type { CustomObjectFact, ModelFacts } from '../../facts.ts';
import { evidence, finding, type Finding } from '../finding.ts';
import { findCustomObjects } from '../../keras-config/custom-objects.ts';
import { kerasMajorStated, loaderKind } from '../support.ts';

const ID = 'unregistered-custom-object';

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
      finding(
        ID,
        'info',
        `${objects.length} custom Keras object(s) in the config, not needed by ${ctx.loader}`,
        'tf.saved_model.load restores traced functions and variables; the Python classes are only needed to get Keras objects back (keras.models.load_model).',
        { evidence: objects.map((o) => evidence({ file, key: o.where, text: o.class_name })), confidence: 'certain' },
      ),
    ];
  }
  const major = kerasMajorStated(ctx) ?? (facts.producer.keras?.startsWith('3') ? 3 : 2);
  const out: Finding[] = [];
  const lambdas = objects.filter((o) => o.role === 'unsafe_lambda');
  const members = objects.filter((o) => o.role === 'unsafe_member');
  const named = dedupe(objects.filter((o) => o.role !== 'unsafe_lambda' && o.role !== 'unsafe_member'));
  if (named.length > 0) {
    const names = named.map((o) => o.class_name);
    out.push(
      finding(
        ID,
        'error',
        `Custom object${named.length > 1 ? 's' : ''} the loader must be given: ${names.slice(0, 6).join(', ')}${names.length > 6 ? ', …' : ''}`,
        `The saved config names ${named.length} class(es) or function(s) that Keras ${major} does not ship. load_model fails within seconds while it reads the config, before any weight is read (${major === 3 ? '"Could not locate class \'<name>\'"' : '"Unknown layer: <name>" / "Unknown loss function: <name>"'}); it never hangs. Import the code that defines them and pass or register them.`,
        {
          evidence: named.map((o) =>
            evidence({
              file,
              key: o.where,
              text: `${o.role ?? 'object'} ${o.class_name}${o.registered_name ? ` (registered as "${o.registered_name}")` : ''}${o.module ? ` from ${o.module}` : ''}`,
            }),
          ),
          fix: registrationSnippet(named, major),
          confidence: 'likely',
        },
      ),
    );
  }
  if (lambdas.length > 0) {
    out.push(
      finding(
        ID,
        major === 3 ? 'error' : 'warning',
        `${lambdas.length} Lambda layer(s) with saved Python bytecode`,
        'A Lambda layer built from a Python lambda stores marshalled bytecode. Keras 3 refuses it by default ("Requested the deserialization of a `Lambda` layer whose `function` is a Python lambda"); loading it runs that code, and bytecode from another Python version may not load at all.',
        {
          evidence: lambdas.map((o) => evidence({ file, key: o.where, text: o.class_name })),
          fix: '# Only for files you trust: this executes code stored in the file\nmodel = keras.models.load_model(path, safe_mode=False)\n# Better: rebuild the model in code with a named, registered function instead of the lambda.',
          confidence: 'certain',
        },
      ),
    );
  }
  if (members.length > 0) {
    // Pickle-like members are not classes to register: they are files a loader might deserialize.
    out.push(
      finding(
        ID,
        'warning',
        `${members.length} archive member(s) that are pickled or NumPy data: listed, not read`,
        'Unpickling a .pkl/.pickle/.joblib/.dill member runs code stored in it, and .npy/.npz files can carry pickled objects too. The checker lists these members and never opens them. Keras reads only metadata.json, config.json and the weights file (model.weights.h5, or model.weights.npz with NumPy); code that opens the other members with pickle or numpy.load(allow_pickle=True) would run what they contain.',
        {
          evidence: members.map((o) => evidence({ file, key: o.where, text: `${o.class_name} member, not read` })),
          fix: 'Open these members only if you trust where the file came from. Apart from the weights file, the model loads without them, so they can be removed from the archive.',
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

function pyIdent(name: string): string {
  const id = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^\d/.test(id) ? `_${id}` : id;
}

/** `custom_objects={...}` for the call, and the decorator that makes it unnecessary next time. */
export function registrationSnippet(objects: readonly CustomObjectFact[], major: 2 | 3): string {
  const modules = new Map<string, string[]>();
  for (const o of objects) {
    const mod =
      o.module && !/^(keras|tf_keras|tensorflow|builtins)(\.|$)/.test(o.module)
        ? o.module
        : 'my_project.custom  # the module that defines it';
    modules.set(mod, [...(modules.get(mod) ?? []), pyIdent(o.class_name)]);
  }
  const imports = [...modules.entries()].map(([m, names]) =>
    m.includes('#')
      ? `from ${m.replace(/\s*#.*/, '')} import ${names.join(', ')}  # the module that defines them`
      : `from ${m} import ${names.join(', ')}`,
  );
  const dict = objects.map((o) => {
    const key = o.registered_name ?? o.class_name;
    return `    ${JSON.stringify(key)}: ${pyIdent(o.class_name)},`;
  });
  const load = major === 3 ? 'keras.models.load_model' : 'tf.keras.models.load_model';
  const reg = major === 3 ? 'keras.saving.register_keras_serializable' : 'tf.keras.utils.register_keras_serializable';
  const registered = objects.find((o) => o.registered_name?.includes('>'));
  const [pkg, name] = registered ? registered.registered_name!.split('>') : ['my_package', pyIdent(objects[0]!.class_name)];
  return [
    major === 3 ? 'import keras' : 'import tensorflow as tf',
    ...imports,
    'custom_objects = {',
    ...dict,
    '}',
    `model = ${load}(path, custom_objects=custom_objects)`,
    '',
    `# Or register once where the class is defined (the saved name is "<package>>${name}"):`,
    `@${reg}(package=${JSON.stringify(pkg)}${registered ? `, name=${JSON.stringify(name)}` : ''})`,
    `class ${pyIdent(registered ? registered.class_name : objects[0]!.class_name)}(...):`,
    '    ...  # plus get_config() returning every __init__ argument',
  ].join('\n');
}
