/**
 * Plans for TF checkpoints (V2 tensor bundles): renamed variables, TF1 name-based -> TF2
 * object-based, float casts, optimizer state dropped, the `checkpoint` state file rewritten, and
 * the parts of an interrupted sharded save merged. Every plan is one program: which input tensor
 * goes where under which key (copied or cast), the object graph to write, the state file.
 */
import { baseName, dirName, findFile, readExact, type FileSet } from '../byte-source.ts';
import type { CheckResult } from '../check.ts';
import type { ExpectedModel, VerifyEntry } from '../context/types.ts';
import { diffModels, renameMap, valueKind, type ModelDiff } from '../diff/index.ts';
import { dtypeName } from '../dtypes.ts';
import { OBJECT_GRAPH_KEY, type ModelFacts, type VariableFact } from '../facts.ts';
import { readBundleIndex, type BundleIndex, type IndexedEntry } from '../formats/checkpoint/bundle-index.ts';
import { dataFileName, indexFileName } from '../formats/checkpoint/shard-files.ts';
import { decodeStringTensor } from '../formats/checkpoint/string-tensor.ts';
import { DTYPE_ENUM, floatDtypeOf, isExactCast, precisionNote } from './cast.ts';
import { applyMoves, dropOptimizer, graphFromKeys, planMoves } from './graph-edit.ts';
import {
  decodeGraph,
  derivedKeys,
  encodeGraph,
  isSlotKey,
  keysFollowTfNaming,
  type ObjectGraph,
  renumber,
  splitKey,
} from './object-graph.ts';
import { stateFileText } from './state-file.ts';
import type { FloatDtype, RepairAsk, RepairItem, RepairPlan, RepairStep, TensorOp, TensorSource } from './types.ts';
import { emptyCounts } from './types.ts';
import { summarize } from './summary.ts';
import { isSummary, planTf1ToKeras3 } from './tf1-keras3.ts';

/** Items listed per step; the counts stay exact beyond it. */
const MAX_ITEMS = 200;

interface Input {
  prefix: string;
  bundle: BundleIndex;
  entries: Map<string, IndexedEntry>;
  graph: ObjectGraph | null;
  /** The object graph's tensor, when there is one. */
  graphEntry: IndexedEntry | null;
}

export interface CheckpointPlanOptions {
  /** How the output folder is called in the load snippet. */
  outLabel: string;
}

/** Parts of an interrupted sharded save: `<prefix>_temp/part-00000-of-00002` (TF's `_SHARDED_SUFFIX`). */
const TEMP_PART = /^(.*)_temp(?:_[0-9a-f]+)?\/part-(\d{5})-of-(\d{5})$/;

