/**
 * decodeKerasZip: the Keras v3 `.keras` zip (Keras 2.12+ and 3.x). Members: metadata.json
 * (keras_version, date_saved), config.json (the model config, with compile_config),
 * model.weights.h5 (Keras 2.11: variables.h5; Keras 3.4+ may write model.weights.npz), assets/.
 * Only those members are read; pickle/npz members are listed and flagged, never loaded.
 */
import type { ByteSource } from '../../byte-source.ts';
import { DecodeError } from '../../errors.ts';
import { emptyFacts, type ModelFacts } from '../../facts.ts';
import { isObject, str } from '../../keras-config/json-shape.ts';
import { parsePythonJson } from '../../keras-config/python-json.ts';
import { applyConfig, plural } from './config-facts.ts';
import { MAX_HDF5_BYTES, withHdf5 } from './hdf5.ts';
import { utf8Decode } from '../../utf8.ts';
import { readV3Weights } from './weights-v3.ts';
import { readZipDirectory, readZipMember, type ZipEntry } from './zip.ts';

/**
 * Members are read whole, each up to a limit set by what it is for. Keras writes every member
 * stored, so a stored member's bytes are in the file already (reading it costs what the file
 * costs); a deflated one can expand up to 1000:1 before the ratio check calls it a bomb, so its
 * limit is lower: what its purpose needs, not what the ratio allows.
 */
const MAX_METADATA_BYTES = 1024 * 1024;
/** config.json stored in the file; JSON.parse holds a few times its size. */
const MAX_CONFIG_BYTES = 64 * 1024 * 1024;
/** config.json deflated: 16 MiB is far above any real model's config (a few MB for thousands of layers). */
const MAX_DEFLATED_CONFIG_BYTES = 16 * 1024 * 1024;
/**
 * model.weights.h5 deflated: only its metadata is used (names, shapes, dtypes), but the HDF5
 * engine needs the whole file. Float weights barely compress, so a real re-zipped file stays
 * near 1:1; the limit is 4 times the packed member, at least 64 MiB, at most MAX_HDF5_BYTES.
 */
const MIN_DEFLATED_WEIGHTS_LIMIT = 64 * 1024 * 1024;
const DEFLATED_WEIGHTS_PER_PACKED = 4;

/** The most bytes `entry` may inflate to, and the phrase for a refusal. */
function memberLimit(entry: ZipEntry, purpose: 'config' | 'weights'): [number, string] {
  if (entry.method === 0) return purpose === 'config' ? [MAX_CONFIG_BYTES, 'for a config'] : [MAX_HDF5_BYTES, 'for an HDF5 file'];
  if (purpose === 'config') return [MAX_DEFLATED_CONFIG_BYTES, 'for a compressed config'];
  const limit = Math.min(MAX_HDF5_BYTES, Math.max(MIN_DEFLATED_WEIGHTS_LIMIT, DEFLATED_WEIGHTS_PER_PACKED * entry.compressedSize));
  return [
    limit,
    `for compressed weights (${DEFLATED_WEIGHTS_PER_PACKED} times its ${entry.compressedSize} packed bytes, at least ${MIN_DEFLATED_WEIGHTS_LIMIT}): weights barely compress, and Keras stores them uncompressed`,
  ];
}
const WEIGHT_MEMBERS = ['model.weights.h5', 'variables.h5'];
/** Members whose loading can run code (pickle) or that Keras loads with numpy. */
const UNSAFE_MEMBER = /\.(npz|npy|pkl|pickle|joblib|dill)$/i;

