/**
 * A small protobuf text-format parser (the format of saved_model.pbtxt and GraphDef .pbtxt).
 * It knows no schema: it yields a generic tree of named fields whose values are scalars
 * (strings decoded to bytes, identifiers, numbers) or nested messages. Handles `#` comments,
 * `{}` and `<>` message delimiters, optional `:` before messages, `[a, b]` lists, `,`/`;`
 * separators, adjacent string concatenation, C escapes incl. octal/hex/unicode, and `[ext.name]`
 * / `[type.googleapis.com/X]` field names. Nesting depth and input size are limited.
 */
import { DecodeError } from '../../errors.ts';
import { concatBytes } from '../../bytes.ts';
import { utf8Encode } from '../../utf8.ts';

export type TextScalar =
  | { kind: 'string'; bytes: Uint8Array; pos: number }
  | { kind: 'ident'; text: string; pos: number }
  | { kind: 'number'; text: string; pos: number };

export interface TextField {
  name: string;
  value: TextScalar | TextMessage;
  /** Character offset of the field name. */
  pos: number;
}

export interface TextMessage {
  kind: 'message';
  fields: TextField[];
  pos: number;
}

export interface TextParseLimits {
  /** Maximum message nesting (protobuf's own default is 100). */
  maxDepth: number;
  /** Maximum input length in characters. */
  maxChars: number;
}

export const DEFAULT_TEXT_LIMITS: TextParseLimits = { maxDepth: 100, maxChars: 256 * 1024 * 1024 };

type Token =
  | { t: 'ident'; text: string; pos: number }
  | { t: 'number'; text: string; pos: number }
  | { t: 'string'; bytes: Uint8Array; pos: number }
  | { t: 'punct'; text: string; pos: number }
  | { t: 'eof'; pos: number };

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
const NUMBER_PART = /[0-9A-Za-z_.+-]/;

export function parseTextProto(file: string, text: string, limits: TextParseLimits = DEFAULT_TEXT_LIMITS): TextMessage {
  if (text.length > limits.maxChars) {
    throw new DecodeError(file, `text proto is ${text.length} characters, above the ${limits.maxChars}-character limit`, {
      code: 'too_large',
      offset: null,
    });
  }
  return new TextParser(file, text, limits).parseRoot();
}