export async function planCheckpoint(
  files: FileSet,
  result: CheckResult,
  prefix: string,
  ask: RepairAsk,
  options: CheckpointPlanOptions,
): Promise<RepairPlan> {
  const plan = emptyPlan(prefix);
  const temp = TEMP_PART.exec(prefix);
  if (temp) return planMerge(files, result, prefix, temp, ask, plan, options);

  // Damage first: the reason nothing can be written is the damaged data, whatever else fails to read.
  refuseDamaged(result.verify, [prefix], plan);
  if (plan.refused.length > 0) return plan;
  const input = await readInput(files, prefix, plan);
  if (!input) return plan;
  if (input.bundle.entries.some((e) => e.entry.slices.length > 0)) {
    plan.refused.push(`${prefix} holds partitioned variables (stored as slices); repair does not rewrite those`);
  }
  if (plan.refused.length > 0) return plan;

  const variables = artifactVariables(result.facts, input);
  const facts: ModelFacts = { ...result.facts, variables, object_graph: null };
  const diff = result.expected ? diffModels(graphFacts(facts, input), result.expected) : null;

  // What leaves the input, under which key: input key -> output key (absent: left out).
  const keyMap = new Map<string, string>();
  for (const key of input.entries.keys()) if (key !== OBJECT_GRAPH_KEY) keyMap.set(key, key);
  let graph = input.graph;
  let graphChanged = false;

  if (input.graph === null && isSummary(result.expected)) {
    // TF1 -> Keras 3: the model is known by its summary, which Keras 3's load_weights() serves.
    planTf1ToKeras3(files, prefix, input.bundle.header.num_shards, input.entries, result.expected, ask, plan, options.outLabel);
    return plan;
  }
  const tf1 = input.graph === null && result.expected !== null && objectBasedExpected(result.expected).length > 0;
  if (tf1) {
    const built = planTf1ToTf2(input, diff!, result.expected!, ask, plan, keyMap);
    if (!built) return plan;
    graph = built;
    graphChanged = true;
  } else {
    const renames = renameRequest(diff, ask, plan, input);
    if (renames.size > 0) {
      if (input.graph) {
        const { moves, problems } = planMoves(input.graph, renames);
        const applied = problems.length === 0 ? applyMoves(input.graph, moves) : { graph: input.graph, problems: [] };
        const all = [...problems, ...applied.problems];
        if (all.length > 0) {
          for (const p of all) plan.refused.push(`rename: ${p}`);
          return plan;
        }
        graph = applied.graph;
        graphChanged = true;
        plan.steps.push(renameStep(renames, moves.length, true, plan));
      } else {
        for (const [from, to] of renames) keyMap.set(from, to);
        plan.steps.push(renameStep(renames, renames.size, false, plan));
      }
      if (diff) noteUnused(diff, plan, renames);
    }
  }

  if (ask.dropOptimizer) {
    if (graph) {
      const dropped = dropOptimizer(graph);
      if (dropped.roots.length > 0) {
        graph = dropped.graph;
        graphChanged = true;
      }
    } else {
      for (const key of [...keyMap.keys()]) if (valueKind(key) === 'optimizer') keyMap.delete(key);
    }
  }

  // Keys after graph edits: TF's own naming when the input follows it, else the renamed keys.
  if (graph && graphChanged) {
    const final = renumber(graph);
    const reachable = new Set<string>();
    const derived = derivedKeys(final);
    const followsTf = input.graph ? keysFollowTfNaming(input.graph) : true;
    const renames = tf1 ? new Map<string, string>() : renameRequest(diff, ask, { refused: [], warnings: [] }, input);
    for (const node of final.nodes) {
      for (const a of node.attributes) {
        const original = a.checkpoint_key;
        const key = followsTf ? derived.get(a) : (renames.get(original) ?? original);
        if (key == null) continue;
        if (!tf1) reachable.add(original);
        keyMapSet(keyMap, original, key, tf1);
        a.checkpoint_key = key;
      }
    }
    if (!tf1) for (const key of [...keyMap.keys()]) if (!reachable.has(key) && isGraphValue(input, key)) keyMap.delete(key);
    graph = final;
  }

  if (ask.dropOptimizer) {
    const dropped = [...input.entries.keys()].filter((k) => k !== OBJECT_GRAPH_KEY && !keyMap.has(k));
    plan.counts.dropped += dropped.length;
    const slots = dropped.filter((k) => isSlotLike(k, variables)).length;
    plan.steps.push({
      kind: 'drop-optimizer',
      title:
        dropped.length === 0
          ? 'no optimizer state to drop'
          : `drop ${dropped.length} optimizer value${dropped.length === 1 ? '' : 's'} (${slots} slot${slots === 1 ? '' : 's'})`,
      detail:
        "The optimizer and everything only it reaches are left out of the object graph and the data; the model's own variables stay (Keras 3 optimizers also track the model's weights: those are kept under the model's path). The result restores with tf.train.Checkpoint(model=...) and assert_consumed(), with no expect_partial(); training that resumes from it starts with a fresh optimizer.",
      items: capped(dropped.map((k) => ({ from: k, to: null, note: isSlotLike(k, variables) ? 'optimizer slot' : 'optimizer value' }))),
    });
  }

  const casts = ask.cast ? planCasts(input, keyMap, ask.cast, plan, variables) : new Map<string, number>();

  // State file: the output always gets one naming the repaired checkpoint; say when the input's was wrong.
  stateStep(result, prefix, files, plan);

  if (plan.steps.length === 0) {
    plan.refused.push(nothingToDo(result, diff, input));
    return plan;
  }
  if (plan.refused.length > 0) return plan;
  finishCheckpointPlan(plan, input, keyMap, casts, graph, graphChanged, ask, options);
  return plan;
}

function keyMapSet(keyMap: Map<string, string>, source: string, key: string, tf1: boolean): void {
  if (tf1) return; // TF1 -> TF2 sources are mapped by the builder
  keyMap.set(source, key);
}

function isGraphValue(input: Input, key: string): boolean {
  if (!input.graph) return false;
  return input.graph.nodes.some((n) => n.attributes.some((a) => a.checkpoint_key === key));
}

function isSlotLike(key: string, variables: readonly VariableFact[]): boolean {
  if (isSlotKey(key)) return true;
  const v = variables.find((x) => x.name === key);
  if (v?.slot) return true;
  return /(^|\/)(_variables|_momentums|_velocities)\/\d+\//.test(key) && (v?.shape.length ?? 0) > 0;
}

function emptyPlan(prefix: string): RepairPlan {
  return {
    artifact: { path: prefix, format: 'checkpoint' },
    summary: '',
    steps: [],
    counts: emptyCounts(),
    outputs: [],
    load: null,
    manual: [],
    warnings: [],
    refused: [],
    program: null,
  };
}

