/**
 * The decode step: sniff a file set, decode every artifact in it, and merge what was read into
 * one ModelFacts. A damaged artifact does not stop the others: its DecodeError is kept in
 * `facts.problems`, the artifact is listed as not readable, and the rest is still reported.
 */
import { type ByteSource, type FileSet, joinPath, requireFile } from './byte-source.ts';
import { asDecodeError, DecodeError } from './errors.ts';
import { emptyFacts, type ModelFacts, mergeFacts } from './facts.ts';
import { unpackTarGz } from './formats/archive/tar-gz.ts';
import { decodeCheckpoint, decodeTensorSliceCheckpoint, parseCheckpointState } from './formats/checkpoint/index.ts';
import { decodeCheckpointReaderText } from './formats/checkpoint-text/index.ts';
import { decodeGraphDefFile, decodeMetaGraphFile, decodeSavedModel } from './formats/graph/index.ts';
import { decodeKerasH5, decodeKerasZip } from './formats/keras/index.ts';
import { findCustomObjects, kerasMajor } from './keras-config/index.ts';
import { type SniffedArtifact, type SniffResult, sniff } from './sniff.ts';
import { utf8Decode } from './utf8.ts';

export interface InspectResult {
  facts: ModelFacts;
  sniffed: SniffResult;
}

export async function inspect(set: FileSet): Promise<InspectResult> {
  const sniffed = await sniff(set);
  const parts: ModelFacts[] = [];
  for (const artifact of sniffed.artifacts) {
    if (artifact.kind === 'tar_gz') parts.push(await inspectArchive(set, artifact));
    else parts.push(await decodeArtifact(set, artifact));
  }

  const facts = mergeFacts(parts);
  facts.missing.push(...sniffed.missing);
  facts.leftovers.push(...sniffed.leftovers);
  await readCheckpointState(sniffed, facts);
  if (facts.custom_objects.length === 0 && facts.layers.length > 0) {
    facts.custom_objects = findCustomObjects(facts.layers, null, kerasMajor(facts.producer.keras));
  }
  if (sniffed.artifacts.length === 0) {
    const names = set.files
      .map((f) => f.path)
      .slice(0, 5)
      .join(', ');
    facts.problems.push(
      new DecodeError(names || '(no files)', 'no TensorFlow or Keras artifact found in these files', {
        code: 'no_artifact',
        hint: 'Give a SavedModel folder, a checkpoint (.index with its .data-* shards), a .keras/.h5 file, a .meta file or a frozen .pb graph.',
      }),
    );
  }
  return { facts, sniffed };
}

async function decodeArtifact(set: FileSet, artifact: SniffedArtifact): Promise<ModelFacts> {
  try {
    switch (artifact.kind) {
      case 'saved_model':
      case 'saved_model_text':
        return await decodeSavedModel(set, artifact.path, artifact.variables_prefix && `${artifact.variables_prefix}.index`);
      case 'bundle_index':
        return await decodeCheckpoint(set, artifact.path);
      case 'tensor_slices':
        return await decodeTensorSliceCheckpoint(set, artifact.path);
      case 'tensor_slices_text':
        return await decodeCheckpointReaderText(sourceOf(set, artifact.path));
      case 'meta_graph':
      case 'meta_graph_text':
        return await decodeMetaGraphFile(set, artifact.path);
      case 'graph_def':
      case 'graph_def_text':
        return await decodeGraphDefFile(set, artifact.path);
      case 'zip':
        return await decodeKerasZip(sourceOf(set, artifact.path));
      case 'hdf5':
        return await decodeKerasH5(sourceOf(set, artifact.path));
      default:
        return unreadable(artifact, new DecodeError(artifact.path, `no decoder for ${artifact.kind}`, { code: 'unsupported' }));
    }
  } catch (error) {
    return unreadable(artifact, asDecodeError(artifact.path, error));
  }
}

/** An archive's members are inspected as a file set of their own (archives inside it are not opened). */
async function inspectArchive(set: FileSet, artifact: SniffedArtifact): Promise<ModelFacts> {
  try {
    const inner = await unpackTarGz(sourceOf(set, artifact.path));
    const innerSniff = await sniff(inner);
    const parts: ModelFacts[] = [];
    for (const a of innerSniff.artifacts) {
      parts.push(
        a.kind === 'tar_gz'
          ? unreadable(a, new DecodeError(a.path, 'archives inside archives are not opened', { code: 'unsupported' }))
          : await decodeArtifact(inner, a),
      );
    }
    const facts = mergeFacts(parts);
    facts.missing.push(...innerSniff.missing);
    facts.leftovers.push(...innerSniff.leftovers);
    return facts;
  } catch (error) {
    return unreadable(artifact, asDecodeError(artifact.path, error));
  }
}

function sourceOf(set: FileSet, path: string): ByteSource {
  return requireFile(set, path, 'file vanished from the file set');
}

function unreadable(artifact: SniffedArtifact, error: DecodeError): ModelFacts {
  const facts = emptyFacts();
  facts.artifacts.push({
    path: artifact.path,
    format: artifact.format,
    files: artifact.files,
    summary: `could not be read: ${error.what}`,
    readable: false,
  });
  facts.problems.push(error);
  return facts;
}

async function readCheckpointState(sniffed: SniffResult, facts: ModelFacts): Promise<void> {
  if (facts.checkpoint_state) return;
  const state = sniffed.files.find((f) => f.kind === 'checkpoint_state');
  if (!state) return;
  try {
    const bytes = await state.source.read(0, Math.min(state.source.size, 1 << 20));
    facts.checkpoint_state = parseCheckpointState(utf8Decode(bytes), state.source.path);
  } catch (error) {
    facts.problems.push(asDecodeError(state.source.path, error));
  }
}

/**
 * The checkpoints whose data verification reads: TF2 checkpoints and SavedModels' variables,
 * each by its prefix, when its index is in the file set.
 */
export function verifiableCheckpoints(set: FileSet, sniffed: SniffResult): string[] {
  const prefixes = new Set<string>();
  for (const a of sniffed.artifacts) {
    if (a.format === 'checkpoint') prefixes.add(a.path);
    else if (a.format === 'saved_model') prefixes.add(a.variables_prefix ?? joinPath(a.path, 'variables/variables'));
  }
  return [...prefixes].filter((p) => set.files.some((f) => f.path === `${p}.index`));
}
