/**
 * The variables table: filter, sort by name/shape/dtype/bytes, totals, and virtual scrolling so
 * 100,000 rows stay smooth (only the rows in view exist in the DOM). A name too long for its
 * column is cut with an ellipsis; the name is a button (title on hover, tap or Enter on a phone or
 * keyboard) that shows the whole variable under the table.
 */
import type { VariableFact } from '../../lib/facts.ts';
import { el, formatBytes, section, shapeText } from './dom.ts';

const ROW_HEIGHT = 28;
const VIEW_ROWS = 16;
type SortKey = 'name' | 'shape' | 'dtype' | 'bytes';

export function renderVariables(variables: readonly VariableFact[], idPrefix: string): HTMLElement {
  let rows: VariableFact[] = [...variables];
  let sort: { key: SortKey; dir: 1 | -1 } = { key: 'name', dir: 1 };

  const filter = el('input', {
    type: 'search',
    placeholder: 'Filter by name, dtype or shape',
    'aria-label': 'Filter variables',
    class: 'variables-filter',
  });
  const totals = el('p', { class: 'variables-totals', role: 'status' });
  const header = el('div', { class: 'vt-row vt-head', role: 'row' });
  const buttons = new Map<SortKey, HTMLButtonElement>();
  for (const key of ['name', 'shape', 'dtype', 'bytes'] as const) {
    const button = el('button', { type: 'button', class: `vt-cell vt-${key}` }, key);
    button.addEventListener('click', () => {
      sort = { key, dir: sort.key === key ? (-sort.dir as 1 | -1) : 1 };
      apply();
    });
    buttons.set(key, button);
    header.append(el('div', { role: 'columnheader', class: `vt-cell vt-${key}` }, button));
  }
  const spacer = el('div', { class: 'vt-spacer' });
  const body = el('div', { class: 'vt-body', role: 'rowgroup' });
  const viewport = el('div', { class: 'vt-viewport', tabindex: '0', 'aria-label': 'Variables' }, spacer, body);
  const table = el('div', { class: 'vt', role: 'table', 'aria-rowcount': '0' }, el('div', { role: 'rowgroup' }, header), viewport);
  const detail = el('div', { class: 'vt-detail', 'data-variable-detail': '', 'aria-live': 'polite', hidden: '' });
  let selected: VariableFact | null = null;
  const show = (v: VariableFact | null) => {
    const previous = selected;
    selected = v;
    if (!v) {
      detail.hidden = true;
      detail.replaceChildren();
    } else {
      const close = el('button', { type: 'button', class: 'checker-button checker-button-quiet' }, 'Close');
      close.addEventListener('click', () => show(null));
      detail.replaceChildren(
        el('p', { class: 'vt-detail-name' }, el('code', {}, v.name)),
        el(
          'dl',
          { class: 'versions' },
          ...(v.object_path ? [el('dt', {}, 'object path'), el('dd', {}, el('code', {}, v.object_path))] : []),
          el('dt', {}, 'shape'),
          el('dd', {}, shapeText(v.shape)),
          el('dt', {}, 'dtype'),
          el('dd', {}, v.dtype),
          el('dt', {}, 'bytes'),
          el('dd', {}, formatBytes(v.bytes)),
        ),
        close,
      );
      detail.hidden = false;
    }
    draw();
    // Rows are redrawn: keep the keyboard on the row that was used.
    const row = rows.indexOf((v ?? previous)!);
    const first = Math.max(0, Math.floor(viewport.scrollTop / ROW_HEIGHT) - 2);
    body.querySelectorAll<HTMLButtonElement>('.vt-name-button')[row - first]?.focus();
  };

  const draw = () => {
    const first = Math.max(0, Math.floor(viewport.scrollTop / ROW_HEIGHT) - 2);
    const last = Math.min(rows.length, first + VIEW_ROWS + 4);
    body.style.transform = `translateY(${first * ROW_HEIGHT}px)`;
    body.replaceChildren(
      ...rows
        .slice(first, last)
        .map((v, i) =>
          el(
            'div',
            { class: v === selected ? 'vt-row vt-selected' : 'vt-row', role: 'row', 'aria-rowindex': String(first + i + 2) },
            el('div', { class: 'vt-cell vt-name', role: 'cell' }, nameButton(v)),
            el('div', { class: 'vt-cell vt-shape', role: 'cell' }, shapeText(v.shape)),
            el('div', { class: 'vt-cell vt-dtype', role: 'cell' }, v.dtype),
            el('div', { class: 'vt-cell vt-bytes', role: 'cell' }, formatBytes(v.bytes)),
          ),
        ),
    );
  };

  function nameButton(v: VariableFact): HTMLButtonElement {
    const button = el(
      'button',
      {
        type: 'button',
        class: 'vt-name-button',
        title: v.object_path && v.object_path !== v.name ? `${v.name}\n${v.object_path}` : v.name,
        'aria-expanded': v === selected ? 'true' : 'false',
      },
      v.name,
    );
    button.addEventListener('click', () => show(v === selected ? null : v));
    return button;
  }

  const apply = () => {
    const needle = filter.value.trim().toLowerCase();
    rows = needle
      ? variables.filter(
          (v) =>
            v.name.toLowerCase().includes(needle) ||
            v.dtype.includes(needle) ||
            shapeText(v.shape).includes(needle) ||
            (v.object_path ?? '').toLowerCase().includes(needle),
        )
      : [...variables];
    const { key, dir } = sort;
    rows.sort((a, b) => dir * compare(a, b, key));
    for (const [k, button] of buttons) button.setAttribute('aria-sort', k === key ? (dir === 1 ? 'ascending' : 'descending') : 'none');
    spacer.style.height = `${rows.length * ROW_HEIGHT}px`;
    viewport.style.height = `${Math.max(2, Math.min(rows.length, VIEW_ROWS)) * ROW_HEIGHT}px`;
    table.setAttribute('aria-rowcount', String(rows.length + 1));
    const bytes = rows.reduce((sum, v) => sum + (v.bytes ?? 0), 0);
    totals.textContent = `${rows.length} of ${variables.length} variables · ${formatBytes(bytes)}`;
    draw();
  };

  let frame = 0;
  viewport.addEventListener('scroll', () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(draw);
  });
  filter.addEventListener('input', apply);
  apply();
  return section('Variables', `${idPrefix}-variables`, filter, totals, table, detail);
}

function compare(a: VariableFact, b: VariableFact, key: SortKey): number {
  switch (key) {
    case 'name':
      return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
    case 'dtype':
      return a.dtype < b.dtype ? -1 : a.dtype > b.dtype ? 1 : 0;
    case 'bytes':
      return (a.bytes ?? -1) - (b.bytes ?? -1);
    case 'shape': {
      const size = (v: VariableFact) => v.shape.reduce((p, d) => p * Math.max(d, 1), 1);
      return size(a) - size(b) || a.shape.length - b.shape.length;
    }
  }
}
