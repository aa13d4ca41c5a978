/**
 * The `checkpoint` state file that tf.train.Saver / CheckpointManager keep next to checkpoints:
 * a text-format CheckpointState proto, e.g.
 *   model_checkpoint_path: "model.ckpt-1000"
 *   all_model_checkpoint_paths: "model.ckpt-0"
 *   all_model_checkpoint_timestamps: 1565631245.19
 * Parsed tolerantly (unknown fields, comments, `:` optional, adjacent string literals joined,
 * C-style escapes in single or double quotes); paths are kept verbatim.
 */
import type { CheckpointStateFact } from '../../facts.ts';
import { utf8Decode } from '../../utf8.ts';

export function parseCheckpointState(text: string, file: string): CheckpointStateFact {
  const fact: CheckpointStateFact = { file, model_checkpoint_path: null, all_model_checkpoint_paths: [] };
  const lexer = new Lexer(text);
  for (;;) {
    const name = lexer.identifier();
    if (name === null) {
      if (!lexer.skipUnknown()) break;
      continue;
    }
    lexer.colon();
    const value = lexer.strings();
    if (value === null) {
      lexer.scalar();
      continue;
    }
    if (name === 'model_checkpoint_path') fact.model_checkpoint_path = value;
    else if (name === 'all_model_checkpoint_paths') fact.all_model_checkpoint_paths.push(value);
  }
  return fact;
}

class Lexer {
  private pos = 0;
  constructor(private readonly text: string) {}

  private skipSpace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t[this.pos]!;
      if (c === '#') {
        while (this.pos < t.length && t[this.pos] !== '\n') this.pos++;
      } else if (/\s/.test(c)) {
        this.pos++;
      } else {
        break;
      }
    }
  }

  identifier(): string | null {
    this.skipSpace();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos, this.pos + 256));
    if (!m) return null;
    this.pos += m[0].length;
    return m[0];
  }

  colon(): void {
    this.skipSpace();
    if (this.text[this.pos] === ':') this.pos++;
  }

  /** Skips one character that starts nothing we know; false at the end of the text. */
  skipUnknown(): boolean {
    this.skipSpace();
    if (this.pos >= this.text.length) return false;
    this.pos++;
    return true;
  }

  /** A number or bare word value (timestamps, enums): skipped. */
  scalar(): void {
    this.skipSpace();
    const m = /^[^\s#]+/.exec(this.text.slice(this.pos, this.pos + 256));
    if (m) this.pos += m[0].length;
  }

  /** One or more adjacent quoted strings, concatenated; null when no string starts here. */
  strings(): string | null {
    this.skipSpace();
    const bytes: number[] = [];
    let found = false;
    while (this.text[this.pos] === '"' || this.text[this.pos] === "'") {
      found = true;
      this.quoted(bytes);
      this.skipSpace();
    }
    return found ? utf8Decode(Uint8Array.from(bytes)) : null;
  }

  private quoted(out: number[]): void {
    const t = this.text;
    const quote = t[this.pos++]!;
    while (this.pos < t.length && t[this.pos] !== quote && t[this.pos] !== '\n') {
      const c = t[this.pos++]!;
      if (c !== '\\') {
        pushUtf8(out, c.codePointAt(0)!);
        if (c.codePointAt(0)! > 0xffff) this.pos++;
        continue;
      }
      const e = t[this.pos++] ?? '';
      const simple: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '\\': 92, "'": 39, '"': 34, '?': 63 };
      if (e in simple) {
        out.push(simple[e]!);
      } else if (/[0-7]/.test(e)) {
        let digits = e;
        while (digits.length < 3 && /[0-7]/.test(t[this.pos] ?? '')) digits += t[this.pos++];
        out.push(parseInt(digits, 8) & 0xff);
      } else if (e === 'x' && /[0-9a-fA-F]/.test(t[this.pos] ?? '')) {
        let digits = '';
        while (digits.length < 2 && /[0-9a-fA-F]/.test(t[this.pos] ?? '')) digits += t[this.pos++];
        out.push(parseInt(digits, 16));
      } else if ((e === 'u' || e === 'U') && /^[0-9a-fA-F]{4}/.test(t.slice(this.pos, this.pos + 8))) {
        const n = e === 'u' ? 4 : 8;
        const digits = t.slice(this.pos, this.pos + n);
        this.pos += /^[0-9a-fA-F]+$/.test(digits) ? n : 4;
        pushUtf8(out, parseInt(/^[0-9a-fA-F]+$/.test(digits) ? digits : digits.slice(0, 4), 16));
      } else {
        // Unknown escape: keep it as written.
        out.push(92);
        pushUtf8(out, e.codePointAt(0) ?? 92);
      }
    }
    if (t[this.pos] === quote) this.pos++;
  }
}

function pushUtf8(out: number[], cp: number): void {
  if (cp < 0x80) out.push(cp);
  else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
  else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
}
