/**
 * What a file is when it is not what its name says: the bytes that real failed downloads, clones
 * and copies leave under a model's name. A server's HTML error page saved by `curl -o`, a Git LFS
 * pointer left by a clone without LFS, an object store's XML or JSON error, an empty file.
 * Said in words a reader recognises, with what the bytes themselves tell (an LFS pointer names the
 * size and hash of the object it stands for).
 */
import { formatBytes } from '../units.ts';
import { utf8Decode } from '../utf8.ts';

export type ForeignKind = 'empty' | 'html' | 'git_lfs_pointer' | 'xml_error' | 'json' | 'pickle';

export interface ForeignBytes {
  kind: ForeignKind;
  /** "an HTML page", "a Git LFS pointer to a 245 MB object (sha256 3f2a9c…)". */
  description: string;
  /** What probably happened, for the reader. */
  cause: string;
  /** For an LFS pointer: the object it stands for. */
  lfs?: { oid: string; size: number };
}

const LFS_POINTER = /^version https:\/\/git-lfs\.github\.com\/spec\/v1\r?\noid sha256:([0-9a-f]{64})\r?\nsize (\d+)\r?\n?/;

/** Recognises the foreign bytes at the start of a file, or null when they are none of these. */
export function describeForeign(head: Uint8Array, size: number): ForeignBytes | null {
  if (size === 0) {
    return {
      kind: 'empty',
      description: 'an empty file (0 bytes)',
      cause: 'The copy or download created the file and stopped before writing anything.',
    };
  }
  // Pickle protocol 2+ starts with 0x80 <protocol>; Keras never writes pickles into model files.
  if (head[0] === 0x80 && head[1] !== undefined && head[1] >= 2 && head[1] <= 5) {
    return {
      kind: 'pickle',
      description: 'a Python pickle',
      cause: 'Pickles run code when loaded; a TensorFlow or Keras model file never is one. Do not unpickle a file you did not make.',
    };
  }
  const text = textHead(head);
  if (text === null) return null;
  const lfs = LFS_POINTER.exec(text);
  if (lfs) {
    const oid = lfs[1]!;
    const bytes = Number(lfs[2]);
    return {
      kind: 'git_lfs_pointer',
      description: `a Git LFS pointer to a ${formatBytes(bytes)} object (sha256 ${oid.slice(0, 12)}…)`,
      cause:
        'The repository was cloned or downloaded without Git LFS, so the pointer stands where the real file should be: run `git lfs pull` (or download the file itself).',
      lfs: { oid, size: bytes },
    };
  }
  const start = text.trimStart().slice(0, 512).toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html') || /^<\?xml[^>]*>\s*<html/.test(start)) {
    const title = /<title[^>]*>([^<]{1,120})<\/title>/i.exec(text)?.[1]?.trim();
    return {
      kind: 'html',
      description: title ? `an HTML page ("${title}")` : 'an HTML page',
      cause:
        'A download saved the server\'s page (an error, a login or a "file too large to preview" page) under the model\'s name: download the file itself (for example `curl -fL -o`, which fails on HTTP errors).',
    };
  }
  if (start.startsWith('<?xml') || start.startsWith('<error')) {
    const code = /<Code>([^<]{1,80})<\/Code>/.exec(text)?.[1];
    return {
      kind: 'xml_error',
      description: code ? `an object store's XML error (${code})` : 'an XML document',
      cause: 'The object store answered with an error (access denied, no such key, expired link) and it was saved as the file.',
    };
  }
  if (start.startsWith('{') && /"(error|message|code)"\s*:/.test(start)) {
    return {
      kind: 'json',
      description: 'a JSON error document',
      cause: "A download saved the server's JSON error answer under the model's name.",
    };
  }
  return null;
}

/** The first bytes as text when they are text (no NUL, valid UTF-8), else null. */
function textHead(head: Uint8Array): string | null {
  const bytes = head.subarray(0, 4096);
  if (bytes.includes(0)) return null;
  try {
    return utf8Decode(bytes, true);
  } catch {
    // A multi-byte character cut at the end of the head is still text.
    try {
      return utf8Decode(bytes.subarray(0, Math.max(0, bytes.byteLength - 3)), true);
    } catch {
      return null;
    }
  }
}
