/**
 * JSON.stringify's output in pieces: the outer containers are walked, everything inside them is
 * stringified by JSON.stringify itself, so the text is identical while no one string holds a
 * report of 100,000 variables (tens of MB built, then copied again into the write).
 */

/** Containers nested deeper than this are stringified whole: they are small in a report. */
const WALK_DEPTH = 4;

type Emit = (text: string) => void;

export function writeJsonPieces(value: unknown, emit: Emit): void {
  const shown = resolve(value, '');
  if (omitted(shown)) emit(String(JSON.stringify(shown)));
  else walk(shown, WALK_DEPTH, emit);
}

/** Emits an already-resolved value (toJSON applied), walking containers down to `depth`. */
function walk(value: unknown, depth: number, emit: Emit): void {
  if (depth === 0 || value === null || typeof value !== 'object') {
    emit(JSON.stringify(value));
    return;
  }
  if (Array.isArray(value)) {
    emit('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) emit(',');
      const item = resolve(value[i], String(i));
      // In arrays, values JSON cannot show become null (JSON.stringify's rule).
      if (omitted(item)) emit('null');
      else walk(item, depth - 1, emit);
    }
    emit(']');
    return;
  }
  emit('{');
  let first = true;
  for (const key of Object.keys(value)) {
    const member = resolve((value as Record<string, unknown>)[key], key);
    // In objects, such members are left out.
    if (omitted(member)) continue;
    emit(`${first ? '' : ','}${JSON.stringify(key)}:`);
    first = false;
    walk(member, depth - 1, emit);
  }
  emit('}');
}

function resolve(value: unknown, key: string): unknown {
  const toJSON = value !== null && typeof value === 'object' ? (value as { toJSON?: unknown }).toJSON : undefined;
  return typeof toJSON === 'function' ? toJSON.call(value, key) : value;
}

function omitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}
