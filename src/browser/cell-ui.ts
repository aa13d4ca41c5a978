/**
 * A notebook cell on the page: fetches its sample files from the site (same origin), runs the
 * checker on them in the worker with the cell's inputs, and shows the findings. Whether the
 * guide's own failure was found is stated in one line, so a reader sees the point at once. A cell
 * on a broken sample also offers Repair on it (broken -> repaired), downloaded like the checker's.
 */
import { CheckerClient } from './checker-client.ts';
import { contextFromForm, FormInputError, showFieldErrors } from './context-form.ts';
import { el } from './render/dom.ts';
import { renderArtifacts } from './render/details.ts';
import { renderFindings } from './render/findings.ts';
import { renderRepair } from './render/repair.ts';
import { openSandbox } from './sandbox.ts';

/** One worker serves every cell on the page. */
let sharedClient: CheckerClient | null = null;

export function mountCell(root: HTMLElement): void {
  const form = root.querySelector<HTMLFormElement>('[data-context]')!;
  const status = root.querySelector<HTMLElement>('[data-status]')!;
  const results = root.querySelector<HTMLElement>('[data-results]')!;
  const failure = root.dataset.failure!;
  const files = JSON.parse(root.dataset.files!) as { url: string; path: string }[];

  // A result no longer matches the inputs once they change: say so until the next Run.
  form.addEventListener('input', () => {
    if (root.dataset.state !== 'done' || root.dataset.stale) return;
    root.dataset.stale = 'true';
    status.prepend(el('span', { class: 'cell-stale', 'data-stale-note': '' }, 'Inputs changed: press Run to update. Last result: '));
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    let input: ReturnType<typeof contextFromForm>;
    try {
      input = contextFromForm(form);
      showFieldErrors(form, []);
    } catch (error) {
      if (!(error instanceof FormInputError)) throw error;
      showFieldErrors(form, error.errors)?.focus();
      status.textContent = 'Not run: a field above cannot be read (see the note under it).';
      root.dataset.state = 'invalid';
      results.replaceChildren();
      return;
    }
    delete root.dataset.stale;
    root.dataset.state = 'running';
    results.replaceChildren();
    status.textContent = 'Running…';
    try {
      const { context, expectedText } = input;
      const picked = await Promise.all(
        files.map(async (f) => {
          const response = await fetch(f.url);
          if (!response.ok) throw new Error(`${f.path}: the sample file could not be fetched (${response.status})`);
          const blob = await response.blob();
          return { file: new File([blob], f.path.split('/').pop()!), path: f.path };
        }),
      );
      sharedClient ??= new CheckerClient();
      const { report, elapsed_ms } = await sharedClient.run(
        { files: picked, context, expectedText: expectedText ?? undefined, verify: root.dataset.verify === 'true' },
        { onProgress: () => undefined },
      );
      const mine = report.findings.filter((f) => f.failure === failure && f.severity !== 'info');
      root.dataset.found = mine.length > 0 ? 'true' : 'false';
      status.replaceChildren(
        el('strong', {}, mine.length > 0 ? `${failure}: found (${mine.length})` : `${failure}: not found`),
        ` · ${report.findings.length} finding${report.findings.length === 1 ? '' : 's'} in ${(elapsed_ms / 1000).toFixed(2)} s`,
      );
      results.replaceChildren(renderFindings(report.findings, root.id), renderArtifacts(report.facts, root.id));
      if (root.dataset.side === 'broken' && report.artifacts.length)
        results.append(renderRepair({ files: picked, context, expectedFiles: [], expectedText: expectedText ?? null }, root.id));
      root.dataset.state = 'done';
    } catch (error) {
      status.textContent = (error as Error).message;
      root.dataset.state = 'error';
    }
  });
  mountSandbox(root, files);
  root.dataset.state = 'ready';
}

/** The optional shell: started on demand; any failure is said plainly and the cell keeps working. */
function mountSandbox(root: HTMLElement, files: { url: string; path: string }[]): void {
  const form = root.querySelector<HTMLFormElement>('[data-sandbox-form]');
  if (!form) return;
  const status = root.querySelector<HTMLElement>('[data-sandbox-status]')!;
  const output = root.querySelector<HTMLElement>('[data-sandbox-output]')!;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const command = String(new FormData(form).get('command') ?? '').trim();
    if (!command) return;
    status.textContent = 'Starting the Node sandbox…';
    root.dataset.sandbox = 'starting';
    try {
      const sandbox = await openSandbox(files);
      status.textContent = `$ ${command}`;
      output.hidden = false;
      output.textContent = '';
      const code = await sandbox.run(command, (chunk) => output.append(chunk));
      status.textContent = `$ ${command} (exit ${code})`;
      root.dataset.sandbox = 'ran';
    } catch (error) {
      status.textContent = `${(error as Error).message} The cell above still runs here in your browser.`;
      root.dataset.sandbox = 'unavailable';
    }
  });
}
