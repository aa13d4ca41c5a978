/** What unregistered-custom-object says (the logic is in ./index.ts). */
import type { CustomObjectFact } from '../../facts.ts';
import { messagesOf } from '../finding.ts';

const message = messagesOf('unregistered-custom-object');

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

export const messages = {
  notNeededByLoader: message<{ count: number; loader: string | null }>({
    title: (d) => `${d.count} custom Keras object(s) in the config, not needed by ${d.loader}`,
    detail:
      'tf.saved_model.load restores traced functions and variables; ' +
      'the Python classes are only needed to get Keras objects back (keras.models.load_model).',
  }),

  unregistered: message<{ objects: CustomObjectFact[]; major: 2 | 3 }>({
    title: (d) => {
      const names = d.objects.map((o) => o.class_name);
      const listed = `${names.slice(0, 6).join(', ')}${names.length > 6 ? ', …' : ''}`;
      return `Custom object${d.objects.length > 1 ? 's' : ''} the loader must be given: ${listed}`;
    },
    detail: (d) =>
      `The saved config names ${d.objects.length} class(es) or function(s) that Keras ${d.major} does not ship. ` +
      'load_model fails within seconds while it reads the config, before any weight is read ' +
      `(${d.major === 3 ? '"Could not locate class \'<name>\'"' : '"Unknown layer: <name>" / "Unknown loss function: <name>"'}); ` +
      'it never hangs. Import the code that defines them and pass or register them.',
    fix: (d) => registrationSnippet(d.objects, d.major),
  }),

  lambdaBytecode: message<{ count: number }>({
    title: (d) => `${d.count} Lambda layer(s) with saved Python bytecode`,
    detail:
      'A Lambda layer built from a Python lambda stores marshalled bytecode. Keras 3 refuses it by default ' +
      '("Requested the deserialization of a `Lambda` layer whose `function` is a Python lambda"); ' +
      'loading it runs that code, and bytecode from another Python version may not load at all.',
    fix: [
      '# Only for files you trust: this executes code stored in the file',
      'model = keras.models.load_model(path, safe_mode=False)',
      '# Better: rebuild the model in code with a named, registered function instead of the lambda.',
    ].join('\n'),
  }),

  pickledMembers: message<{ count: number }>({
    title: (d) => `${d.count} archive member(s) that are pickled or NumPy data: listed, not read`,
    detail:
      'Unpickling a .pkl/.pickle/.joblib/.dill member runs code stored in it, and .npy/.npz files can carry pickled objects too. ' +
      'The checker lists these members and never opens them. ' +
      'Keras reads only metadata.json, config.json and the weights file (model.weights.h5, or model.weights.npz with NumPy); ' +
      'code that opens the other members with pickle or numpy.load(allow_pickle=True) would run what they contain.',
    fix:
      'Open these members only if you trust where the file came from. ' +
      'Apart from the weights file, the model loads without them, so they can be removed from the archive.',
  }),
};
