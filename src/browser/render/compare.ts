/**
 * Compare mode: what was saved next to what the loading code expects, one row per value:
 * matched, renamed, reshaped, retyped, missing (expected, not saved) and extra (saved, not
 * expected), with the generated script that rewrites the checkpoint under the expected names.
 */
import type { ModelDiff } from '../../lib/diff/index.ts';
import { codeBlock } from './code-block.ts';
import { el, section, shapeText } from './dom.ts';

type Row = [status: string, saved: string, expected: string, detail: string];

export function renderCompare(diff: ModelDiff, snippet: string | null, idPrefix: string): HTMLElement {
  const rows: Row[] = [
    ...diff.renamed.map(
      (r): Row => [
        'renamed',
        r.from,
        r.to,
        `${shapeText(r.shape)} ${r.dtype ?? ''} · similarity ${r.score.toFixed(2)}${r.positional ? ' · by position' : ''}`,
      ],
    ),
    ...diff.reshaped.map(
      (r): Row => ['reshaped', r.saved_name, r.name, `saved ${shapeText(r.saved_shape)} · expected ${shapeText(r.expected_shape)}`],
    ),
    ...diff.retyped.map(
      (r): Row => ['retyped', r.saved_name, r.name, `saved ${r.saved_dtype ?? '?'} · expected ${r.expected_dtype ?? '?'}`],
    ),
    ...diff.missing.map((m): Row => ['missing', '', m.name, `${shapeText(m.shape)} ${m.dtype ?? ''} · expected, not saved`]),
    ...diff.extra.map((x): Row => ['extra', x.name, '', `${shapeText(x.shape)} ${x.dtype ?? ''} · saved, not expected (${x.kind})`]),
    ...diff.matched.map((m): Row => ['matched', m.saved, m.expected, `${shapeText(m.shape)} ${m.dtype ?? ''}`]),
  ];
  const counts = `${diff.matched.length} matched · ${diff.renamed.length} renamed · ${diff.reshaped.length} reshaped · ${diff.retyped.length} retyped · ${diff.missing.length} missing · ${diff.extra.length} extra`;
  const table = el(
    'table',
    { class: 'compare' },
    el('caption', {}, counts),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', { scope: 'col', class: 'compare-status' }, 'status'),
        el('th', { scope: 'col' }, 'saved'),
        el('th', { scope: 'col' }, 'expected'),
        el('th', { scope: 'col' }, 'shape, dtype'),
      ),
    ),
    el(
      'tbody',
      {},
      ...rows
        .slice(0, 2000)
        .map(([status, saved, expected, detail]) =>
          el(
            'tr',
            { class: `compare-${status}`, 'data-status': status },
            el('td', { class: 'compare-status' }, status),
            el('td', {}, el('code', {}, saved)),
            el('td', {}, el('code', {}, expected)),
            el('td', {}, detail),
          ),
        ),
    ),
  );
  return section(
    'Saved vs expected',
    `${idPrefix}-compare`,
    el('div', { class: 'compare-scroll' }, table),
    snippet
      ? el(
          'details',
          { class: 'finding-fix rename-script', open: '' },
          el('summary', {}, 'Rewrite the checkpoint under the expected names'),
          codeBlock(snippet, { title: 'rename_checkpoint.py', language: 'python' }),
        )
      : null,
  );
}
