/**
 * Wires one checker on the page: file picking and dropping, the reader's runtime and
 * expectations, progress with Cancel and elapsed time, and the results, findings first.
 */
import type { CheckProgress } from '../lib/check.ts';
import { failureInfo, failureUrl, isFailureId } from '../lib/catalog.ts';
import { el } from './render/dom.ts';
import { CheckerClient } from './checker-client.ts';
import { contextFromForm, type FormInput } from './context-form.ts';
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

export function mountChecker(root: HTMLElement): void {
  const id = root.id || 'checker';
  const q = <T extends Element>(selector: string) => root.querySelector<T>(selector)!;
  const drop = q<HTMLElement>('[data-drop]');
  const fileInput = q<HTMLInputElement>('[data-files]');
  const folderInput = q<HTMLInputElement>('[data-folder]');
  const form = q<HTMLFormElement>('[data-context]');
  const status = q<HTMLElement>('[data-status]');
  const progress = q<HTMLProgressElement>('[data-progress]');
  const cancel = q<HTMLButtonElement>('[data-cancel]');
  const results = q<HTMLElement>('[data-results]');
  const expectedInput = q<HTMLInputElement>('[data-expected-files]');
  const client = new CheckerClient();
  let lastFiles: PickedFileMessage[] = [];

  const run = async (files: PickedFileMessage[]) => {
    if (files.length === 0) return;
    lastFiles = files;
    let input: FormInput;
    try {
      input = contextFromForm(form);
    } catch (error) {
      status.textContent = (error as Error).message;
      return;
    }
    const started = performance.now();
    const tick = setInterval(() => updateElapsed(), 200);
    const updateElapsed = (stage?: string) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      status.textContent = `${stage ?? status.dataset.stage ?? 'Reading'} · ${seconds} s`;
      if (stage) status.dataset.stage = stage;
    };
    root.setAttribute('aria-busy', 'true');
    cancel.hidden = false;
    progress.hidden = false;
    progress.removeAttribute('value');
    results.replaceChildren();
    updateElapsed(`Reading ${files.length} file${files.length > 1 ? 's' : ''}`);
    try {
      const verify = q<HTMLInputElement>('[name="verify"]').checked;
      const expectedFiles = fromInput(expectedInput);
      const { report, elapsed_ms } = await client.run(
        { files, context: input.context, verify, expectedFiles, expectedText: input.expectedText ?? undefined },
        {
          onProgress(p) {
            if (p.total > 0) {
              progress.max = p.total;
              progress.value = p.done;
            }
            updateElapsed(stageLabel(p));
          },
        },
      );
      const r = report.facts;
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
          renderObjectTree(r, id),
          renderSignatures(r, id),
          renderCustomObjects(r, id),
          renderOps(r, id),
          renderAssets(r, id),
        ].filter((x): x is HTMLElement => x !== null),
      );
      status.textContent = `Checked ${files.length} file${files.length > 1 ? 's' : ''} in ${(elapsed_ms / 1000).toFixed(2)} s · ${report.findings.length} finding${report.findings.length === 1 ? '' : 's'}`;
      root.dataset.state = 'done';
    } catch (error) {
      status.textContent = (error as Error).message;
      root.dataset.state = 'error';
    } finally {
      clearInterval(tick);
      delete status.dataset.stage;
      root.removeAttribute('aria-busy');
      cancel.hidden = true;
      progress.hidden = true;
    }
  };

  fileInput.addEventListener('change', () => void run(fromInput(fileInput)));
  folderInput.addEventListener('change', () => void run(fromInput(folderInput)));
  expectedInput.addEventListener('change', () => void run(lastFiles));
  cancel.addEventListener('click', () => client.cancel());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run(lastFiles);
  });
  drop.addEventListener('dragover', (event) => {
    event.preventDefault();
    drop.classList.add('dragging');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('dragging'));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('dragging');
    if (event.dataTransfer) void fromDrop(event.dataTransfer).then(run);
  });
  offerPageSamples(root, run);
  prefillFromUrl(root, form);
  root.dataset.state = 'ready';
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
 * In a guide, the checker starts from the page's own samples (the ones its cells run): one
 * button each, so the reader can look at the broken and fixed files before swapping in theirs.
 */
function offerPageSamples(root: HTMLElement, run: (files: PickedFileMessage[]) => Promise<void>): void {
  const holder = root.querySelector<HTMLElement>('[data-samples]');
  const own = JSON.parse(root.dataset.sampleSets ?? '[]') as { label: string; files: { url: string; path: string }[] }[];
  const fromCells = [...document.querySelectorAll<HTMLElement>('[data-cell]')].map((cell) => ({
    label: `Load this page's ${cell.id.endsWith('-fixed') ? 'fixed' : 'broken'} sample`,
    files: JSON.parse(cell.dataset.files!) as { url: string; path: string }[],
  }));
  const sets = [...own, ...fromCells];
  if (!holder || sets.length === 0) return;
  for (const { label, files } of sets) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'checker-button';
    button.textContent = label;
    button.addEventListener('click', async () => {
      const picked = await Promise.all(
        files.map(async (f) => ({ file: new File([await (await fetch(f.url)).blob()], f.path.split('/').pop()!), path: f.path })),
      );
      await run(picked);
    });
    holder.append(button, ' ');
  }
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
