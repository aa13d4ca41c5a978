/**
 * The checker's Repair section: after a check, the reader says what to repair (or lets the check
 * decide), sees the plan ("rename 2 keys; ..."), and downloads the repaired files, a zip when
 * there are several. The work runs in its own Web Worker (repair-worker.ts) over the same File
 * objects; nothing is uploaded. Everything from the files is set as text.
 */
import type { ReaderContext } from '../../lib/context/types.ts';
import type { RepairAsk, RepairPlanView } from '../../lib/repair/types.ts';
import type { PickedFileMessage } from '../protocol.ts';
import type { RepairRequest, RepairResponse } from '../repair-protocol.ts';
import { el, section } from './dom.ts';

export interface RepairInputsForPage {
  files: PickedFileMessage[];
  context: ReaderContext;
  expectedFiles: PickedFileMessage[];
  expectedText: string | null;
}

const ITEMS_SHOWN = 20;
let worker: Worker | null = null;
let jobs = 0;
const waiting = new Map<number, (message: RepairResponse) => void>();

function repairWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('../repair-worker.ts', import.meta.url), { type: 'module', name: 'tf-restore-doctor-repair' });
  worker.onmessage = (event: MessageEvent<RepairResponse>) => waiting.get(event.data.job)?.(event.data);
  worker.onerror = (event) => {
    for (const [job, answer] of waiting)
      answer({ type: 'error', job, message: `The repair stopped unexpectedly (${event.message || 'worker error'}).` });
    waiting.clear();
    worker?.terminate();
    worker = null;
  };
  return worker;
}

type WithoutJob<T> = T extends unknown ? Omit<T, 'job'> : never;

function ask(request: WithoutJob<RepairRequest>, onProgress?: (done: number, total: number) => void): Promise<RepairResponse> {
  const job = ++jobs;
  return new Promise((resolve) => {
    waiting.set(job, (message) => {
      if (message.type === 'progress') {
        onProgress?.(message.done, message.total);
        return;
      }
      waiting.delete(job);
      resolve(message);
    });
    repairWorker().postMessage({ ...request, job } as RepairRequest);
  });
}

/** The name the repaired files get: the checked folder's, or the model file's (a checkpoint's prefix), with `-repaired`. */
function outName(files: readonly PickedFileMessage[]): string {
  const first = files[0]?.path ?? 'model';
  const model = files.map((f) => f.path).find((p) => /\.(h5|hdf5|keras|index)$/i.test(p)) ?? first;
  const top = first.includes('/') ? first.split('/')[0]! : model.replace(/\.(h5|hdf5|keras|index)$/i, '');
  return `${top.replace(/[^\w.-]+/g, '_') || 'model'}-repaired`;
}