async function readInput(files: FileSet, prefix: string, plan: RepairPlan): Promise<Input | null> {
  const index = findFile(files, indexFileName(prefix));
  if (!index) {
    plan.refused.push(
      `${indexFileName(prefix)} is not there: without the index nothing says which bytes are which tensor, and repair never guesses`,
    );
    return null;
  }
  let bundle: BundleIndex;
  try {
    bundle = await readBundleIndex(index);
  } catch (error) {
    plan.refused.push(
      `${indexFileName(prefix)} cannot be read (${(error as Error).message}): without the index nothing says which bytes are which tensor`,
    );
    return null;
  }
  const entries = new Map<string, IndexedEntry>();
  for (const e of bundle.entries) if (!e.slice) entries.set(e.key, e);
  const graphEntry = entries.get(OBJECT_GRAPH_KEY) ?? null;
  let graph: ObjectGraph | null = null;
  if (graphEntry) {
    const file = dataFileName(prefix, graphEntry.entry.shard_id, bundle.header.num_shards);
    const shard = findFile(files, file);
    if (!shard) {
      plan.refused.push(`${file} (it holds the object graph) is missing`);
      return null;
    }
    try {
      const bytes = await readExact(shard, graphEntry.entry.offset, graphEntry.entry.size, OBJECT_GRAPH_KEY);
      const [proto] = decodeStringTensor(bytes, 1, file, graphEntry.entry.offset, OBJECT_GRAPH_KEY);
      graph = decodeGraph(proto!);
    } catch (error) {
      plan.refused.push(`the object graph in ${file} cannot be read (${(error as Error).message})`);
      return null;
    }
  }
  return { prefix, bundle, entries, graph, graphEntry };
}

/** Verification found damage: nothing is written from a checkpoint whose data does not verify. */
function refuseDamaged(verify: VerifyEntry[] | null, prefixes: readonly string[], plan: RepairPlan): void {
  if (verify === null) {
    plan.warnings.push(
      'Checksums were not verified before planning; every tensor is verified while it is copied, and the repair stops at the first that fails.',
    );
    return;
  }
  for (const prefix of prefixes) {
    const entry = verify.find((v) => v.prefix === prefix);
    if (!entry || entry.report.ok) continue;
    const { report } = entry;
    for (const m of report.missing_shards) plan.refused.push(`${m} is missing: the tensors in it cannot be recovered`);
    for (const s of report.short_shards)
      plan.refused.push(
        `${s.file} is ${s.size} bytes but the index needs ${s.needed}: it is truncated, and the tensors past its end are gone`,
      );
    for (const b of report.bad.slice(0, 20)) {
      plan.refused.push(
        `"${b.name}" (${b.file}, bytes ${b.offset}..${b.offset + b.size}) does not match its checksum${b.problem ? ` (${b.problem})` : ''}: its data is damaged`,
      );
    }
    if (report.bad.length > 20) plan.refused.push(`... and ${report.bad.length - 20} more damaged tensors`);
    plan.refused.push(
      'Repair never invents or guesses tensor data: restore these files from the place the checkpoint was saved (or an earlier checkpoint).',
    );
  }
}

function artifactVariables(facts: ModelFacts, input: Input): VariableFact[] {
  const files = new Set<string>([indexFileName(input.prefix)]);
  for (let i = 0; i < input.bundle.header.num_shards && i < 100_000; i++)
    files.add(dataFileName(input.prefix, i, input.bundle.header.num_shards));
  return facts.variables.filter((v) => files.has(v.file) && input.entries.has(v.name));
}

/** The diff reads aliases from the object graph: give it this checkpoint's graph as facts. */
function graphFacts(facts: ModelFacts, input: Input): ModelFacts {
  if (!input.graph) return facts;
  return {
    ...facts,
    object_graph: input.graph.nodes.map((n, id) => ({
      id,
      kind: null,
      identifier: null,
      registered_name: null,
      children: n.children.map((c) => ({ name: c.name, id: c.id })),
      attributes: n.attributes.map((a) => ({ name: a.name, checkpoint_key: a.checkpoint_key, full_name: a.full_name || null })),
      slot_variables: n.slots.map((s) => ({ original_variable_id: s.original, slot_name: s.slot, slot_variable_id: s.variable })),
      variable: null,
    })),
  };
}

