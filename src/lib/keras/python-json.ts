/**
 * Keras writes configs with Python's `json.dumps`, which emits the bare tokens NaN, Infinity and
 * -Infinity for such floats (e.g. a `clipnorm` of inf). JSON.parse rejects them, so they are
 * turned into null first; strings are left untouched.
 */
export function parsePythonJson(text: string): unknown {
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
