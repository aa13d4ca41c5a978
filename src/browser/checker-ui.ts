/**
 * Wires one checker on the page: file picking and dropping, the reader's runtime and
 * expectations, progress with Cancel and elapsed time, and the results, findings first.
 *
 * The form is part of the result: a check runs with what the form says, the form shows what a
 * sample was checked with, and a change to it after a run re-runs the check (debounced), the old
 * result marked stale meanwhile. A value that cannot be read is an error next to its field,
 * never a run that ignores it.
 */
import type { CheckProgress } from '../lib/check.ts';
import { failureInfo, failureUrl, isFailureId } from '../lib/catalog.ts';
import { el } from './render/dom.ts';
import { CheckerClient } from './checker-client.ts';
import { RemoteObjectGraph } from './object-graph-remote.ts';
import { reportView } from './report-message.ts';
import { contextFromForm, FormInputError, type FormInput, showFieldErrors } from './context-form.ts';
import { fromDrop, fromInput } from './pick-files.ts';
import type { PickedFileMessage } from './protocol.ts';
import {
  renderArtifacts,
  renderAssets,
  renderCustomObjects,
  renderLayers,
  renderObjectTree,
  renderOps,
  renderSignatures,
  renderVersions,
} from './render/details.ts';
import { renderFindings } from './render/findings.ts';
import { renderShare } from './render/share.ts';
import { renderCompare } from './render/compare.ts';
import { renderRepair } from './render/repair.ts';
import { renderVariables } from './render/variables-table.ts';

/** The form fields a sample's context fills (the names cells and the checker share). */
export const CONTEXT_FIELDS = ['tf', 'keras', 'input_dtype', 'loader', 'host_memory', 'read_speed', 'expected'] as const;
type ContextField = (typeof CONTEXT_FIELDS)[number];
export type SampleContext = Partial<Record<ContextField, string>> & { verify?: boolean };

interface SampleSet {
  label: string;
  /** Shown beside the label (the scenario's name), when there are several samples. */
  detail?: string;
  files: { url: string; path: string }[];
  /** The context to check the sample with; read when the button is pressed. */
  context?: () => SampleContext;
  /** What the note above the form calls the sample. */
  what?: string;
  /** One of the samples the page's notebook cells run. */
  fromCell?: boolean;
}

/** Quiet time after the last change to the form before the check runs again. */
export const RERUN_DEBOUNCE_MS = 600;

type Trigger = 'files' | 'sample' | 'submit' | 'context';