/** The diff's proposals with the reader's edits over them (null withdraws one). */
function renameRequest(
  diff: ModelDiff | null,
  ask: RepairAsk,
  plan: Pick<RepairPlan, 'refused' | 'warnings'>,
  input: Input,
): Map<string, string> {
  const map = new Map<string, string>(Object.entries(diff ? renameMap(diff) : {}));
  for (const [from, to] of Object.entries(ask.renames ?? {})) {
    if (to === null) map.delete(from);
    else map.set(from, to);
  }
  for (const [from, to] of [...map]) {
    if (!input.entries.has(from)) {
      plan.refused.push(`rename: "${from}" is not a key of ${input.prefix}`);
      map.delete(from);
    } else if (from === to) map.delete(from);
  }
  return map;
}

function renameStep(renames: ReadonlyMap<string, string>, moves: number, objectBased: boolean, plan: RepairPlan): RepairStep {
  plan.counts.renamed += renames.size;
  return {
    kind: 'rename',
    title: `rename ${renames.size} key${renames.size === 1 ? '' : 's'}`,
    detail: objectBased
      ? `${moves} object${moves === 1 ? '' : 's'} of the object graph ${moves === 1 ? 'moves' : 'move'} to the expected names (a renamed layer keeps all its children), and every key is derived from the new graph as TensorFlow derives it, so optimizer slot variables follow their variable. Values are copied byte for byte and verified against their checksums.`
      : 'Name-based checkpoint: the keys are the variable names tf.compat.v1.train.Saver looks up; they are renamed in the index, values copied byte for byte and verified against their checksums.',
    items: capped([...renames].map(([from, to]) => ({ from, to, note: null }))),
  };
}

function noteUnused(diff: ModelDiff, plan: RepairPlan, renames: ReadonlyMap<string, string>): void {
  const unused = diff.extra.filter((e) => e.kind === 'model' && !renames.has(e.name));
  plan.counts.kept_unused += unused.length;
  if (unused.length > 0) {
    plan.warnings.push(
      `${unused.length} saved value${unused.length === 1 ? ' is' : 's are'} not in the expected model and ${unused.length === 1 ? 'is' : 'are'} kept as saved: ${unused
        .slice(0, 5)
        .map((u) => u.name)
        .join(', ')}${unused.length > 5 ? ', ...' : ''}`,
    );
  }
  const missing = diff.missing.filter((m) => valueKind(m.name) === 'model');
  if (missing.length > 0) {
    plan.warnings.push(
      `${missing.length} expected value${missing.length === 1 ? ' has' : 's have'} nothing saved under any name (${missing
        .slice(0, 5)
        .map((m) => m.name)
        .join(
          ', ',
        )}${missing.length > 5 ? ', ...' : ''}): they keep their initial values; restore with assert_existing_objects_matched(), not assert_consumed()`,
    );
  }
}

function capped(items: RepairItem[]): RepairItem[] {
  return items.length > MAX_ITEMS
    ? [...items.slice(0, MAX_ITEMS), { from: `... ${items.length - MAX_ITEMS} more`, to: null, note: null }]
    : items;
}

function objectBasedExpected(expected: ExpectedModel): { name: string; shape: number[] | null; dtype: string | null }[] {
  return expected.variables.filter((v) => v.name !== OBJECT_GRAPH_KEY && splitKey(v.name) !== null);
}

/**
 * TF1 -> TF2: the expected model's object-based keys (a checkpoint saved from the fresh model, or
 * its tf.train.list_variables output) give the graph; the diff pairs each expected value with a
 * saved name (same name up to the TF2 spelling, or a rename by shape), and the reader's rename
 * map can pair the rest.
 */
