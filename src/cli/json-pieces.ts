/**
 * JSON.stringify's output in pieces: the outer containers are walked, everything inside them is
 * stringified by JSON.stringify itself, so the text is identical while no one string holds a
 * report of 100,000 variables (tens of MB built, then copied again into the write).
 */

/** Containers nested deeper than this are stringified whole: they are small in a report. */
const WALK_DEPTH = 4;

/**
 * Array items are stringified this many at a time: one JSON.stringify call per item (100,000
 * variables, 100,000 graph nodes) costs several times the text it makes, while a batch is still a
 * small string.
 */
const ITEMS_PER_BATCH = 256;

type Emit = (text: string) => void;

export function writeJsonPieces(value: unknown, emit: Emit): void {
  for (const piece of jsonPieces(value)) emit(piece);
}

/** The pieces in order, made as they are asked for (so a writer can wait for a slow reader). */
export function* jsonPieces(value: unknown): Generator<string> {
  const shown = resolve(value, '');
  if (omitted(shown)) yield String(JSON.stringify(shown));
  else yield* walk(shown, WALK_DEPTH);
}

/** Emits an already-resolved value (toJSON applied), walking containers down to `depth`. */
function* walk(value: unknown, depth: number): Generator<string> {
  if (depth === 0 || value === null || typeof value !== 'object') {
    yield JSON.stringify(value);
    return;
  }
  if (Array.isArray(value)) {
    if (depth === 1 || value.length > ITEMS_PER_BATCH) {
      yield* arrayInBatches(value);
      return;
    }
    yield '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) yield ',';
      const item = resolve(value[i], String(i));
      // In arrays, values JSON cannot show become null (JSON.stringify's rule).
      if (omitted(item)) yield 'null';
      else yield* walk(item, depth - 1);
    }
    yield ']';
    return;
  }
  yield '{';
  let first = true;
  for (const key of Object.keys(value)) {
    const member = resolve((value as Record<string, unknown>)[key], key);
    // In objects, such members are left out.
    if (omitted(member)) continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    yield* walk(member, depth - 1);
  }
  yield '}';
}

function resolve(value: unknown, key: string): unknown {
  const toJSON = value !== null && typeof value === 'object' ? (value as { toJSON?: unknown }).toJSON : undefined;
  return typeof toJSON === 'function' ? toJSON.call(value, key) : value;
}

function omitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** A long array as JSON.stringify writes it, a batch of items per call (its `[` and `]` dropped). */
function* arrayInBatches(items: readonly unknown[]): Generator<string> {
  yield '[';
  for (let start = 0; start < items.length; start += ITEMS_PER_BATCH) {
    // toJSON is applied here, with the item's own index as its key, as JSON.stringify would.
    const resolved = items.slice(start, start + ITEMS_PER_BATCH).map((item, i) => resolve(item, String(start + i)));
    const batch = JSON.stringify(resolved);
    yield start > 0 ? `,${batch.slice(1, -1)}` : batch.slice(1, -1);
  }
  yield ']';
}
