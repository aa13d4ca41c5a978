/**
 * The `checkpoint` state file (a text-format CheckpointState) as TF 2.x writes it with relative
 * paths: `tf.train.latest_checkpoint(folder)` joins a relative path to the folder, so the folder
 * can move. Timestamps are left out (they are optional and only used to expire old checkpoints).
 */
import { utf8Encode } from '../utf8.ts';

/** Text-format string literal as Python's text_format prints it: C escapes, bytes above 0x7e in octal. */
function quote(text: string): string {
  let out = '"';
  for (const byte of utf8Encode(text)) {
    if (byte === 0x22) out += '\\"';
    else if (byte === 0x27) out += "\\'";
    else if (byte === 0x5c) out += '\\\\';
    else if (byte === 0x0a) out += '\\n';
    else if (byte === 0x0d) out += '\\r';
    else if (byte === 0x09) out += '\\t';
    else if (byte < 0x20 || byte >= 0x7f) out += `\\${byte.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(byte);
  }
  return `${out}"`;
}

/** A state file naming `latest` (and `all`, oldest first; default just `latest`). */
export function stateFileText(latest: string, all: readonly string[] = [latest]): string {
  const lines = [`model_checkpoint_path: ${quote(latest)}`, ...all.map((p) => `all_model_checkpoint_paths: ${quote(p)}`)];
  return `${lines.join('\n')}\n`;
}