export async function decodeKerasZip(source: ByteSource): Promise<ModelFacts> {
  const path = source.path;
  const facts = emptyFacts();
  // A duplicated member is reported, and the rest read as Keras would read it (the last of the two).
  const entries = await readZipDirectory(source, facts.problems);
  const byName = new Map(entries.map((e) => [e.name, e]));
  facts.producer.other.keras_file_layout = 'keras_zip';

  const configEntry = byName.get('config.json');
  if (!configEntry) {
    const names = entries
      .slice(0, 8)
      .map((e) => e.name)
      .join(', ');
    throw new DecodeError(path, `zip archive without config.json: not a Keras .keras file (members: ${names || 'none'})`, {
      hint: 'A .keras file holds metadata.json, config.json and model.weights.h5.',
    });
  }

  const metadata = await readJsonMember(source, byName.get('metadata.json'), MAX_METADATA_BYTES, 'for metadata', facts);
  const kerasVersion = isObject(metadata) ? str(metadata.keras_version) : null;
  facts.producer.keras = kerasVersion;
  if (isObject(metadata) && str(metadata.date_saved)) facts.producer.other.date_saved = str(metadata.date_saved)!;
  if (!byName.has('metadata.json'))
    facts.problems.push(new DecodeError(path, 'no metadata.json member: the Keras version that saved this is unknown'));

  const config = await readJsonMember(source, configEntry, ...memberLimit(configEntry, 'config'), facts);
  const compileConfig = isObject(config) && isObject(config.compile_config) ? config.compile_config : null;
  applyConfig(facts, config, compileConfig, kerasVersion, 'compile_config');

  const weightsEntry = WEIGHT_MEMBERS.map((n) => byName.get(n)).find((e) => e !== undefined);
  if (weightsEntry) {
    try {
      const bytes = await readZipMember(source, weightsEntry, ...memberLimit(weightsEntry, 'weights'));
      const weights = await withHdf5(
        source,
        (reader) => readV3Weights(reader, path, optimizerClass(compileConfig), facts.problems),
        facts.problems,
        bytes,
      );
      facts.variables = weights.variables;
      facts.optimizer = weights.optimizer && { ...weights.optimizer, config: compileConfig?.optimizer ?? null };
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      facts.problems.push(
        new DecodeError(path, `member ${weightsEntry.name}: ${error.what}`, { offset: error.offset, hint: error.hint, cause: error }),
      );
    }
  } else if (!entries.some((e) => /^model\.weights\.npz$/.test(e.name))) {
    facts.problems.push(
      new DecodeError(path, 'no model.weights.h5 member: the archive holds no weights', {
        hint: 'The save was interrupted, or the file was assembled by hand.',
      }),
    );
  }

  for (const e of entries) {
    if (e.name.startsWith('assets/') && !e.name.endsWith('/')) facts.assets.push(e.name);
    if (UNSAFE_MEMBER.test(e.name)) {
      facts.custom_objects.push({
        class_name: e.name.slice(e.name.lastIndexOf('.') + 1).toLowerCase(),
        registered_name: null,
        module: null,
        role: 'unsafe_member',
        where: `zip member ${e.name}`,
      });
    }
  }

  const layerCount = facts.layers.length > 0 ? facts.layers.length - 1 : 0;
  const modelVars = facts.variables.filter((v) => !v.name.startsWith('optimizer/')).length;
  const root = facts.layers[0];
  facts.artifacts.push({
    readable: true,
    path,
    format: 'keras_v3',
    files: [path],
    summary: `Keras ${kerasVersion ?? '(unknown version)'} .keras archive: ${root ? `${root.class_name} with ` : ''}${plural(layerCount, 'layer')}, ${plural(modelVars, 'weight')}${facts.optimizer ? `, optimizer ${facts.optimizer.class_name ?? '?'} with ${plural(facts.optimizer.variables.length, 'value')}` : ''}`,
  });
  return facts;
}

async function readJsonMember(
  source: ByteSource,
  entry: ZipEntry | undefined,
  limit: number,
  limitWhat: string,
  facts: ModelFacts,
): Promise<unknown> {
  if (!entry) return null;
  const bytes = await readZipMember(source, entry, limit, limitWhat);
  try {
    return parsePythonJson(utf8Decode(bytes, true));
  } catch (error) {
    facts.problems.push(
      new DecodeError(source.path, `member ${entry.name} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, {
        hint: 'Keras cannot load an archive with a damaged config.',
      }),
    );
    return null;
  }
}

/** compile_config.optimizer is a class object (Keras 3), or a string identifier ('adam'). */
function optimizerClass(compileConfig: Record<string, unknown> | null): string | null {
  const optimizer = compileConfig?.optimizer;
  if (typeof optimizer === 'string') return optimizer;
  if (isObject(optimizer)) return str(optimizer.class_name);
  return null;
}
