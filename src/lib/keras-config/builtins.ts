/**
 * Which class and function names Keras ships, per major version and role, so a config name can
 * be told apart from a user's custom object. Table: data/keras-builtins.json (derived from
 * scripts/data/tables/keras-builtins.json; sources inside).
 */
import table from '../data/keras-builtins.json' with { type: 'json' };

export type KerasMajor = 2 | 3 | null;

/** Roles a config object can play; `layer` covers layers and models. */
export type KerasRole =
  | 'layer'
  | 'loss'
  | 'metric'
  | 'optimizer'
  | 'learning_rate_schedule'
  | 'activation'
  | 'initializer'
  | 'regularizer'
  | 'constraint'
  | 'dtype_policy';

type Lists = Record<string, string[]>;

const KERAS2 = table.keras2 as Lists;
const KERAS3 = table.keras3 as Lists;
const EXTRA = table.extra;

/** Table modules that hold names for each role (Keras 2 and 3 name a few modules differently). */
const MODULES: Record<KerasRole, string[]> = {
  layer: ['layers', 'models', 'root', 'premade'],
  loss: ['losses'],
  metric: ['metrics'],
  optimizer: ['optimizers', 'mixed_precision'],
  learning_rate_schedule: ['optimizers'],
  activation: ['activations'],
  initializer: ['initializers'],
  regularizer: ['regularizers'],
  constraint: ['constraints'],
  dtype_policy: ['dtype_policies', 'mixed_precision', 'root'],
};

function build(lists: Lists, major: 2 | 3): Map<KerasRole, Set<string>> {
  const out = new Map<KerasRole, Set<string>>();
  for (const role of Object.keys(MODULES) as KerasRole[]) {
    const names = new Set<string>();
    for (const module of MODULES[role]) for (const n of lists[module] ?? []) names.add(n);
    out.set(role, names);
  }
  const add = (role: KerasRole, names: readonly string[]) => {
    for (const n of names) out.get(role)!.add(n);
  };
  add('layer', EXTRA.internal_model_classes.names);
  if (major === 3) {
    add('loss', EXTRA.keras3_string_aliases.losses);
    add('metric', EXTRA.keras3_string_aliases.metrics);
  } else {
    add('metric', EXTRA.keras2_metric_strings.metrics);
    add('layer', EXTRA.keras1_legacy_layers.layers);
  }
  return out;
}

const BY_MAJOR = { 2: build(KERAS2, 2), 3: build(KERAS3, 3) };

/** Class names that mark serialized values (`__tensor__`, ...) rather than classes. */
export const SERIALIZATION_MARKERS: ReadonlySet<string> = new Set(EXTRA.serialization_markers.names);

/** CamelCase -> snake_case, the way Keras turns class names into string identifiers. */
function snake(name: string): string {
  // keras.src.utils.naming.to_snake_case, regex for regex.
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

function knownIn(names: Set<string>, name: string, asString: boolean, lowerCase: boolean): boolean {
  if (names.has(name)) return true;
  if (!asString) return false;
  // String identifiers: losses and metrics also resolve the snake_case of their class names
  // ('auc', 'log_cosh'); optimizers the lower-cased class name ('rmsprop' -> RMSprop).
  const lower = name.toLowerCase();
  for (const n of names) if (snake(n) === name || (lowerCase && n.toLowerCase() === lower)) return true;
  return false;
}

/**
 * True when `name` is something Keras `major` ships for `role`. `asString` means the name was
 * written as a plain string identifier (`"relu"`, `"glorot_uniform"`), not as a class_name.
 * With major null (unknown saver) a name built into either version counts.
 */
export function isBuiltin(name: string, role: KerasRole, major: KerasMajor, asString = false): boolean {
  const majors: (2 | 3)[] = major === null ? [2, 3] : [major];
  return majors.some((m) => knownIn(BY_MAJOR[m].get(role)!, name, asString, role === 'optimizer'));
}

/** Keras major version from a `keras_version` string (`2.2.4-tf` -> 2; Keras 1 files load as Keras 2 configs). */
export function kerasMajor(version: string | null): KerasMajor {
  const m = /^\s*(\d+)\./.exec(version ?? '');
  if (!m) return null;
  const major = Number(m[1]);
  if (major <= 2) return 2;
  if (major === 3) return 3;
  return null;
}
