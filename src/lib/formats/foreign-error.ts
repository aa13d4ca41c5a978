/**
 * When an artifact cannot be decoded, the first question is whether its files hold the format at all:
 * an HTML error page, a Git LFS pointer or an empty file under a model's name is a download or clone
 * that went wrong, and saying so helps more than the decoder's complaint about the bytes.
 */
import { type FileSet, findFile } from '../byte-source.ts';
import { DecodeError } from '../errors.ts';
import { describeForeign } from './foreign.ts';

/** Enough of a file's start to recognise HTML, XML, JSON, an LFS pointer or a pickle. */
const HEAD_BYTES = 512;
/** Artifacts with more files than this are checkpoints with many shards: the first files tell. */
const MAX_FILES = 16;

/** A wrong_format DecodeError for the first of the artifact's files that is something else, or null. */
export async function foreignFileError(set: FileSet, files: readonly string[], format: string): Promise<DecodeError | null> {
  for (const path of files.slice(0, MAX_FILES)) {
    const source = findFile(set, path);
    if (!source) continue;
    const head = await source.read(0, Math.min(source.size, HEAD_BYTES));
    const foreign = describeForeign(head, source.size);
    if (!foreign) continue;
    return new DecodeError(path, `is ${foreign.description}, not ${article(format)} file`, {
      code: foreign.kind === 'empty' ? 'truncated' : 'wrong_format',
      hint: foreign.cause,
    });
  }
  return null;
}

const FORMAT_NAMES: Record<string, string> = {
  keras_h5: 'a Keras HDF5 (.h5)',
  keras_v3: 'a Keras (.keras)',
  checkpoint: 'a TensorFlow checkpoint',
  saved_model: 'a SavedModel',
  tf1_meta: 'a TF1 MetaGraph (.meta)',
  frozen_graph: 'a frozen GraphDef (.pb)',
  tar_gz: 'a .tar.gz',
};

function article(format: string): string {
  return FORMAT_NAMES[format] ?? `a ${format}`;
}
