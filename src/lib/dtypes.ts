/**
 * TensorFlow DataType enum values (tensorflow/core/framework/types.proto) to the names the
 * facts use: the Python name (float32, int64, string, resource, ...), with `_ref` for the
 * legacy reference types (value + 100). Table: data/tf-dtypes.json (source noted inside).
 */
import table from './data/tf-dtypes.json' with { type: 'json' };

interface DtypeRow {
  name: string;
  number: number;
  python_name: string | null;
  byte_size: number | null;
}

const BY_NUMBER = new Map<number, DtypeRow>();
const BY_NAME = new Map<string, DtypeRow>();
for (const row of table.types as DtypeRow[]) {
  BY_NUMBER.set(row.number, row);
  BY_NAME.set(pythonName(row), row);
}

function pythonName(row: DtypeRow): string {
  return row.python_name ?? row.name.replace(/^DT_/, '').toLowerCase();
}

/** `1` → `float32`, `101` → `float32_ref`, unknown values → `dtype_<n>`. */
export function dtypeName(value: number): string {
  const row = BY_NUMBER.get(value);
  if (row) return pythonName(row);
  const base = BY_NUMBER.get(value - 100);
  if (value > 100 && base) return `${pythonName(base)}_ref`;
  return `dtype_${value}`;
}

/** Bytes per element for fixed-size dtypes; null for string/resource/variant. */
export function dtypeSize(name: string): number | null {
  return BY_NAME.get(name.replace(/_ref$/, ''))?.byte_size ?? null;
}

/** TF enum value for a dtype name (for the writers). Throws on a name TF does not have. */
export function dtypeValue(name: string): number {
  const row = BY_NAME.get(name);
  if (!row) throw new Error(`unknown dtype ${name}`);
  return row.number;
}

/** Accepts `DT_FLOAT`, `float`, `float32`, `tf.float32`, `double`, ... and returns the facts name. */
export function normalizeDtype(text: string): string | null {
  let t = text
    .trim()
    .replace(/^tf\./, '')
    .replace(/^torch\./, '');
  if (/^DT_/i.test(t)) {
    const row = [...BY_NUMBER.values()].find((r) => r.name === t.toUpperCase());
    return row ? pythonName(row) : null;
  }
  t = t.toLowerCase();
  const aliases: Record<string, string> = {
    float: 'float32',
    double: 'float64',
    half: 'float16',
    int: 'int32',
    long: 'int64',
    str: 'string',
    bytes: 'string',
  };
  t = aliases[t] ?? t;
  return BY_NAME.has(t) ? t : null;
}
