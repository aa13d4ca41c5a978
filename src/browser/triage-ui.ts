/**
 * The triage box: what the pasted text says first (a failure, a question page, "the restore
 * finished", a cause outside the catalog, or "nothing matched"), the lines that decided it, the
 * guide section that explains the cause, the runner-up when close, then the other candidates.
 * Ctrl+Enter (⌘+Enter) in the text submits; the answer is scrolled into view.
 */
import { failureInfo, failureUrl } from '../lib/catalog.ts';
import type { DecidingLine, TriageAnswer, TriageMatch } from '../lib/triage/index.ts';
import { el } from './render/dom.ts';

const SECTION_TITLES: Record<string, string> = {
  symptoms: 'Symptoms',
  mechanism: 'What is really going on',
  confirm: 'Confirm it',
  fix: 'Fix it',
  verify: 'Verify the fix',
  try: 'Try your own model',
  prevent: 'Prevent it',
};

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
    // The answer starts below the text box, often under the fold: bring it into view.
    results.scrollIntoView({ block: 'nearest' });
  });
  textarea.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.dataset.state = 'ready';

  async function show(text: string): Promise<void> {
    if (!text.trim()) {
      results.replaceChildren(el('p', {}, 'Paste a traceback or log first.'));
      return;
    }
    const { triage } = await import('../lib/triage/index.ts');
    const { matches, answer } = triage(text);
    const parts: (Node | null)[] = [renderAnswer(answer)];
    // The ranked failures: the answer's first when it is one, else whatever the text hinted at.
    const listed = answer.kind === 'failure' ? matches : matches.filter((m) => m.score >= 0.3);
    if (listed.length) {
      const list = el('ol', { class: 'triage-matches' });
      for (const m of listed.slice(0, 5)) list.append(renderMatch(m));
      const heading = answer.kind === 'failure' ? 'All candidates, most likely first:' : 'Failures the text also hints at:';
      parts.push(el('p', { class: 'triage-list-heading' }, heading), list);
    }
    results.replaceChildren(...parts.filter((p): p is Node => p !== null));
  }
}

function renderAnswer(answer: TriageAnswer): HTMLElement {
  const box = el('div', { class: 'triage-answer', 'data-answer': answer.kind });
  switch (answer.kind) {
    case 'failure': {
      const top = answer.top;
      box.dataset.failure = answer.failure;
      box.dataset.confident = String(answer.confident);
      append(
        box,
        el(
          'p',
          { class: 'triage-verdict' },
          el('strong', {}, answer.confident ? 'Most likely: ' : 'Possibly: '),
          el('a', { href: failureUrl(answer.failure, 'symptoms') }, failureInfo(answer.failure).title),
        ),
        el('p', { class: 'triage-why' }, top.why),
        decidingLines(top.lines),
        guideLink(top),
        names(top),
        el('p', {}, el('a', { href: checkerLink(top.failure, top.extracted), class: 'triage-check' }, 'Check your model for this')),
      );
      if (answer.runner_up) {
        const r = answer.runner_up;
        append(
          box,
          el(
            'div',
            { class: 'triage-runner-up', 'data-failure': r.failure },
            el(
              'p',
              {},
              el('strong', {}, 'Close second: '),
              el('a', { href: failureUrl(r.failure, 'symptoms') }, failureInfo(r.failure).title),
            ),
            el('p', { class: 'triage-why' }, r.why),
            guideLink(r),
          ),
        );
      }
      return box;
    }
    case 'page':
      append(
        box,
        el('p', { class: 'triage-verdict' }, el('strong', {}, 'A question, not a failure: '), el('a', { href: answer.url }, answer.title)),
        el('p', { class: 'triage-why' }, answer.why),
        decidingLines(answer.lines),
      );
      return box;
    case 'restore-finished':
      append(
        box,
        el('p', { class: 'triage-verdict' }, el('strong', {}, 'The restore finished: it is not what stalls.')),
        el('p', { class: 'triage-why' }, answer.why),
        decidingLines(answer.lines),
        el(
          'p',
          {},
          'See ',
          el('a', { href: '/failures/restore-hang/#mechanism' }, 'how to tell slow from stuck'),
          ' for taking a stack dump.',
        ),
      );
      return box;
    case 'not-restore':
      append(
        box,
        el('p', { class: 'triage-verdict' }, el('strong', {}, 'Not a restore failure: '), answer.cause),
        el('p', { class: 'triage-why' }, answer.why),
        decidingLines(answer.lines),
      );
      return box;
    case 'nothing':
      append(
        box,
        el('p', { class: 'triage-verdict' }, el('strong', {}, 'No known failure matched this text.')),
        el('p', { class: 'triage-why' }, answer.why),
        el('p', {}, 'Drop these files on ', el('a', { href: answer.checker, class: 'triage-check' }, 'the checker'), ':'),
        el('ul', { class: 'triage-drop' }, ...answer.drop.map((d) => el('li', {}, d))),
        el('p', {}, 'Or ', el('a', { href: '/failures/' }, 'browse all failure modes'), '.'),
      );
      return box;
  }
}

function append(parent: HTMLElement, ...children: (Node | null)[]): void {
  for (const c of children) if (c) parent.append(c);
}

function renderMatch(m: TriageMatch): HTMLElement {
  return el(
    'li',
    { 'data-failure': m.failure },
    el('a', { href: failureUrl(m.failure, 'symptoms') }, failureInfo(m.failure).title),
    ` — ${Math.round(m.score * 100)}% match`,
    el('pre', { class: 'triage-line' }, el('code', {}, m.line.trim())),
  );
}

/** The pasted lines that decided, with their numbers in the paste. */
function decidingLines(lines: readonly DecidingLine[]): HTMLElement | null {
  if (!lines.length) return null;
  return el(
    'div',
    { class: 'triage-evidence' },
    el('p', {}, 'The lines that decided it:'),
    el(
      'ul',
      { class: 'triage-deciding' },
      ...lines.map((l) =>
        el(
          'li',
          { 'data-line': String(l.line) },
          el('span', { class: 'triage-line-no' }, `line ${l.line}`),
          ' ',
          el('span', { class: 'triage-line-why' }, l.why),
          el('pre', { class: 'triage-line' }, el('code', {}, l.text.trim())),
        ),
      ),
    ),
  );
}

/** "Explained in: <guide> › <section> › <cause>", a deep link to the cause's paragraph. */
function guideLink(m: TriageMatch): HTMLElement {
  const g = m.guide;
  const where = [g.title, SECTION_TITLES[g.section] ?? g.section, g.cause].filter((x): x is string => !!x).join(' › ');
  return el('p', { class: 'triage-guide' }, 'Explained in: ', el('a', { href: g.url, class: 'triage-guide-link' }, where));
}

function names(m: TriageMatch): HTMLElement | null {
  const shown = Object.entries(m.extracted).filter(([k]) => k !== 'exception_type' && k !== 'keyword');
  if (!shown.length) return null;
  return el('p', { class: 'triage-names' }, shown.map(([k, v]) => `${k}: ${v}`).join(' · '));
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