export function mountChecker(root: HTMLElement): void {
  const id = root.id || 'checker';
  const q = <T extends Element>(selector: string) => root.querySelector<T>(selector)!;
  const drop = q<HTMLElement>('[data-drop]');
  const fileInput = q<HTMLInputElement>('[data-files]');
  const folderInput = q<HTMLInputElement>('[data-folder]');
  const form = q<HTMLFormElement>('[data-context]');
  const status = q<HTMLElement>('[data-status]');
  const statusBox = q<HTMLElement>('[data-status-box]');
  const progress = q<HTMLProgressElement>('[data-progress]');
  const cancel = q<HTMLButtonElement>('[data-cancel]');
  const results = q<HTMLElement>('[data-results]');
  const expectedInput = q<HTMLInputElement>('[data-expected-files]');
  const expectedNames = q<HTMLElement>('[data-expected-names]');
  const expectedClear = q<HTMLButtonElement>('[data-expected-clear]');
  const rerun = q<HTMLButtonElement>('[data-rerun]');
  const rerunHint = q<HTMLElement>('[data-rerun-hint]');
  const assumed = q<HTMLElement>('[data-assumed]');
  const client = new CheckerClient();
  let lastFiles: PickedFileMessage[] = [];
  let generation = 0;
  let runs = 0;
  let debounce: ReturnType<typeof setTimeout> | undefined;

  const markStale = (why: string) => {
    if (runs === 0) return;
    root.dataset.stale = 'true';
    results.classList.add('is-stale');
    if (!results.querySelector('[data-stale-note]'))
      results.prepend(
        el('p', { class: 'checker-stale-note', 'data-stale-note': '' }, 'Out of date: this result is for your previous inputs.'),
      );
    status.textContent = why;
  };
  const clearStale = () => {
    delete root.dataset.stale;
    results.classList.remove('is-stale');
    results.querySelector('[data-stale-note]')?.remove();
  };

  const urlForm = root.querySelector<HTMLFormElement>('[data-url-form]');
  let lastUrl: string | null = null;

  /** Files, or an address (read in the worker; data not verified, as the CLI's inspect). */
  const run = async (files: PickedFileMessage[], trigger: Trigger, url: string | null = null) => {
    clearTimeout(debounce);
    if (files.length === 0 && url === null) {
      if (trigger === 'submit') status.textContent = 'Choose files, a folder or a sample first.';
      return;
    }
    lastFiles = files;
    lastUrl = url;
    let input: FormInput;
    try {
      input = contextFromForm(form);
      showFieldErrors(form, []);
    } catch (error) {
      if (!(error instanceof FormInputError)) throw error;
      const first = showFieldErrors(form, error.errors);
      generation++;
      client.cancel();
      root.dataset.state = 'invalid';
      root.removeAttribute('aria-busy');
      cancel.hidden = true;
      progress.hidden = true;
      if (runs > 0)
        markStale('Not checked: a field below cannot be read (see the note under it). The result below is for your previous inputs.');
      else status.textContent = 'Not checked: a field below cannot be read (see the note under it).';
      if (trigger !== 'context') first?.focus();
      return;
    }
    const mine = ++generation;
    const started = performance.now();
    const updateElapsed = (stage?: string) => {
      if (mine !== generation) return;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      status.textContent = `${stage ?? status.dataset.stage ?? 'Reading'} · ${seconds} s`;
      if (stage) status.dataset.stage = stage;
    };
    const tick = setInterval(() => updateElapsed(), 200);
    root.dataset.state = 'running';
    root.setAttribute('aria-busy', 'true');
    cancel.hidden = false;
    progress.hidden = false;
    progress.removeAttribute('value');
    // A re-run after a change keeps the old result on screen (marked stale) until the new one is in.
    if (trigger === 'context') markStale('Your inputs changed: checking again…');
    else {
      clearStale();
      results.replaceChildren();
    }
    updateElapsed(url ? `Reading ${url}` : `Reading ${files.length} file${files.length > 1 ? 's' : ''}`);
    try {
      // Verifying at an address would download every shard: the page leaves that to the CLI.
      const verify = url === null && q<HTMLInputElement>('[name="verify"]').checked;
      const expectedFiles = fromInput(expectedInput);
      const {
        report: posted,
        elapsed_ms,
        job,
      } = await client.run(
        { files, ...(url ? { url } : {}), context: input.context, verify, expectedFiles, expectedText: input.expectedText ?? undefined },
        {
          onProgress(p) {
            if (mine !== generation) return;
            if (p.total > 0) {
              progress.max = p.total;
              progress.value = p.done;
            }
            updateElapsed(stageLabel(p));
          },
        },
      );
      if (mine !== generation) return;
      const report = reportView(posted);
      const r = report.facts;
      const graph = r.object_graph
        ? new RemoteObjectGraph(r.object_graph.count, (node, from, count) => client.objectTree(job, node, from, count))
        : null;
      const tree = await renderObjectTree(graph, id);
      if (mine !== generation) return;
      clearStale();
      results.replaceChildren(
        ...[
          renderFindings(report.findings, id),
          report.diff ? renderCompare(report.diff, report.rename?.script ?? null, id) : null,
          report.artifacts.length
            ? renderRepair({ files, context: input.context, expectedFiles, expectedText: input.expectedText ?? null }, id)
            : null,
          renderShare(r, report.findings, id),
          renderArtifacts(r, id),
          renderVersions(r, id),
          r.variables.length ? renderVariables(r.variables, id) : null,
          renderLayers(r, id),
          tree,
          renderSignatures(r, id),
          renderCustomObjects(r, id),
          renderOps(r, id),
          renderAssets(r, id),
        ].filter((x): x is HTMLElement => x !== null),
      );
      const what = url
        ? `${report.artifacts.flatMap((a) => a.files).length} files from ${url}`
        : `${files.length} file${files.length > 1 ? 's' : ''}`;
      const unverified =
        url && report.artifacts.some((a) => a.format === 'checkpoint' || a.format === 'saved_model')
          ? ` · checkpoint data not verified here; to verify: tf-restore-doctor verify ${url}`
          : '';
      status.textContent = `Checked ${what} in ${(elapsed_ms / 1000).toFixed(2)} s · ${report.findings.length} finding${report.findings.length === 1 ? '' : 's'}${unverified}`;
      runs++;
      root.dataset.runs = String(runs);
      root.dataset.state = 'done';
      rerun.hidden = false;
      rerunHint.hidden = false;
      // The reader asked for this result: bring it into view (a re-run while typing stays put).
      if (trigger !== 'context') statusBox.scrollIntoView({ block: 'start' });
    } catch (error) {
      if (mine !== generation) return;
      status.textContent = (error as Error).message;
      root.dataset.state = 'error';
      rerun.hidden = false;
    } finally {
      clearInterval(tick);
      if (mine === generation) {
        delete status.dataset.stage;
        root.removeAttribute('aria-busy');
        cancel.hidden = true;
        progress.hidden = true;
      }
    }
  };

  const showExpectedNames = () => {
    const names = fromInput(expectedInput).map((f) => f.path);
    expectedNames.textContent = names.length ? names.join(', ') : 'none chosen';
    expectedClear.hidden = names.length === 0;
  };

  fileInput.addEventListener('change', () => {
    ownFiles();
    void run(fromInput(fileInput), 'files');
  });
  folderInput.addEventListener('change', () => {
    ownFiles();
    void run(fromInput(folderInput), 'files');
  });
  expectedInput.addEventListener('change', () => {
    showExpectedNames();
    void run(lastFiles, 'context', lastUrl);
  });
  expectedClear.addEventListener('click', () => {
    expectedInput.value = '';
    showExpectedNames();
    void run(lastFiles, 'context', lastUrl);
  });
  urlForm?.addEventListener('submit', (event) => {
    event.preventDefault();
    const url = (urlForm.elements.namedItem('url') as HTMLInputElement).value.trim();
    if (url) void run([], 'files', url);
  });
  cancel.addEventListener('click', () => client.cancel());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run(lastFiles, 'submit', lastUrl);
  });
  // Any other change to the form after a run: the result is stale until the debounced re-run.
  const changed = (event: Event) => {
    const target = event.target as HTMLElement;
    if (target === expectedInput) return;
    target.closest('.field')?.classList.remove('is-assumed');
    if (lastFiles.length === 0 && lastUrl === null) {
      // Nothing to re-run yet; only clear a note the reader has just fixed.
      if (target.getAttribute('aria-invalid')) {
        try {
          contextFromForm(form);
          showFieldErrors(form, []);
        } catch {
          /* still wrong: the note stays */
        }
      }
      return;
    }
    markStale('Your inputs changed: the result below is for the previous ones. Checking again…');
    clearTimeout(debounce);
    debounce = setTimeout(() => void run(lastFiles, 'context', lastUrl), RERUN_DEBOUNCE_MS);
  };
  // Text fields, the checkbox and a pick from the loader's list all fire input.
  form.addEventListener('input', changed);
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  drop.addEventListener('dragover', (event) => {
    event.preventDefault();
    drop.classList.add('dragging');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('dragging'));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('dragging');
    if (event.dataTransfer)
      void fromDrop(event.dataTransfer).then((files) => {
        ownFiles();
        return run(files, 'files');
      });
  });

  /** The reader's own files after a sample: the form still holds the sample's context; say so. */
  const ownFiles = () => {
    if (assumed.hidden) return;
    assumed.textContent =
      'The fields below still hold the context of the sample you loaded; change them to describe the code and environment that load your model.';
  };

  /** A sample checked with a context: the form shows exactly that context before the run. */
  const applyContext = (context: SampleContext, set: SampleSet) => {
    for (const name of CONTEXT_FIELDS) {
      const field = form.elements.namedItem(name);
      if (!(field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement)) continue;
      field.value = context[name] ?? '';
      field.closest('.field')?.classList.toggle('is-assumed', field.value !== '');
    }
    q<HTMLInputElement>('[name="verify"]').checked = context.verify ?? true;
    expectedInput.value = '';
    showExpectedNames();
    showFieldErrors(form, []);
    const stated = [
      context.tf && `TensorFlow ${context.tf}`,
      context.keras && `Keras ${context.keras}`,
      context.input_dtype && `input dtype ${context.input_dtype}`,
      context.loader && `loader ${context.loader}`,
      context.host_memory && `host memory ${context.host_memory}`,
      context.read_speed && `read speed ${context.read_speed}/s`,
      context.expected && 'the expected model pasted below',
      context.verify === false ? 'checksums not verified' : null,
    ].filter(Boolean);
    assumed.replaceChildren(
      `Checking ${set.what ?? 'the sample'} with ${set.fromCell ? 'what its cell states' : 'the inputs it comes with'}: `,
      el('strong', {}, stated.length ? stated.join(' · ') : 'nothing beyond the files'),
      '. The fields below hold these values; change one and the check runs again.',
    );
    assumed.hidden = false;
  };

  const sets = pageSamples(root);
  offerSamples(root, sets, async (set) => {
    if (set.context) applyContext(set.context(), set);
    status.textContent = 'Fetching the sample…';
    try {
      const picked = await Promise.all(
        set.files.map(async (f) => {
          const response = await fetch(f.url);
          if (!response.ok) throw new Error(`${f.path}: the sample file could not be fetched (${response.status})`);
          return { file: new File([await response.blob()], f.path.split('/').pop()!), path: f.path };
        }),
      );
      await run(picked, 'sample');
    } catch (error) {
      status.textContent = (error as Error).message;
      root.dataset.state = 'error';
    }
  });
  prefillFromUrl(root, form);
  warmWorker(root, client);
  root.dataset.state = 'ready';
}

