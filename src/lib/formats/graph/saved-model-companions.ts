/**
 * The files beside saved_model.pb: keras_metadata.pb (or the Keras JSON embedded in the object
 * graph), fingerprint.pb, assets/ and assets.extra/, and variables/ (checked for presence only).
 * A damaged companion becomes a problem in the facts; the SavedModel's own facts stay valid.
 */
import { joinPath, readAll, type ByteSource } from '../../byte-source.ts';
import { asDecodeError } from '../../errors.ts';
import { append, emptyFacts, type ModelFacts } from '../../facts.ts';
import type { tensorflow } from '../../proto/index.ts';
import { decodeFingerprint, fingerprintProducerEntries } from './fingerprint.ts';
import { decodeKerasMetadataFile, kerasFacts, type KerasNodeMetadata } from './keras-metadata.ts';
import { embeddedKerasMetadata } from './object-graph-facts.ts';

const KERAS_METADATA_LIMIT = 256 * 1024 * 1024;
const FINGERPRINT_LIMIT = 1024 * 1024;

/** Files of the SavedModel directory by their path relative to it. */
export type DirectoryFiles = ReadonlyMap<string, ByteSource>;

/** Keras layer metadata: keras_metadata.pb, else the JSON older TF embedded in the object graph. */
export async function applyKerasMetadata(
  facts: ModelFacts,
  inDir: DirectoryFiles,
  objectGraph: tensorflow.SavedObjectGraph.$Properties | null,
  graphPath: string,
): Promise<void> {
  let nodes: KerasNodeMetadata[] = [];
  const file = inDir.get('keras_metadata.pb');
  if (file) {
    try {
      nodes = decodeKerasMetadataFile(file.path, await readAll(file, KERAS_METADATA_LIMIT, 'keras_metadata.pb'));
    } catch (error) {
      facts.problems.push(asDecodeError(file.path, error));
    }
  }
  if (nodes.length === 0 && objectGraph) nodes = embeddedKerasMetadata(objectGraph);
  if (nodes.length === 0) return;
  const keras = kerasFacts(file?.path ?? graphPath, nodes);
  facts.layers = keras.layers;
  facts.producer.keras = keras.keras_version;
  facts.producer.backend = keras.backend;
  facts.dtype_policy = keras.dtype_policy;
  facts.custom_objects = keras.custom_objects;
  append(facts.problems, keras.problems);
}

/** fingerprint.pb hashes go to producer.other as `fingerprint.<field>` decimal strings. */
export async function applyFingerprint(facts: ModelFacts, inDir: DirectoryFiles): Promise<void> {
  const file = inDir.get('fingerprint.pb');
  if (!file) return;
  try {
    const fp = decodeFingerprint(file.path, await readAll(file, FINGERPRINT_LIMIT, 'fingerprint.pb'));
    Object.assign(facts.producer.other, fingerprintProducerEntries(fp));
  } catch (error) {
    facts.problems.push(asDecodeError(file.path, error));
  }
}

/**
 * Assets present under assets/ and assets.extra/ plus those the graph references (a referenced
 * asset that is absent is missing), and variables/variables.index when the graph has variables.
 * A graph without variables legitimately has no variables/ directory.
 */
export function applyDirectoryContents(
  facts: ModelFacts,
  dir: string,
  inDir: DirectoryFiles,
  assetFiles: readonly string[],
  hasVariables: boolean,
  variablesElsewhere: boolean,
): void {
  const present = [...inDir.keys()].filter((p) => p.startsWith('assets/') || p.startsWith('assets.extra/'));
  const referenced = [...new Set(assetFiles.map((f) => `assets/${f}`))];
  facts.assets = [...new Set([...present, ...referenced])].sort();
  for (const ref of referenced) {
    if (inDir.has(ref)) continue;
    facts.missing.push({
      path: joinPath(dir, ref),
      why: 'the MetaGraph lists it in asset_file_def; TensorFlow feeds its path to the graph when loading',
      fix: `Copy ${ref} from the original export into the SavedModel directory.`,
    });
  }
  if (hasVariables && !variablesElsewhere && !inDir.has('variables/variables.index')) {
    facts.missing.push({
      path: joinPath(dir, 'variables/variables.index'),
      why: 'the graph creates variables, and TensorFlow restores their values from variables/variables.index and its data shards',
      fix: 'Copy the whole variables/ directory (variables.index and every variables.data-*-of-* file) next to saved_model.pb.',
    });
  }
}

/**
 * A SavedModel folder whose saved_model.pb is missing still has its companions: keras_metadata.pb
 * says which Keras wrote it and what the model is, fingerprint.pb which save it was. Their facts,
 * for a report that says more than "the graph is missing".
 */
export async function companionsWithoutGraph(files: readonly ByteSource[], dir: string): Promise<ModelFacts> {
  const prefix = dir === '' ? '' : `${dir.replace(/\/+$/, '')}/`;
  const inDir = new Map<string, ByteSource>();
  for (const name of ['keras_metadata.pb', 'fingerprint.pb']) {
    const f = files.find((x) => x.path === prefix + name);
    if (f) inDir.set(name, f);
  }
  const facts = emptyFacts();
  if (inDir.size === 0) return facts;
  await applyKerasMetadata(facts, inDir, null, `${prefix}keras_metadata.pb`);
  await applyFingerprint(facts, inDir);
  return facts;
}