function planTf1ToTf2(
  input: Input,
  diff: ModelDiff,
  expected: ExpectedModel,
  ask: RepairAsk,
  plan: RepairPlan,
  keyMap: Map<string, string>,
): ObjectGraph | null {
  const all = objectBasedExpected(expected);
  const wanted = all.filter((v) => valueKind(v.name) !== 'bookkeeping');
  const counter = all.find((v) => /^save_counter\/\.ATTRIBUTES\//.test(v.name));
  const pairs = new Map<string, string>(); // expected key -> saved key
  for (const m of diff.matched) pairs.set(m.expected, m.saved);
  for (const r of diff.renamed) pairs.set(r.to, r.from);
  for (const r of diff.retyped) pairs.set(r.name, r.saved_name);
  for (const [from, to] of Object.entries(ask.renames ?? {})) {
    for (const [e, s] of [...pairs]) if (s === from) pairs.delete(e);
    if (to !== null) pairs.set(to, from);
  }
  const items: RepairItem[] = [];
  const values: { key: string; full_name: string }[] = [];
  const missing: string[] = [];
  const used = new Set<string>();
  for (const v of wanted) {
    const saved = pairs.get(v.name);
    const entry = saved === undefined ? undefined : input.entries.get(saved);
    if (!entry || saved === undefined) {
      if (ask.dropOptimizer && valueKind(v.name) === 'optimizer') continue;
      missing.push(v.name);
      continue;
    }
    if (v.shape && !sameShape(v.shape, entry.entry.shape)) {
      plan.refused.push(`"${saved}" is ${JSON.stringify(entry.entry.shape)} but "${v.name}" expects ${JSON.stringify(v.shape)}`);
      continue;
    }
    const savedDtype = dtypeName(entry.entry.dtype);
    if (v.dtype && v.dtype !== savedDtype && !(ask.cast && ask.cast === v.dtype)) {
      plan.refused.push(`"${saved}" is ${savedDtype} but "${v.name}" expects ${v.dtype}: add --cast ${v.dtype}`);
      continue;
    }
    used.add(saved);
    values.push({ key: v.name, full_name: saved });
    items.push({ from: saved, to: v.name, note: null });
  }
  if (missing.length > 0) {
    const text = `${missing.length} expected value${missing.length === 1 ? ' has' : 's have'} no value in ${input.prefix}: ${missing.slice(0, 8).join(', ')}${missing.length > 8 ? ', ...' : ''}`;
    if (ask.allowMissing)
      plan.warnings.push(`${text}. They are left out (you allowed it): restore with expect_partial() / assert_existing_objects_matched().`);
    else
      plan.refused.push(`${text}. Pair them with a rename map (saved name -> expected key), or allow a partial result (--allow-missing).`);
  }
  if (plan.refused.length > 0) return null;
  keyMap.clear();
  for (const v of values) keyMap.set(v.full_name, v.key);
  if (counter) {
    // tf.train.Checkpoint restores (and creates) its save counter; without a value for it,
    // assert_consumed() fails. It is bookkeeping, not a model value: 1, as a first save() writes.
    values.push({ key: counter.name, full_name: 'save_counter' });
    plan.warnings.push(
      'The expected checkpoint has a save counter (tf.train.Checkpoint bookkeeping, not a model value); the output sets it to 1, as the first save() of a tf.train.Checkpoint does.',
    );
  }
  const left = [...input.entries.keys()].filter((k) => k !== OBJECT_GRAPH_KEY && !used.has(k));
  plan.counts.renamed += keyMap.size;
  plan.counts.dropped += left.length;
  plan.steps.push({
    kind: 'tf1-to-tf2',
    title: `write ${keyMap.size} value${keyMap.size === 1 ? '' : 's'} object-based under the expected model's keys${left.length ? `, leave ${left.length} out` : ''}`,
    detail:
      "The name-based (TF1 Saver) checkpoint gets an object graph built from the expected model's object paths, so tf.train.Checkpoint(<root>=...).restore() matches the objects by attribute name. Each value is copied byte for byte from the TF1 name it was paired with and verified against its checksum; the TF1 name is kept as the value's full_name.",
    items: capped([
      ...items,
      ...left.map((k) => ({
        from: k,
        to: null,
        note: valueKind(k) === 'optimizer' ? 'TF1 optimizer state: the expected model has no place for it' : 'not in the expected model',
      })),
    ]),
  });
  return graphFromKeys(values);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i] || d === -1 || b[i] === -1);
}

/** Which tensors a cast touches: floating values of the model and its optimizer slots, not optimizer scalars. */
function planCasts(
  input: Input,
  keyMap: Map<string, string>,
  to: FloatDtype,
  plan: RepairPlan,
  variables: readonly VariableFact[],
): Map<string, number> {
  const casts = new Map<string, number>();
  const pairs = new Map<string, number>();
  const items: RepairItem[] = [];
  for (const [source] of keyMap) {
    const e = input.entries.get(source);
    if (!e) continue;
    const from = floatDtypeOf(e.entry.dtype);
    if (from === null || from === to) continue;
    if (e.entry.shape.length === 0 && valueKind(source) === 'optimizer' && !variables.find((v) => v.name === source)?.slot) continue;
    casts.set(source, DTYPE_ENUM[to]);
    pairs.set(from, (pairs.get(from) ?? 0) + 1);
    items.push({ from: source, to: `${to} ${JSON.stringify(e.entry.shape)}`, note: `was ${from}` });
  }
  if (casts.size === 0) {
    plan.warnings.push(`--cast ${to}: no floating tensor is stored in another dtype; nothing is cast`);
    return casts;
  }
  plan.counts.cast += casts.size;
  const notes = [...pairs.keys()].map((from) => precisionNote(from as FloatDtype, to));
  for (const [from] of pairs) if (!isExactCast(from as FloatDtype, to)) plan.warnings.push(precisionNote(from as FloatDtype, to));
  plan.steps.push({
    kind: 'cast',
    title: `cast ${casts.size} tensor${casts.size === 1 ? '' : 's'} to ${to} (${[...pairs].map(([f, n]) => `${n} from ${f}`).join(', ')})`,
    detail: `${notes.join(' ')} Scalars of the optimizer (iteration count, learning rate) keep their dtype: the optimizer creates them in its own dtype. The model that restores must declare ${to} (Keras: dtype="${to}" on its layers or as the dtype policy).`,
    items: capped(items),
  });
  return casts;
}

