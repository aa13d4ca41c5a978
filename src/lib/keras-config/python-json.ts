/**
 * Keras writes configs with Python's `json.dumps`, which emits the bare tokens NaN, Infinity and
 * -Infinity for such floats (e.g. a `clipnorm` of inf). JSON.parse rejects them, so they are
 * turned into null first (in linear time and about twice the text's memory); strings are left
 * untouched.
 *
 * JSON.parse itself copes with any nesting, but everything after it (config walkers,
 * JSON.stringify for the CLI, structured clone out of the Worker) recurses: text nested deeper
 * than MAX_JSON_DEPTH is refused before it is parsed.
 */
export const MAX_JSON_DEPTH = 512;

export function parsePythonJson(text: string): unknown {
  const depth = nestingDepth(text, MAX_JSON_DEPTH);
  if (depth > MAX_JSON_DEPTH) throw new Error(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return JSON.parse(text);
  } catch (first) {
    const cleaned = replaceNonFiniteTokens(text);
    if (cleaned === text) throw first;
    return JSON.parse(cleaned);
  }
}

/**
 * The text with every NaN, Infinity and -Infinity outside strings replaced by null, in one pass
 * over character codes. The output is built from slices of the input flushed into flat pieces
 * every PIECE_PARTS replacements, so memory stays near twice the text however many tokens there
 * are (a config of millions of NaN used to be rebuilt one character at a time: 2.4 GB for 64 MB).
 */
export function replaceNonFiniteTokens(text: string): string {
  const pieces: string[] = [];
  let parts: string[] = [];
  let from = 0;
  let inString = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) {
      inString = true;
      continue;
    }
    const length =
      c === 0x4e /* N */ && text.startsWith('NaN', i)
        ? 3
        : c === 0x49 /* I */ && text.startsWith('Infinity', i)
          ? 8
          : c === 0x2d /* - */ && text.startsWith('-Infinity', i)
            ? 9
            : 0;
    if (length === 0) continue;
    parts.push(text.slice(from, i), 'null');
    from = i + length;
    i += length - 1;
    if (parts.length >= PIECE_PARTS) {
      pieces.push(parts.join(''));
      parts = [];
    }
  }
  if (from === 0) return text;
  parts.push(text.slice(from));
  pieces.push(parts.join(''));
  return pieces.join('');
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const PIECE_PARTS = 4096;

/** Deepest bracket nesting outside strings, counting stops once past `limit`. */
function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}