/**
 * The worker loads the whole library before it can check anything. The Inspect page starts it
 * once the page is idle; a checker inside a guide starts it when the reader comes near it
 * (pointer, focus or a drag), so a page that is only read never pays for it.
 */
function warmWorker(root: HTMLElement, client: CheckerClient): void {
  const warm = () => client.warm();
  if (root.dataset.primary !== undefined) {
    if ('requestIdleCallback' in window) requestIdleCallback(warm, { timeout: 2_000 });
    else setTimeout(warm, 200);
    return;
  }
  for (const type of ['pointerenter', 'focusin', 'dragenter'] as const) root.addEventListener(type, warm, { once: true });
}

/**
 * Opened from the triage box (`/inspect/?failure=…&tf=…`): the form starts with what the
 * traceback told, and the page says which failure the reader is checking for.
 */
function prefillFromUrl(root: HTMLElement, form: HTMLFormElement): void {
  const params = new URLSearchParams(location.search);
  for (const name of ['tf', 'keras', 'input_dtype', 'loader'] as const) {
    const value = params.get(name);
    const field = form.elements.namedItem(name);
    if (value && (field instanceof HTMLInputElement || field instanceof HTMLSelectElement)) field.value = value.slice(0, 200);
  }
  const failure = params.get('failure');
  if (failure && isFailureId(failure)) {
    const note = root.querySelector<HTMLElement>('[data-samples]')!;
    note.before(
      el(
        'p',
        { class: 'checker-prefill', role: 'note' },
        'From your traceback: checking for ',
        el('a', { href: failureUrl(failure) }, failureInfo(failure).title),
        '. Add your model files.',
      ),
    );
  }
}

