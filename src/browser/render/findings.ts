/** Findings first: each with severity, evidence, the fix, and a link to its guide step. */
import type { Finding } from '../../lib/rules/finding.ts';
import { codeBlock } from './code-block.ts';
import { el, section } from './dom.ts';

export function renderFindings(findings: readonly Finding[], idPrefix: string): HTMLElement {
  if (findings.length === 0) {
    return section(
      'Findings',
      `${idPrefix}-findings`,
      el('p', { class: 'finding-none' }, 'No problems found in these files for the runtime you stated.'),
    );
  }
  const list = el('ol', { class: 'findings' });
  for (const f of findings) {
    const evidence = el('ul', { class: 'finding-evidence' });
    for (const e of f.evidence.slice(0, 20)) {
      const where = [e.file, e.key, e.bytes].filter(Boolean).join(' · ');
      evidence.append(el('li', {}, where ? el('code', {}, where) : null, e.text ? ` ${e.text}` : null));
    }
    if (f.evidence.length > 20) evidence.append(el('li', {}, `… and ${f.evidence.length - 20} more`));
    list.append(
      el(
        'li',
        { class: `finding finding-${f.severity}`, 'data-failure': f.failure },
        el('p', { class: 'finding-head' }, el('span', { class: 'finding-severity' }, f.severity), ' ', el('strong', {}, f.title)),
        el('p', { class: 'finding-detail' }, f.detail),
        f.evidence.length ? evidence : null,
        f.fix ? el('details', { class: 'finding-fix' }, el('summary', {}, 'Fix'), codeBlock(f.fix, { language: 'python' })) : null,
        el('p', {}, el('a', { href: f.url }, `Guide: ${f.failure}`)),
      ),
    );
  }
  return section('Findings', `${idPrefix}-findings`, list);
}
