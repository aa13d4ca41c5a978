/**
 * Parses the text of `model.summary()` into expected layers.
 *
 * Keras 3 (rich) tables use box-drawing characters: cells between `│`, rows between `├…┤`
 * rules, and a long cell wraps onto the next line of the same row (`bn` / `(BatchNormalizatio…`).
 * Keras 2 tables are plain: columns at the offsets of the header words, rows separated by blank
 * lines (2.9+) or `____` rules (older), a long cell wraps onto the next line (`(MaxPooling` /
 * `2D)`). A class name cut by Keras ends with `…`; it is kept so callers can match it as a prefix.
 * Nested models print their layers indented or prefixed; they are reported as they appear.
 */
import type { ExpectedLayer, ExpectedModel } from './types.ts';

const MAX_LINES = 200_000;

interface Cells {
  layer: string;
  shape: string;
  params: string;
}

export function parseModelSummary(text: string): ExpectedModel {
  const lines = text.split(/\r?\n/).slice(0, MAX_LINES);
  const rows = lines.some((l) => l.includes('│')) ? boxRows(lines) : plainRows(lines);
  const layers: ExpectedLayer[] = [];
  for (const row of rows) {
    const layer = toLayer(row);
    if (layer) layers.push(layer);
  }
  return { source: 'summary', variables: [], layers };
}

/** Keras 3: one row = the `│` lines between two rules; cells joined with spaces. */
function boxRows(lines: readonly string[]): Cells[] {
  const header = lines.findIndex((l) => /Layer \(type\)/.test(l) && l.includes('┃'));
  const cols = header >= 0 ? splitBox(lines[header]!, '┃').map((c) => c.trim()) : ['Layer (type)', 'Output Shape', 'Param #'];
  const at = columnIndexes(cols);
  const rows: Cells[] = [];
  let current: string[][] = [];
  const flush = () => {
    if (current.length === 0) return;
    const joined = (i: number) =>
      current
        .map((cells) => (cells[i] ?? '').trim())
        .filter((s) => s !== '')
        .join(' ');
    rows.push({ layer: joined(at.layer), shape: joined(at.shape), params: joined(at.params) });
    current = [];
  };
  for (let i = header + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.includes('│')) current.push(splitBox(line, '│'));
    else flush();
  }
  flush();
  return rows;
}

function splitBox(line: string, bar: string): string[] {
  const parts = line.split(bar);
  return parts.slice(1, parts.length - 1);
}

function columnIndexes(cols: readonly string[]): { layer: number; shape: number; params: number } {
  const find = (re: RegExp, fallback: number) => {
    const i = cols.findIndex((c) => re.test(c));
    return i >= 0 ? i : fallback;
  };
  return { layer: find(/Layer/, 0), shape: find(/Output Shape/, 1), params: find(/Param/, 2) };
}

/** Keras 2: columns start where the header words start; a row with a parameter count opens a layer. */
function plainRows(lines: readonly string[]): Cells[] {
  const header = lines.findIndex((l) => /Layer \(type\)/.test(l) && /Output Shape/.test(l));
  if (header < 0) return [];
  const h = lines[header]!;
  const shapeAt = h.indexOf('Output Shape');
  const paramsAt = h.indexOf('Param #');
  const connectedAt = h.indexOf('Connected to');
  const layerAt = Math.max(0, h.indexOf('Layer (type)') - 1);
  const rows: Cells[] = [];
  for (let i = header + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*(Total params|Trainable params|Non-trainable params|Optimizer params)/.test(line)) break;
    if (line.trim() === '' || /^\s*[_=]{5,}\s*$/.test(line)) continue;
    const cut = (from: number, to: number) => (from < 0 ? '' : line.slice(from, to < 0 ? undefined : to).trim());
    const cells: Cells = {
      layer: cut(layerAt, shapeAt),
      shape: cut(shapeAt, paramsAt),
      params: cut(paramsAt, connectedAt),
    };
    const last = rows[rows.length - 1];
    if (/^\d[\d,]*$/.test(cells.params) || !last) rows.push(cells);
    else {
      // A wrapped line continues the previous row's cells.
      last.layer = joinWrapped(last.layer, cells.layer);
      last.shape = joinWrapped(last.shape, cells.shape);
    }
  }
  return rows;
}

/** Keras 2 wraps inside words (`(MaxPooling` + `2D)`), so wrapped pieces join without a space. */
function joinWrapped(a: string, b: string): string {
  if (b === '') return a;
  if (a === '') return b;
  return /[\s,([]$/.test(a) || /^[([]/.test(b) ? `${a} ${b}`.replace(/\s+/g, ' ') : a + b;
}

/** Cells longer than this are not a layer name (and would make the name pattern slow). */
const MAX_CELL = 2048;

function toLayer(row: Cells): ExpectedLayer | null {
  const text = row.layer.replace(/\s+/g, ' ').trim();
  if (text === '' || text.length > MAX_CELL || /^Layer \(type\)/.test(text)) return null;
  // `name (Class)`; the class may be cut (`(BatchNormalizatio…`) and lose its `)`.
  const m = /^(\S+)(?:\s*\(([^()]*)\)?)?\s*$/.exec(text.replace(/\(\s+/, '('));
  if (!m) return null;
  const params = row.params.replace(/,/g, '');
  return {
    name: m[1]!,
    class_name: m[2] ? m[2].trim() : null,
    params: /^\d+$/.test(params) ? Number(params) : null,
    output_shape: row.shape === '' ? null : row.shape.replace(/\s+/g, ' '),
  };
}

/** Whether a class name from a summary (maybe cut with `…`) names `className`. */
export function sameClassName(fromSummary: string | null, className: string): boolean {
  if (fromSummary === null) return true;
  if (fromSummary.endsWith('…')) return className.startsWith(fromSummary.slice(0, -1));
  return fromSummary === className;
}
