/**
 * "Copy link for a teammate": a link with the findings' summary in the fragment. It opens the
 * guide of the most severe finding, or the Inspect page when nothing was found, and lands on
 * the shared report (src/browser/shared-summary-ui.ts).
 */
import { failureInfo } from '../../lib/catalog.ts';
import { shareLink, summarize } from '../../lib/share.ts';
import type { Finding } from '../../lib/rules/finding.ts';
import type { FactsView } from '../protocol.ts';
import { el, section } from './dom.ts';

export function renderShare(facts: FactsView, findings: readonly Finding[], idPrefix: string): HTMLElement {
  const include = el('input', { type: 'checkbox', id: `${idPrefix}-share-names` });
  const output = el('input', { type: 'text', readonly: '', class: 'share-link', 'aria-label': 'Link for a teammate' });
  const button = el('button', { type: 'button', class: 'checker-button' }, 'Copy link for a teammate');
  const note = el('p', { class: 'share-note', role: 'status' });
  const top = findings[0];
  const opens = el(
    'p',
    { class: 'share-where' },
    top
      ? `The link opens the “${failureInfo(top.failure).title}” guide with a summary of these findings.`
      : 'Nothing was found, so the link opens the Inspect page with that summary.',
  );
  const update = () => {
    // The site's one address (TF_RESTORE_DOCTOR_SITE at build time), as the CLI's links use.
    output.value = new URL(shareLink(summarize(facts, findings, include.checked)), import.meta.env.SITE).href;
  };
  include.addEventListener('change', update);
  button.addEventListener('click', async () => {
    update();
    output.select();
    try {
      await navigator.clipboard.writeText(output.value);
      note.textContent =
        'Copied. The link holds failure ids, formats, versions and counts' +
        (include.checked ? ', and the findings’ titles.' : ', no names.');
    } catch {
      note.textContent = 'Select the link above and copy it.';
    }
  });
  update();
  return section(
    'Share',
    `${idPrefix}-share`,
    opens,
    el(
      'p',
      { class: 'share-controls' },
      button,
      ' ',
      el(
        'label',
        { for: `${idPrefix}-share-names`, class: 'checker-inline' },
        include,
        ' include names (findings’ titles, which name layers and keys)',
      ),
    ),
    output,
    note,
  );
}
