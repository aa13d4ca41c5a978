/**
 * On a failure page opened from a shared link (`#fix;r=...`): show what the teammate's checker
 * found, as text, and go to the linked step.
 */
import { failureInfo, failureUrl } from '../lib/catalog.ts';
import { readShareFragment } from '../lib/share.ts';
import { el } from './render/dom.ts';

export function showSharedSummary(box: HTMLElement): void {
  const shared = readShareFragment(location.hash);
  if (!shared) return;
  const { summary, step } = shared;
  const list = el('ul', {});
  for (const f of summary.f) {
    list.append(
      el(
        'li',
        {},
        el('span', { class: 'finding-severity' }, f.s),
        ' ',
        el('a', { href: failureUrl(f.id, 'symptoms') }, failureInfo(f.id).title),
        f.t ? ` — ${f.t}` : '',
      ),
    );
  }
  const saved = [summary.tf && `TensorFlow ${summary.tf}`, summary.keras && `Keras ${summary.keras}`].filter(Boolean).join(', ');
  box.replaceChildren(
    el(
      'p',
      {},
      el('strong', {}, 'A teammate checked their model and shared this:'),
      ` ${summary.a.join(', ') || 'no artifact'}${saved ? `, saved by ${saved}` : ''}, ${summary.n} variables.`,
    ),
    summary.f.length ? list : el('p', {}, 'No problems were found.'),
  );
  box.hidden = false;
  if (step) document.getElementById(step)?.scrollIntoView();
}