/** The output's `checkpoint` file; a step when the input's is missing, absolute or stale. */
function stateStep(result: CheckResult, prefix: string, files: FileSet, plan: RepairPlan): void {
  const state = result.facts.checkpoint_state;
  const dir = dirName(prefix);
  const name = baseName(prefix);
  const stateInDir = state && dirName(state.file) === dir ? state : null;
  const exists = (p: string) => findFile(files, indexFileName(p)) !== null;
  let why: string | null = null;
  if (!stateInDir) {
    why = `there is no \`checkpoint\` state file beside ${name}, so tf.train.latest_checkpoint() finds nothing`;
  } else {
    const target = stateInDir.model_checkpoint_path;
    if (target === null) why = 'the state file names no checkpoint (model_checkpoint_path is empty)';
    else if (/^(\/|[A-Za-z]:[\\/]|[a-z]+:\/\/)/.test(target)) {
      why = `the state file names "${target}", an absolute path from where the checkpoint was saved: tf.train.latest_checkpoint() returns None (or an old checkpoint) once the folder has moved`;
    } else if (!exists(dir === '' ? target : `${dir}/${target}`)) {
      why = `the state file names "${target}", which is not in this folder`;
    } else {
      const stale = stateInDir.all_model_checkpoint_paths.filter(
        (p) => /^(\/|[A-Za-z]:[\\/])/.test(p) || !exists(dir === '' ? p : `${dir}/${p}`),
      );
      if (stale.length > 0) why = `all_model_checkpoint_paths lists checkpoints that are not here: ${stale.join(', ')}`;
    }
  }
  if (why === null) return;
  plan.steps.push({
    kind: 'state-file',
    title: stateInDir ? 'rewrite the `checkpoint` state file with a relative path' : 'recreate the `checkpoint` state file',
    detail: `${why}. The output folder gets a state file naming "${name}" relatively (model_checkpoint_path and all_model_checkpoint_paths, as TF 2.x writes them), so tf.train.latest_checkpoint(<folder>) finds it wherever the folder is moved.`,
    items: [{ from: stateInDir?.model_checkpoint_path ?? '(no state file)', to: name, note: null }],
  });
}

function nothingToDo(result: CheckResult, diff: ModelDiff | null, input: Input): string {
  const hints: string[] = [];
  if (diff && diff.retyped.length > 0)
    hints.push(
      `the expected model wants other dtypes (${diff.retyped[0]!.saved_dtype} -> ${diff.retyped[0]!.expected_dtype}): ask for --cast ${diff.retyped[0]!.expected_dtype}`,
    );
  if (diff && diff.reshaped.length > 0)
    hints.push(
      `${diff.reshaped.length} value(s) have another shape than expected: that is an architecture change, which no rewrite of the file can fix`,
    );
  if (result.facts.optimizer || [...input.entries.keys()].some((k) => valueKind(k) === 'optimizer'))
    hints.push('it holds optimizer state: --drop-optimizer leaves it out');
  if (!result.expected && input.graph === null)
    hints.push('it is name-based (TF1): give the expected model (--expect) to write it object-based');
  if (!result.expected && input.graph) hints.push('give the expected model (--expect) to rename its values, or a rename map');
  return `nothing to repair in ${input.prefix} with what was asked${hints.length ? `: ${hints.join('; ')}` : ''}`;
}

