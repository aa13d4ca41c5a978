/** The triage box: ranked failure pages for a pasted traceback, with the line that matched. */
import { failureInfo, failureUrl } from '../lib/catalog.ts';
import { el } from './render/dom.ts';

export function mountTriage(form: HTMLFormElement): void {
  const results = form.querySelector<HTMLElement>('[data-triage-results]')!;
  const textarea = form.querySelector<HTMLTextAreaElement>('textarea')!;
  let runs = 0;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    form.dataset.state = 'working';
    results.replaceChildren();
    const text = textarea.value;
    try {
      await show(text);
    } finally {
      form.dataset.runs = String(++runs);
      form.dataset.state = 'done';
    }
  });
  form.dataset.state = 'ready';

  async function show(text: string): Promise<void> {
    if (!text.trim()) {
      results.replaceChildren(el('p', {}, 'Paste a traceback or log first.'));
      return;
    }
    const { triage } = await import('../lib/triage/index.ts');
    const { matches } = triage(text);
    if (matches.length === 0) {
      results.replaceChildren(
        el('p', {}, 'No known failure matched this text. ', el('a', { href: '/failures/' }, 'Browse all failure modes'), '.'),
      );
      return;
    }
    const list = el('ol', { class: 'triage-matches' });
    for (const m of matches.slice(0, 5)) {
      const names = Object.entries(m.extracted).filter(([k]) => k !== 'exception_type');
      list.append(
        el(
          'li',
          { 'data-failure': m.failure },
          el('a', { href: failureUrl(m.failure, 'symptoms') }, failureInfo(m.failure).title),
          ` — ${Math.round(m.score * 100)}% match`,
          el('pre', { class: 'triage-line' }, el('code', {}, m.line.trim())),
          names.length ? el('p', { class: 'triage-names' }, names.map(([k, v]) => `${k}: ${v}`).join(' · ')) : null,
          el('p', {}, el('a', { href: checkerLink(m.failure, m.extracted), class: 'triage-check' }, 'Check your model for this')),
        ),
      );
    }
    results.replaceChildren(el('p', {}, 'Most likely first:'), list);
  }
}

/** The Inspect page, pre-filled with what the traceback says about the running environment. */
function checkerLink(failure: string, extracted: Record<string, string>): string {
  const params = new URLSearchParams({ failure });
  // "above current version ... for TensorFlow 2.21": the version that is loading.
  if (extracted.tf_version) params.set('tf', extracted.tf_version);
  // The dtype the code fed, where the message names it.
  if (extracted.actual_dtype) params.set('input_dtype', extracted.actual_dtype);
  return `/inspect/?${params.toString()}`;
}
