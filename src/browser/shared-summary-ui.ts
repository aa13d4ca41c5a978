/**
 * A page opened from a shared link (`/failures/<id>/#fix;r=...`, or `/inspect/#shared;r=...` for a
 * clean result): the shared report is where the reader lands, with the fix linked from it.
 *
 * The site speaks in its own words (the failure titles and steps come from the catalog); what
 * the link's author wrote (findings' titles) is shown apart, as quoted data, cleaned and cut
 * short by readShareFragment, so a link cannot make the site appear to say something.
 */
import { failureInfo, failureUrl } from '../lib/catalog.ts';
import { readShareFragment } from '../lib/share.ts';
import { el } from './render/dom.ts';

const STEP_NAMES: Record<string, string> = {
  symptoms: 'the symptoms',
  mechanism: 'what is really going on',
  confirm: 'how to confirm it',
  fix: 'the fix',
  verify: 'how to verify the fix',
  try: 'the checker',
  prevent: 'how to prevent it',
};

export function showSharedSummary(box: HTMLElement): void {
  const shared = readShareFragment(location.hash);
  if (!shared) return;
  const { summary, step } = shared;
  const list = el('ul', { class: 'shared-findings' });
  for (const f of summary.f) {
    list.append(
      el(
        'li',
        { 'data-failure': f.id },
        el('span', { class: `finding-severity severity-${f.s}` }, f.s),
        ' ',
        el('a', { href: failureUrl(f.id, 'symptoms') }, failureInfo(f.id).title),
        f.t
          ? el(
              'blockquote',
              { class: 'shared-quote' },
              el('span', { class: 'shared-quote-label' }, 'Title as written in the link:'),
              ' ',
              el('q', {}, f.t),
            )
          : null,
      ),
    );
  }
  const saved = [summary.tf && `TensorFlow ${summary.tf}`, summary.keras && `Keras ${summary.keras}`].filter(Boolean).join(', ');
  const facts = `${summary.a.join(', ') || 'no model artifact'}${saved ? `, saved by ${saved}` : ''}, ${summary.n} variable${summary.n === 1 ? '' : 's'}.`;
  const top = summary.f[0];
  const here = location.pathname.replace(/\/?$/, '/');
  const next = top
    ? el(
        'p',
        { class: 'shared-next' },
        el(
          'a',
          { href: `${failureUrl(top.id) === here ? '' : failureUrl(top.id)}#${step ?? 'fix'}`, 'data-shared-fix': '' },
          `Read ${STEP_NAMES[step ?? 'fix']}`,
        ),
        ` (${failureInfo(top.id).title}), or check your own files with the checker on this page.`,
      )
    : el('p', { class: 'shared-next' }, 'Nothing to fix in their files. To check yours, drop them in the checker below.');
  box.replaceChildren(
    el(
      'p',
      { class: 'shared-title', id: 'shared-summary-title' },
      el('strong', {}, 'A teammate checked their model and shared this report.'),
    ),
    el('p', {}, `Their files: ${facts}`),
    summary.f.length
      ? el('p', {}, `The checker found ${summary.f.length} problem${summary.f.length === 1 ? '' : 's'}, most severe first:`)
      : el('p', { class: 'finding-none' }, 'The checker found no problems in their files.'),
    ...(summary.f.length ? [list] : []),
    next,
    el(
      'p',
      { class: 'shared-note' },
      'Quoted text comes from the link, not from this site. The link holds only failure ids, formats, versions and counts (and titles, if the sender included them); no file left their machine.',
    ),
  );
  box.id = 'shared';
  box.tabIndex = -1;
  box.setAttribute('aria-labelledby', 'shared-summary-title');
  box.hidden = false;
  // Land on the report, not on the step: the step is linked from it.
  box.scrollIntoView({ block: 'start' });
  box.focus({ preventScroll: true });
}