function finishCheckpointPlan(
  plan: RepairPlan,
  input: Input,
  keyMap: Map<string, string>,
  casts: Map<string, number>,
  graph: ObjectGraph | null,
  graphChanged: boolean,
  ask: RepairAsk,
  options: CheckpointPlanOptions,
): void {
  const name = baseName(input.prefix);
  const header = input.bundle.header;
  const bigEndian = header.endianness === 'big';
  const numShards = Math.max(1, header.num_shards);
  const tensors: TensorOp[] = [];
  // Each value stays in its shard, in the order it was stored.
  const ordered = [...keyMap.keys()]
    .map((k) => input.entries.get(k)!)
    .filter((e) => e !== undefined)
    .sort((a, b) => a.entry.shard_id - b.entry.shard_id || a.entry.offset - b.entry.offset);
  for (const e of ordered) {
    tensors.push({
      key: keyMap.get(e.key)!,
      shard: e.entry.shard_id,
      source: { kind: 'input', from: sourceOf(input, e), castTo: casts.get(e.key) ?? null },
    });
    if (!casts.has(e.key)) plan.counts.copied++;
  }
  if (graph) {
    // Values in the graph that no input tensor feeds: the save counter of a TF1 -> TF2 rewrite.
    const fed = new Set(tensors.map((t) => t.key));
    for (const node of graph.nodes) {
      for (const a of node.attributes) {
        if (fed.has(a.checkpoint_key)) continue;
        if (a.full_name !== 'save_counter') throw new Error(`no value for ${a.checkpoint_key}`);
        const data = new Uint8Array(8);
        data[bigEndian ? 7 : 0] = 1;
        tensors.push({ key: a.checkpoint_key, shard: 0, source: { kind: 'bytes', dtype: 9, shape: [], data } });
      }
    }
    const shard = input.graphEntry?.entry.shard_id ?? 0;
    if (graphChanged) {
      tensors.push({ key: OBJECT_GRAPH_KEY, shard, source: { kind: 'bytes', dtype: 7, shape: [], strings: [encodeGraph(graph)] } });
    } else if (input.graphEntry) {
      tensors.push({ key: OBJECT_GRAPH_KEY, shard, source: { kind: 'input', from: sourceOf(input, input.graphEntry), castTo: null } });
    }
  }
  plan.program = {
    type: 'checkpoint',
    prefix: name,
    numShards,
    bigEndian,
    tensors,
    stateFile: stateFileText(name),
    copies: [],
  };
  for (let s = 0; s < numShards; s++) plan.outputs.push({ path: dataFileName(name, s, numShards), bytes: null, what: `data shard ${s}` });
  plan.outputs.push({ path: indexFileName(name), bytes: null, what: 'index' });
  plan.outputs.push({ path: 'checkpoint', bytes: null, what: `state file naming ${name}` });
  plan.load = loadSnippet(graph, name, ask, options.outLabel);
  plan.summary = summarize(plan);
}

function sourceOf(input: Input, e: IndexedEntry): TensorSource {
  const header = input.bundle.header;
  return {
    file: dataFileName(input.prefix, e.entry.shard_id, header.num_shards),
    offset: e.entry.offset,
    size: e.entry.size,
    crc32c: e.entry.crc32c,
    dtype: e.entry.dtype,
    shape: e.entry.shape,
    bigEndian: header.endianness === 'big',
  };
}

function loadSnippet(graph: ObjectGraph | null, name: string, ask: RepairAsk, out: string): string {
  const path = `${out}/${name}`;
  if (!graph) {
    return [
      'import tensorflow as tf',
      '',
      '# Build the TF1 graph as the loading code does, then:',
      'saver = tf.compat.v1.train.Saver()',
      'with tf.compat.v1.Session() as sess:',
      `    saver.restore(sess, ${JSON.stringify(path)})`,
    ].join('\n');
  }
  const roots = (graph.nodes[0]?.children ?? []).map((c) => c.name).filter((n) => n !== 'save_counter');
  const args = roots.map((r) => `${r}=${/^[A-Za-z_]\w*$/.test(r) ? r : '...'}`).join(', ');
  return [
    'import tensorflow as tf',
    '',
    `# ${roots.join(', ') || 'the objects'}: built as the loading code builds ${roots.length === 1 ? 'it' : 'them'}${ask.dropOptimizer ? '' : roots.includes('optimizer') ? ' (build the optimizer first: optimizer.build(model.trainable_variables))' : ''}`,
    `status = tf.train.Checkpoint(${args}).restore(tf.train.latest_checkpoint(${JSON.stringify(out)}))`,
    'status.assert_consumed()',
  ].join('\n');
}

/**
 * An interrupted sharded save: `<prefix>_temp/part-NNNNN-of-MMMMM` bundles that were never merged.
 * When every part is there and every tensor verifies, the merge TensorFlow did not get to do
 * (MergeV2Checkpoints) is exact: data shards are copied as they are, the indexes are joined with
 * shard ids offset, as MergeV2Checkpoints does.
 */
