/** The rest of the facts: versions, object tree, signatures, ops, custom objects, assets, problems. */
import type { FactsView } from '../protocol.ts';
import type { NodeSummary, RemoteObjectGraph } from '../object-graph-remote.ts';
import { el, section, shapeText } from './dom.ts';

export function renderArtifacts(facts: Pick<FactsView, 'artifacts' | 'missing' | 'leftovers' | 'problems'>, idPrefix: string): HTMLElement {
  const list = el('ul', { class: 'artifacts' });
  for (const a of facts.artifacts)
    list.append(el('li', {}, el('code', {}, a.format), ' ', el('span', {}, a.path || '.'), ` — ${a.summary}`));
  for (const m of facts.missing)
    list.append(el('li', { class: 'artifact-missing' }, el('strong', {}, 'Missing: '), el('code', {}, m.path), ` — ${m.why}. ${m.fix}`));
  for (const l of facts.leftovers)
    list.append(el('li', { class: 'artifact-missing' }, el('strong', {}, 'Leftover from an interrupted save: '), el('code', {}, l)));
  for (const p of facts.problems)
    list.append(el('li', { class: 'artifact-problem' }, el('strong', {}, 'Could not read: '), p.message, p.hint ? ` (${p.hint})` : ''));
  return section('What is in these files', `${idPrefix}-artifacts`, list);
}

export function renderVersions(facts: FactsView, idPrefix: string): HTMLElement {
  const p = facts.producer;
  const rows: [string, string | null][] = [
    ['TensorFlow', p.tensorflow],
    ['TF git version', p.tensorflow_git],
    ['Keras', p.keras],
    ['Backend', p.backend],
    ['GraphDef producer', p.graph_def_producer === null ? null : String(p.graph_def_producer)],
    ['GraphDef min consumer', p.graph_def_min_consumer === null ? null : String(p.graph_def_min_consumer)],
    ...Object.entries(p.other).map(([k, v]): [string, string] => [k, v]),
  ];
  const dl = el('dl', { class: 'versions' });
  for (const [k, v] of rows) if (v !== null) dl.append(el('dt', {}, k), el('dd', {}, v));
  return section(
    'Saved by',
    `${idPrefix}-versions`,
    rows.some(([, v]) => v !== null) ? dl : el('p', {}, 'No version is recorded in these files.'),
  );
}

/** Children shown per opening of a tree node; more come with "Show more" (100,000-node graphs are flat). */
const TREE_BATCH = 200;

/**
 * The object graph as a tree of <details>. Only open nodes have their entries built, and only
 * those are asked of the worker, a batch at a time: a checkpoint with 100,000 objects must not put
 * half a million elements into the page, or every node through postMessage, before the reader has
 * opened anything. Resolves once the first two levels are in.
 */
export async function renderObjectTree(graph: RemoteObjectGraph | null, idPrefix: string): Promise<HTMLElement | null> {
  if (!graph || graph.count === 0) return null;
  const seen = new Set<number>();
  const build = async (id: number, name: string, node: NodeSummary | null, depth: number): Promise<HTMLElement> => {
    const label = [name, node?.label, node?.values ? `${node.values} value${node.values > 1 ? 's' : ''}` : null]
      .filter(Boolean)
      .join(' · ');
    if (!node || seen.has(id) || depth > 40) return el('li', {}, `${label} (see above)`);
    seen.add(id);
    if (node.entries === 0) return el('li', {}, label);
    const children = el('ul', {});
    let shown = 0;
    let busy = false;
    const more = el('button', { type: 'button', class: 'checker-button checker-button-quiet tree-more' });
    const showMore = async () => {
      if (busy) return;
      busy = true;
      try {
        const slice = await graph.slice(id, shown, TREE_BATCH);
        more.remove();
        if (!slice) {
          children.append(el('li', {}, 'No longer held: check the files again to see this.'));
          return;
        }
        const next: HTMLElement[] = [];
        for (const entry of slice.entries) {
          next.push(
            'child' in entry
              ? await build(entry.child.id, entry.child.name, entry.child.node, depth + 1)
              : el('li', { class: 'tree-attr' }, el('code', {}, entry.key)),
          );
        }
        shown += next.length;
        children.append(...next);
        if (shown < node.entries) {
          more.textContent = `Show ${Math.min(TREE_BATCH, node.entries - shown)} more of ${node.entries - shown}`;
          children.append(el('li', {}, more));
        }
      } finally {
        busy = false;
      }
    };
    more.addEventListener('click', () => void showMore());
    const details = el('details', depth < 2 ? { open: '' } : {}, el('summary', {}, label), children);
    if (depth < 2) await showMore();
    else details.addEventListener('toggle', () => details.open && shown === 0 && void showMore());
    return el('li', {}, details);
  };
  const root = await graph.slice(0, 0, 0);
  return section('Object tree', `${idPrefix}-tree`, el('ul', { class: 'object-tree' }, await build(0, '(root)', root?.node ?? null, 0)));
}

