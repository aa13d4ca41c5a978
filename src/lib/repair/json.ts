/**
 * Keras configs are Python `json.dumps` output: NaN, Infinity and -Infinity may appear as bare
 * tokens (a `clipnorm` of inf). A rewrite must keep them, so they are read as marker strings and
 * written back as the same tokens; everything else round-trips through JSON.parse/stringify with
 * key order kept.
 */
import { MAX_JSON_DEPTH } from '../keras-config/python-json.ts';

const MARK = '\u0000tfrd:';
const TOKENS = ['NaN', 'Infinity', '-Infinity'];

export function parseConfigJson(text: string): unknown {
  let depth = 0;
  let max = 0;
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') {
        out += text[i + 1] ?? '';
        i++;
      } else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
      continue;
    }
    if (c === '{' || c === '[') max = Math.max(max, ++depth);
    else if (c === '}' || c === ']') depth--;
    const token = TOKENS.slice()
      .reverse()
      .find((t) => text.startsWith(t, i));
    if (token && !/[\w.]/.test(text[i - 1] ?? '') && !/[\w.]/.test(text[i + token.length] ?? '')) {
      out += JSON.stringify(MARK + token);
      i += token.length - 1;
      continue;
    }
    out += c;
  }
  if (max > MAX_JSON_DEPTH) throw new Error(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  return JSON.parse(out);
}

export function writeConfigJson(value: unknown): string {
  const text = JSON.stringify(value);
  return text.replace(/"\\u0000tfrd:(-?Infinity|NaN)"/g, '$1');
}