export function renderRepair(inputs: RepairInputsForPage, idPrefix: string): HTMLElement {
  const id = `${idPrefix}-repair`;
  const name = outName(inputs.files);
  const dropOptimizer = el('input', { type: 'checkbox', name: 'repair_drop_optimizer' });
  const cast = el(
    'select',
    { name: 'repair_cast' },
    el('option', { value: '' }, 'keep the saved dtypes'),
    ...['float32', 'float64', 'float16', 'bfloat16'].map((d) => el('option', { value: d }, `cast to ${d}`)),
  );
  const keras = el('input', {
    type: 'text',
    name: 'repair_keras',
    placeholder: '3.15',
    size: '6',
    value: inputs.context.runtime.keras ?? '',
  });
  const renames = el('textarea', { name: 'repair_renames', rows: '3', placeholder: 'saved/key new/key (one pair per line)' });
  const planButton = el('button', { type: 'submit', class: 'checker-button' }, 'Plan the repair');
  const form = el(
    'form',
    { class: 'checker-context repair-form', 'data-repair-form': '' },
    el('label', {}, dropOptimizer, ' Drop optimizer state'),
    ' ',
    el('label', {}, 'Dtypes ', cast),
    ' ',
    el('label', {}, 'Keras that will load it ', keras),
    el('label', { class: 'checker-expected' }, 'Rename map (optional; the expected model’s names are proposed by the check)', renames),
    planButton,
  );
  const status = el('p', { role: 'status', 'data-repair-status': '' });
  const planBox = el('div', { 'data-repair-plan': '' });
  const download = el(
    'button',
    { type: 'button', class: 'checker-button', hidden: '', 'data-repair-download': '' },
    'Write and download the repaired files',
  );
  const saved = el('p', { 'data-repair-saved': '' });
  let planJob = 0;

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    download.hidden = true;
    saved.replaceChildren();
    let map: Record<string, string> | null;
    try {
      map = parseRenames(renames.value);
    } catch (error) {
      status.textContent = (error as Error).message;
      return;
    }
    const request: RepairAsk = {
      dropOptimizer: dropOptimizer.checked,
      cast: (cast.value || null) as RepairAsk['cast'],
      keras: keras.value.trim() || null,
      renames: map,
    };
    status.textContent = 'Planning…';
    planButton.disabled = true;
    const answer = await ask({
      type: 'plan',
      ask: request,
      outLabel: name,
      files: inputs.files,
      context: inputs.context,
      expectedFiles: inputs.expectedFiles,
      expectedText: inputs.expectedText ?? undefined,
    });
    planButton.disabled = false;
    if (answer.type !== 'plan') {
      status.textContent = answer.type === 'error' ? answer.message : 'The repair could not be planned.';
      return;
    }
    planJob = answer.job;
    planBox.replaceChildren(renderPlan(answer.plan, id));
    status.textContent = answer.writable ? 'Nothing is written until you download.' : 'Nothing can be written: the reasons are above.';
    download.hidden = !answer.writable;
  });

  download.addEventListener('click', async () => {
    download.disabled = true;
    status.textContent = 'Writing…';
    const answer = await ask({ type: 'apply', plan: planJob, name }, (done, total) => {
      status.textContent = `Writing… ${total > 0 ? Math.round((done / total) * 100) : 100}%`;
    });
    download.disabled = false;
    if (answer.type !== 'done') {
      status.textContent = answer.type === 'error' ? `Nothing written: ${answer.message}` : 'Nothing written.';
      return;
    }
    const url = URL.createObjectURL(answer.download.blob);
    const link = el('a', { href: url, download: answer.download.name, 'data-repair-link': '' }, `Save ${answer.download.name} again`);
    saved.replaceChildren(
      `${answer.result.files.length} file${answer.result.files.length === 1 ? '' : 's'} written${answer.result.verified ? `, ${answer.result.verified} tensors verified against their checksums` : ''}. `,
      link,
    );
    status.textContent = `Downloaded ${answer.download.name}.`;
    link.click();
  });

  return section(
    'Repair',
    id,
    el(
      'p',
      {},
      'Rewrite these files so they load: the plan comes first, the files never leave this page. The same repair runs in the CLI: ',
      el('code', {}, 'tf-restore-doctor repair <path>'),
      '.',
    ),
    form,
    status,
    planBox,
    download,
    saved,
  );
}

function parseRenames(text: string): Record<string, string> | null {
  const map: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/#.*$/, '').trim();
    if (line === '') continue;
    const parts = line.split(/\s*(?:->|=>|→)\s*|\s+/).filter((p) => p !== '');
    if (parts.length !== 2) throw new Error(`Rename map line ${i + 1}: expected "saved/key new/key".`);
    map[parts[0]!] = parts[1]!;
  }
  return Object.keys(map).length > 0 ? map : null;
}

export function renderPlan(plan: RepairPlanView, id: string): HTMLElement {
  const box = el('div', { class: 'repair-plan' });
  box.append(el('p', { 'data-repair-summary': '' }, el('strong', {}, plan.summary)));
  for (const step of plan.steps) {
    const items = step.items
      .slice(0, ITEMS_SHOWN)
      .map((i) =>
        el(
          'li',
          {},
          el('code', {}, i.from),
          i.to === null ? ' (left out)' : ' → ',
          i.to === null ? null : el('code', {}, i.to),
          i.note ? ` — ${i.note}` : null,
        ),
      );
    if (step.items.length > ITEMS_SHOWN)
      items.push(el('li', {}, `… ${step.items.length - ITEMS_SHOWN} more (the CLI's --json lists them all)`));
    box.append(el('h4', {}, step.title), el('p', {}, step.detail));
    if (items.length) box.append(el('ul', {}, ...items));
  }
  if (plan.warnings.length) box.append(el('h4', {}, 'What changes'), el('ul', {}, ...plan.warnings.map((w) => el('li', {}, w))));
  for (const m of plan.manual)
    box.append(el('h4', {}, 'By hand'), el('p', {}, m.what), el('pre', { tabindex: '0' }, el('code', {}, m.snippet)));
  if (plan.refused.length)
    box.append(el('h4', { id: `${id}-refused` }, 'Cannot repair'), el('ul', {}, ...plan.refused.map((r) => el('li', {}, r))));
  else if (plan.load) box.append(el('h4', {}, 'Load it with'), el('pre', { tabindex: '0' }, el('code', {}, plan.load)));
  return box;
}
