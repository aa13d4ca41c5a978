/**
 * The decode step: sniff a file set, decode every artifact in it, and merge what was read into
 * one ModelFacts. A damaged artifact does not stop the others: its DecodeError is kept in
 * `facts.problems`, the artifact is listed as not readable, and the rest is still reported.
 */
import { dirName, type FileSet, joinPath, limitFiles, MAX_FILES, type SkippedFiles } from './byte-source.ts';
import { asDecodeError, DecodeError } from './errors.ts';
import { append, emptyFacts, type ModelFacts, mergeFacts } from './facts.ts';
import { foreignFileError } from './formats/foreign-error.ts';
import { companionsWithoutGraph } from './formats/graph/saved-model-companions.ts';
import { parseCheckpointState } from './formats/checkpoint/index.ts';
import { ARTIFACT_KINDS } from './formats/registry.ts';
import { findCustomObjects, kerasMajor } from './keras-config/index.ts';
import { type SniffedArtifact, type SniffResult, sniff } from './sniff.ts';
import { utf8Decode } from './utf8.ts';

export interface InspectResult {
  facts: ModelFacts;
  sniffed: SniffResult;
}

export async function inspect(selection: FileSet): Promise<InspectResult> {
  const { set, skipped } = limitFiles(selection);
  const result = await inspectSet(set, true);
  // First, so that when nothing is found in what was looked at, this is what the reader is told.
  if (skipped) result.facts.problems.unshift(tooManyFiles(skipped));
  return result;
}

function tooManyFiles(skipped: SkippedFiles): DecodeError {
  const total = `${skipped.complete ? '' : 'more than '}${skipped.total}`;
  return new DecodeError(skipped.where, `too many files (${total}), looked at the first ${MAX_FILES}`, {
    code: 'too_large',
    hint: 'Give the folder that holds the model (a SavedModel, a checkpoint folder, a .keras file) rather than a folder with many other files.',
  });
}

/** Decodes a file set; archives are opened only at the top (an archive inside one is reported). */
async function inspectSet(set: FileSet, openArchives: boolean): Promise<InspectResult> {
  const sniffed = await sniff(set);
  const parts: ModelFacts[] = [];
  for (const artifact of sniffed.artifacts) parts.push(await decodeArtifact(set, artifact, openArchives));
  for (const m of sniffed.missing) {
    if (/(^|\/)saved_model\.pb$/.test(m.path)) parts.push(await companionsWithoutGraph(set.files, dirName(m.path)));
  }

  const facts = mergeFacts(parts);
  append(facts.missing, sniffed.missing);
  append(facts.leftovers, sniffed.leftovers);
  await readCheckpointState(sniffed, facts);
  if (facts.custom_objects.length === 0 && facts.layers.length > 0) {
    facts.custom_objects = findCustomObjects(facts.layers, null, kerasMajor(facts.producer.keras));
  }
  if (sniffed.artifacts.length === 0 && openArchives) {
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

async function decodeArtifact(set: FileSet, artifact: SniffedArtifact, openArchives: boolean): Promise<ModelFacts> {
  if (artifact.kind === 'tar_gz' && !openArchives) {
    return unreadable(artifact, new DecodeError(artifact.path, 'archives inside archives are not opened', { code: 'unsupported' }));
  }
  try {
    return await ARTIFACT_KINDS[artifact.kind].decode(set, artifact, async (inner) => {
      const { facts, sniffed } = await inspectSet(inner, false);
      // An archive with no model inside is said to be one, not reported as a model with no problems.
      if (sniffed.artifacts.length === 0) throw noModelInArchive(artifact.path, inner);
      return facts;
    });
  } catch (error) {
    const foreign = await foreignFileError(set, artifact.files, artifact.format).catch(() => null);
    return unreadable(artifact, foreign ?? asDecodeError(artifact.path, error));
  }
}

function noModelInArchive(archive: string, inner: FileSet): DecodeError {
  const shown = inner.files.slice(0, 5).map((f) => f.path.slice(archive.length + 1));
  const more = inner.files.length > shown.length ? `, and ${inner.files.length - shown.length} more` : '';
  const members = inner.files.length === 0 ? 'no files' : `${inner.files.length} file(s): ${shown.join(', ')}${more}`;
  return new DecodeError(archive, `the archive holds no TensorFlow or Keras artifact (${members})`, {
    code: 'no_artifact',
    hint: 'An archive is opened when it holds a SavedModel folder, a checkpoint, a .keras/.h5 file or a graph.',
  });
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