class TextParser {
  private pos = 0;
  private peeked: Token | null = null;

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly limits: TextParseLimits,
  ) {}

  parseRoot(): TextMessage {
    if (this.text.charCodeAt(0) === 0xfeff) this.pos = 1; // a UTF-8 byte order mark
    return this.parseFields(null, 0, 0);
  }

  private fail(pos: number, what: string): never {
    let line = 1;
    let col = 1;
    for (let i = 0; i < pos && i < this.text.length; i++) {
      if (this.text.charCodeAt(i) === 10) {
        line++;
        col = 1;
      } else col++;
    }
    const byteOffset = utf8Encode(this.text.slice(0, pos)).byteLength;
    throw new DecodeError(this.file, `text proto line ${line}, column ${col}: ${what}`, {
      offset: byteOffset,
      hint: 'The file is not valid protobuf text format (truncated, hand-edited, or not a text proto).',
    });
  }

  /** Fields until `close` ('}' or '>') or end of input when close is null. */
  private parseFields(close: string | null, depth: number, startPos: number): TextMessage {
    if (depth > this.limits.maxDepth) this.fail(startPos, `messages nested deeper than ${this.limits.maxDepth} levels`);
    const msg: TextMessage = { kind: 'message', fields: [], pos: startPos };
    for (;;) {
      const tok = this.next();
      if (tok.t === 'eof') {
        if (close !== null) this.fail(tok.pos, `missing '${close}' for the message opened at character ${startPos}`);
        return msg;
      }
      if (tok.t === 'punct' && tok.text === close) return msg;
      let name: string;
      if (tok.t === 'ident') name = tok.text;
      else if (tok.t === 'punct' && tok.text === '[') name = this.readBracketName(tok.pos);
      else this.fail(tok.pos, `expected a field name, found ${describe(tok)}`);
      let after = this.next();
      let sawColon = false;
      if (after.t === 'punct' && after.text === ':') {
        sawColon = true;
        after = this.next();
      }
      if (after.t === 'punct' && (after.text === '{' || after.text === '<')) {
        const inner = this.parseFields(after.text === '{' ? '}' : '>', depth + 1, after.pos);
        msg.fields.push({ name, value: inner, pos: tok.pos });
      } else if (after.t === 'punct' && after.text === '[') {
        // `f: [1, 2]`, and for message fields also `f [{...}, {...}]` (colon optional).
        this.parseList(name, tok.pos, msg, depth);
      } else if (sawColon) {
        msg.fields.push({ name, value: this.scalarFrom(after), pos: tok.pos });
      } else {
        this.fail(after.pos, `expected ':' or '{' after field '${name}', found ${describe(after)}`);
      }
      const sep = this.peek();
      if (sep.t === 'punct' && (sep.text === ',' || sep.text === ';')) this.next();
    }
  }

  private parseList(name: string, namePos: number, msg: TextMessage, depth: number): void {
    let tok = this.next();
    if (tok.t === 'punct' && tok.text === ']') return;
    for (;;) {
      if (tok.t === 'punct' && (tok.text === '{' || tok.text === '<')) {
        msg.fields.push({ name, value: this.parseFields(tok.text === '{' ? '}' : '>', depth + 1, tok.pos), pos: namePos });
      } else {
        msg.fields.push({ name, value: this.scalarFrom(tok), pos: namePos });
      }
      const sep = this.next();
      if (sep.t === 'punct' && sep.text === ']') return;
      if (!(sep.t === 'punct' && sep.text === ','))
        this.fail(sep.pos, `expected ',' or ']' in the list of '${name}', found ${describe(sep)}`);
      tok = this.next();
    }
  }

  private scalarFrom(tok: Token): TextScalar {
    if (tok.t === 'string') {
      // Adjacent string literals concatenate ("a" "b" == "ab").
      const parts = [tok.bytes];
      let nextTok = this.peek();
      while (nextTok.t === 'string') {
        parts.push(nextTok.bytes);
        this.next();
        nextTok = this.peek();
      }
      return { kind: 'string', bytes: parts.length === 1 ? tok.bytes : concatBytes(parts), pos: tok.pos };
    }
    if (tok.t === 'ident') return { kind: 'ident', text: tok.text, pos: tok.pos };
    if (tok.t === 'number') return { kind: 'number', text: tok.text, pos: tok.pos };
    this.fail(tok.pos, `expected a value, found ${describe(tok)}`);
  }

  /** `[com.foo.ext]` or `[type.googleapis.com/pkg.Msg]`: kept verbatim with brackets. */
  private readBracketName(pos: number): string {
    const close = this.text.indexOf(']', this.pos);
    if (close < 0) this.fail(pos, "missing ']' in an extension or Any field name");
    const inner = this.text.slice(this.pos, close).trim();
    if (!/^[A-Za-z0-9_./]+$/.test(inner)) this.fail(pos, `invalid extension or type URL name '[${inner.slice(0, 80)}]'`);
    this.pos = close + 1;
    return `[${inner}]`;
  }

  private peek(): Token {
    this.peeked ??= this.lex();
    return this.peeked;
  }

  private next(): Token {
    const tok = this.peek();
    this.peeked = null;
    return tok;
  }

  private lex(): Token {
    const text = this.text;
    // Skip whitespace and comments.
    for (;;) {
      const c = text.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11) this.pos++;
      else if (c === 35 /* # */) {
        const nl = text.indexOf('\n', this.pos);
        this.pos = nl < 0 ? text.length : nl + 1;
      } else break;
    }
    const start = this.pos;
    if (start >= text.length) return { t: 'eof', pos: start };
    const ch = text[start]!;
    if ('{}<>[]:,;'.includes(ch)) {
      this.pos++;
      return { t: 'punct', text: ch, pos: start };
    }
    if (ch === '"' || ch === "'") return this.lexString(ch, start);
    if (IDENT_START.test(ch)) {
      let end = start + 1;
      while (end < text.length && IDENT_PART.test(text[end]!)) end++;
      this.pos = end;
      return { t: 'ident', text: text.slice(start, end), pos: start };
    }
    if (/[0-9.\-+]/.test(ch)) {
      let end = start + 1;
      // A sign may precede an identifier-like number: -inf, -nan.
      while (end < text.length && NUMBER_PART.test(text[end]!)) {
        // Stop before a '-' or '+' that is not an exponent sign.
        const d = text[end]!;
        if ((d === '-' || d === '+') && !/[eE]/.test(text[end - 1]!)) break;
        end++;
      }
      this.pos = end;
      return { t: 'number', text: text.slice(start, end), pos: start };
    }
    this.fail(start, `unexpected character ${JSON.stringify(ch)}`);
  }

  private lexString(quote: string, start: number): Token {
    const text = this.text;
    const out: number[] = [];
    let i = start + 1;
    for (;;) {
      if (i >= text.length) this.fail(start, 'unterminated string');
      const ch = text[i]!;
      if (ch === quote) {
        i++;
        break;
      }
      if (ch === '\n') this.fail(start, 'newline inside a string');
      if (ch !== '\\') {
        const code = text.codePointAt(i)!;
        if (code < 0x80) out.push(code);
        else for (const b of utf8Encode(String.fromCodePoint(code))) out.push(b);
        i += code > 0xffff ? 2 : 1;
        continue;
      }
      const e = text[i + 1];
      if (e === undefined) this.fail(i, 'unterminated escape');
      i += 2;
      switch (e) {
        case 'n':
          out.push(10);
          break;
        case 't':
          out.push(9);
          break;
        case 'r':
          out.push(13);
          break;
        case 'a':
          out.push(7);
          break;
        case 'b':
          out.push(8);
          break;
        case 'f':
          out.push(12);
          break;
        case 'v':
          out.push(11);
          break;
        case '\\':
          out.push(92);
          break;
        case "'":
          out.push(39);
          break;
        case '"':
          out.push(34);
          break;
        case '?':
          out.push(63);
          break;
        case 'x':
        case 'X': {
          const m = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i, i + 2));
          if (!m) this.fail(i - 2, 'invalid \\x escape');
          out.push(parseInt(m[0], 16));
          i += m[0].length;
          break;
        }
        case 'u':
        case 'U': {
          const n = e === 'u' ? 4 : 8;
          const hex = text.slice(i, i + n);
          if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) this.fail(i - 2, `invalid \\${e} escape`);
          const cp = parseInt(hex, 16);
          if (cp > 0x10ffff) this.fail(i - 2, `\\${e} escape beyond U+10FFFF`);
          for (const b of utf8Encode(String.fromCodePoint(cp))) out.push(b);
          i += n;
          break;
        }
        default: {
          if (e >= '0' && e <= '7') {
            const m = /^[0-7]{1,3}/.exec(text.slice(i - 1, i + 2))!;
            const value = parseInt(m[0], 8);
            if (value > 255) this.fail(i - 2, 'octal escape above \\377');
            out.push(value);
            i += m[0].length - 1;
            break;
          }
          this.fail(i - 2, `unknown escape \\${e}`);
        }
      }
    }
    this.pos = i;
    return { t: 'string', bytes: Uint8Array.from(out), pos: start };
  }
}

function describe(tok: Token): string {
  switch (tok.t) {
    case 'eof':
      return 'end of input';
    case 'string':
      return 'a string';
    default:
      return `'${tok.text.slice(0, 40)}'`;
  }
}