/**
 * The samples a checker offers: its own (format pages, the Inspect page), then, in a guide, the
 * samples its notebook cells run, each once, checked with the context its cell states (read from
 * the cell's form when the button is pressed, so the checker agrees with the cell).
 */
function pageSamples(root: HTMLElement): SampleSet[] {
  const own = (
    JSON.parse(root.dataset.sampleSets ?? '[]') as {
      label: string;
      files: { url: string; path: string }[];
      context?: SampleContext;
    }[]
  ).map((s): SampleSet => ({ label: s.label, files: s.files, context: s.context ? () => s.context! : undefined, what: 'the sample' }));
  const cells = [...document.querySelectorAll<HTMLElement>('[data-cell]')];
  const scenarios = new Set(cells.map((c) => c.dataset.scenario));
  const seen = new Set<string>();
  const fromCells: SampleSet[] = [];
  for (const cell of cells) {
    const scenario = cell.dataset.scenario ?? cell.id;
    const side = cell.dataset.side === 'fixed' ? 'fixed' : 'broken';
    const key = `${scenario}/${side}`;
    if (seen.has(key)) continue;
    seen.add(key);
    fromCells.push({
      label: `Load this page's ${side} sample`,
      detail: scenarios.size > 1 ? scenario : undefined,
      files: JSON.parse(cell.dataset.files!) as { url: string; path: string }[],
      context: () => cellContext(cell),
      what: `the ${side} sample ${scenario}`,
      fromCell: true,
    });
  }
  // Broken samples first: the page's failure, then what fixes it.
  fromCells.sort((a, b) => Number(a.label.includes('fixed')) - Number(b.label.includes('fixed')));
  return [...own, ...fromCells];
}

