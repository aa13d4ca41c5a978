/**
 * A reader for the small part of Python's printed values that variable lists use: lists,
 * tuples, strings, ints, None/True/False, dotted names (`tf.float32`), calls
 * (`TensorShape([4, 8])`, `Dimension(4)`) and `<dtype: 'float32'>`. Depth and length are
 * bounded; anything else is a ParseError with its offset.
 */
export type PyValue =
  | { kind: 'list'; items: PyValue[] }
  | { kind: 'str'; value: string }
  | { kind: 'int'; value: number }
  | { kind: 'none' }
  | { kind: 'bool'; value: boolean }
  | { kind: 'name'; value: string }
  | { kind: 'call'; callee: string; args: PyValue[] }
  | { kind: 'dtype'; value: string };

export class PyParseError extends Error {
  constructor(
    readonly offset: number,
    what: string,
  ) {
    super(`${what} at offset ${offset}`);
  }
}

const MAX_DEPTH = 32;
const MAX_ITEMS = 1_000_000;

export function parsePythonValue(text: string): PyValue {
  const p = new Reader(text);
  const value = p.value(0);
  p.skipSpace();
  if (!p.done()) throw new PyParseError(p.pos, 'unexpected text after the value');
  return value;
}

class Reader {
  pos = 0;
  private items = 0;
  constructor(private readonly text: string) {}

  done(): boolean {
    return this.pos >= this.text.length;
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  value(depth: number): PyValue {
    if (depth > MAX_DEPTH) throw new PyParseError(this.pos, 'nesting too deep');
    if (++this.items > MAX_ITEMS) throw new PyParseError(this.pos, 'too many values');
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === undefined) throw new PyParseError(this.pos, 'unexpected end of text');
    if (c === '[' || c === '(') return { kind: 'list', items: this.sequence(c === '[' ? ']' : ')', depth) };
    if (c === "'" || c === '"') return { kind: 'str', value: this.string() };
    if (c === '<') return this.angle();
    if (c === '-' || /\d/.test(c)) return this.number();
    if (/[A-Za-z_]/.test(c)) return this.nameOrCall(depth);
    throw new PyParseError(this.pos, `unexpected character ${JSON.stringify(c)}`);
  }

  private sequence(close: string, depth: number): PyValue[] {
    this.pos++;
    const items: PyValue[] = [];
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === close) {
        this.pos++;
        return items;
      }
      items.push(this.value(depth + 1));
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === ',') this.pos++;
      else if (c !== close) throw new PyParseError(this.pos, `expected ',' or '${close}'`);
    }
  }

  private string(): string {
    const quote = this.text[this.pos]!;
    let out = '';
    this.pos++;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos]!;
      if (c === quote) {
        this.pos++;
        return out;
      }
      if (c === '\\' && this.pos + 1 < this.text.length) {
        const n = this.text[this.pos + 1]!;
        out += n === 'n' ? '\n' : n === 't' ? '\t' : n;
        this.pos += 2;
        continue;
      }
      out += c;
      this.pos++;
    }
    throw new PyParseError(this.pos, 'unterminated string');
  }

  /** `<dtype: 'float32'>`; other `<...>` reprs become a name with their text. */
  private angle(): PyValue {
    const end = this.text.indexOf('>', this.pos);
    if (end < 0) throw new PyParseError(this.pos, "unterminated '<'");
    const inner = this.text.slice(this.pos + 1, end);
    this.pos = end + 1;
    const m = /^dtype:\s*'([^']+)'$/.exec(inner.trim());
    return m ? { kind: 'dtype', value: m[1]! } : { kind: 'name', value: inner.trim() };
  }

  private number(): PyValue {
    const m = /^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/.exec(this.text.slice(this.pos, this.pos + 40));
    if (!m) throw new PyParseError(this.pos, 'bad number');
    this.pos += m[0].length;
    return { kind: 'int', value: Number(m[0]) };
  }

  private nameOrCall(depth: number): PyValue {
    const m = /^[A-Za-z_][\w.]*/.exec(this.text.slice(this.pos, this.pos + 200));
    const name = m![0];
    this.pos += name.length;
    if (name === 'None') return { kind: 'none' };
    if (name === 'True' || name === 'False') return { kind: 'bool', value: name === 'True' };
    this.skipSpace();
    if (this.text[this.pos] === '(') return { kind: 'call', callee: name, args: this.sequence(')', depth) };
    return { kind: 'name', value: name };
  }
}
