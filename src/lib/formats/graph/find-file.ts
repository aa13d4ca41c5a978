import type { ByteSource, FileSet } from '../../byte-source.ts';
import { DecodeError } from '../../errors.ts';

/** The file at `path` in the set, or a DecodeError naming it. */
export function findFile(files: FileSet, path: string): ByteSource {
  const source = files.files.find((f) => f.path === path);
  if (!source) throw new DecodeError(path, 'file is not in the selected files', { code: 'missing_file' });
  return source;
}