/** What a notebook cell's form states now (the reader may have edited it). */
function cellContext(cell: HTMLElement): SampleContext {
  const form = cell.querySelector<HTMLFormElement>('[data-context]');
  const out: SampleContext = { verify: cell.dataset.verify === 'true' };
  if (!form) return out;
  for (const name of CONTEXT_FIELDS) {
    const field = form.elements.namedItem(name);
    const value = field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement ? field.value.trim() : '';
    if (value) out[name] = value;
  }
  return out;
}

function offerSamples(root: HTMLElement, sets: SampleSet[], load: (set: SampleSet) => Promise<void>): void {
  const holder = root.querySelector<HTMLElement>('[data-samples]');
  if (!holder || sets.length === 0) return;
  const fromCells = sets.some((s) => s.fromCell);
  holder.append(
    el(
      'p',
      { class: 'checker-samples-intro' },
      fromCells ? 'No model at hand? Start from the samples this page’s cells run, with the same inputs:' : 'No model at hand?',
    ),
  );
  const row = el('p', { class: 'checker-samples-buttons' });
  for (const set of sets) {
    const button = el(
      'button',
      { type: 'button', class: 'checker-button checker-sample' },
      set.label,
      set.detail ? el('span', { class: 'checker-sample-detail' }, ` (${set.detail})`) : null,
    );
    button.addEventListener('click', () => void load(set));
    row.append(button, ' ');
  }
  holder.append(row);
  holder.hidden = false;
}

function stageLabel(p: CheckProgress): string {
  switch (p.stage) {
    case 'reading':
      return `Reading ${p.total} file${p.total === 1 ? '' : 's'}`;
    case 'verifying':
      return `Verifying ${p.path ?? 'checkpoint'}`;
    case 'expected':
      return 'Reading the expected model';
    case 'diagnosing':
      return 'Diagnosing';
  }
}