export function renderSignatures(facts: FactsView, idPrefix: string): HTMLElement | null {
  if (facts.signatures.length === 0) return null;
  const list = el('ul', { class: 'signatures' });
  for (const s of facts.signatures) {
    const spec = (t: { name: string; dtype: string; shape: number[] | null }) => `${t.name}: ${t.dtype} ${shapeText(t.shape)}`;
    list.append(
      el(
        'li',
        {},
        el('code', {}, s.key),
        ` (${s.inputs.map(spec).join(', ') || 'no inputs'}) → (${s.outputs.map(spec).join(', ') || 'no outputs'})`,
      ),
    );
  }
  return section('Signatures', `${idPrefix}-signatures`, list);
}

export function renderOps(facts: FactsView, idPrefix: string): HTMLElement | null {
  if (facts.op_details.length === 0) return null;
  const list = el('ul', { class: 'ops' });
  for (const o of facts.op_details)
    list.append(
      el(
        'li',
        {},
        el('code', {}, o.op),
        ` ×${o.count}${o.functions.some((f) => f !== '') ? ` (in ${o.functions.filter((f) => f !== '').length} functions)` : ''}`,
      ),
    );
  return section(`Ops (${facts.op_details.length})`, `${idPrefix}-ops`, el('details', {}, el('summary', {}, 'Show all ops'), list));
}

export function renderCustomObjects(facts: FactsView, idPrefix: string): HTMLElement | null {
  if (facts.custom_objects.length === 0) return null;
  const list = el('ul', {});
  for (const c of facts.custom_objects)
    list.append(
      el(
        'li',
        {},
        el('code', {}, c.registered_name ?? c.class_name),
        ` ${c.role ?? 'object'} at ${c.where}${c.module ? ` (module ${c.module})` : ''}`,
      ),
    );
  return section('Custom objects', `${idPrefix}-custom`, list);
}

export function renderAssets(facts: FactsView, idPrefix: string): HTMLElement | null {
  if (facts.assets.length === 0) return null;
  const list = el('ul', {});
  for (const a of facts.assets) list.append(el('li', {}, el('code', {}, a)));
  return section('Assets', `${idPrefix}-assets`, list);
}

export function renderLayers(facts: FactsView, idPrefix: string): HTMLElement | null {
  if (facts.layers.length === 0) return null;
  const list = el('ul', { class: 'layers' });
  for (const l of facts.layers.slice(0, 2000)) {
    const extra = [
      l.registered_name && l.registered_name !== l.class_name ? `registered as ${l.registered_name}` : null,
      l.dtype_policy ? `dtype ${l.dtype_policy}` : null,
    ]
      .filter(Boolean)
      .join(', ');
    list.append(el('li', {}, el('code', {}, l.path || l.name || '(model)'), ` ${l.class_name}${extra ? ` (${extra})` : ''}`));
  }
  if (facts.layers.length > 2000) list.append(el('li', {}, `… and ${facts.layers.length - 2000} more`));
  return section(
    `Layers (${facts.layers.length})`,
    `${idPrefix}-layers`,
    el('details', facts.layers.length <= 30 ? { open: '' } : {}, el('summary', {}, 'Show layers'), list),
  );
}