async function planMerge(
  files: FileSet,
  result: CheckResult,
  first: string,
  temp: RegExpExecArray,
  ask: RepairAsk,
  plan: RepairPlan,
  options: CheckpointPlanOptions,
): Promise<RepairPlan> {
  const base = temp[1]!;
  const count = Number(temp[3]);
  const dir = first.slice(0, first.lastIndexOf('/part-'));
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(`${dir}/part-${String(i).padStart(5, '0')}-of-${String(count).padStart(5, '0')}`);
  const absent = parts.filter((p) => !findFile(files, indexFileName(p)));
  if (absent.length > 0) {
    plan.refused.push(
      `the interrupted save wrote ${count} parts; ${absent.map(indexFileName).join(', ')} ${absent.length === 1 ? 'is' : 'are'} missing, so the merged checkpoint would lack their tensors`,
    );
    return plan;
  }
  if (ask.cast || ask.dropOptimizer || Object.keys(ask.renames ?? {}).length > 0) {
    plan.warnings.push(
      'The merge is done alone: run repair again on the merged checkpoint for renames, casts or dropping optimizer state.',
    );
  }
  refuseDamaged(result.verify, parts, plan);
  const inputs: Input[] = [];
  for (const p of parts) {
    const input = await readInput(files, p, plan);
    if (input) inputs.push(input);
  }
  if (plan.refused.length > 0) return plan;
  if (inputs.some((i) => i.bundle.entries.some((e) => e.entry.slices.length > 0))) {
    plan.refused.push('the parts hold partitioned variables (slices); repair does not merge those');
    return plan;
  }
  const endianness = new Set(inputs.map((i) => i.bundle.header.endianness));
  if (endianness.size > 1) {
    plan.refused.push('the parts disagree on byte order');
    return plan;
  }
  const name = baseName(base);
  const total = inputs.reduce((n, i) => n + Math.max(1, i.bundle.header.num_shards), 0);
  const tensors: TensorOp[] = [];
  const seen = new Map<string, string>();
  let shardBase = 0;
  for (const input of inputs) {
    const ordered = [...input.entries.values()].sort((a, b) => a.entry.shard_id - b.entry.shard_id || a.entry.offset - b.entry.offset);
    for (const e of ordered) {
      const other = seen.get(e.key);
      if (other) {
        plan.refused.push(`"${e.key}" is in both ${other} and ${input.prefix}: the parts do not belong to one save`);
        continue;
      }
      seen.set(e.key, input.prefix);
      tensors.push({ key: e.key, shard: shardBase + e.entry.shard_id, source: { kind: 'input', from: sourceOf(input, e), castTo: null } });
      if (e.key !== OBJECT_GRAPH_KEY) plan.counts.copied++;
    }
    shardBase += Math.max(1, input.bundle.header.num_shards);
  }
  if (plan.refused.length > 0) return plan;
  const objectBased = seen.has(OBJECT_GRAPH_KEY);
  plan.steps.push({
    kind: 'merge-shards',
    title: `merge the ${count} part${count === 1 ? '' : 's'} of an interrupted save into ${name} (${plan.counts.copied} tensors)`,
    detail: `TensorFlow writes a sharded save as ${dir}/part-* and merges them into ${name}.index and its data shards at the end (MergeV2Checkpoints); this save stopped before the merge. Every part is present, so the merge is exact: each data shard is copied byte for byte (each tensor verified against its checksum) and the part indexes are joined with their shard numbers offset.${objectBased ? '' : ' The parts hold no object graph (the values were saved by name), so the merged checkpoint is name-based.'}`,
    items: parts.map((p, i) => {
      const first = inputs.slice(0, i).reduce((n, x) => n + Math.max(1, x.bundle.header.num_shards), 0);
      const count = Math.max(1, inputs[i]!.bundle.header.num_shards);
      return { from: p, to: count === 1 ? `${name} data shard ${first}` : `${name} data shards ${first}-${first + count - 1}`, note: null };
    }),
  });
  plan.steps.push({
    kind: 'state-file',
    title: 'write the `checkpoint` state file',
    detail: `The interrupted save never wrote one; the output's state file names "${name}" relatively, so tf.train.latest_checkpoint(<folder>) finds it.`,
    items: [{ from: '(no state file)', to: name, note: null }],
  });
  plan.program = {
    type: 'checkpoint',
    prefix: name,
    numShards: total,
    bigEndian: endianness.has('big'),
    tensors,
    stateFile: stateFileText(name),
    copies: [],
  };
  for (let s = 0; s < total; s++) plan.outputs.push({ path: dataFileName(name, s, total), bytes: null, what: `data shard ${s}` });
  plan.outputs.push({ path: indexFileName(name), bytes: null, what: 'index' });
  plan.outputs.push({ path: 'checkpoint', bytes: null, what: `state file naming ${name}` });
  plan.load = objectBased
    ? [
        'import tensorflow as tf',
        '',
        '# model: built as the loading code builds it',
        `tf.train.Checkpoint(model=model).restore(tf.train.latest_checkpoint(${JSON.stringify(options.outLabel)})).assert_consumed()`,
      ].join('\n')
    : [
        'import tensorflow as tf',
        '',
        `reader = tf.train.load_checkpoint(tf.train.latest_checkpoint(${JSON.stringify(options.outLabel)}))`,
        '# the values were saved by name: read them by name (reader.get_tensor(name)), or run repair with --expect to write them object-based',
      ].join('\n');
  plan.summary = summarize(plan);
  return plan;
}
