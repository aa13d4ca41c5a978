/**
 * Keras writes configs with Python's `json.dumps`, which emits the bare tokens NaN, Infinity and
 * -Infinity for such floats (e.g. a `clipnorm` of inf). JSON.parse rejects them, so they are
 * turned into null first; strings are left untouched.
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

function replaceNonFiniteTokens(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
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
    const token = ['-Infinity', 'Infinity', 'NaN'].find((t) => text.startsWith(t, i));
    if (token) {
      out += 'null';
      i += token.length - 1;
      continue;
    }
    out += c;
  }
  return out;
}

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
