/**
 * What was saved vs. what the loading code expects, weight by weight.
 *
 * Matching, in order (names compared after `normalizeName`, see normalize.ts):
 *  1. same normalised name;
 *  2. same name up to a root prefix (`model/dense/kernel` ~ `dense/kernel`), when unique;
 *  3. renamed: the rest is paired by equal shape, best name similarity first (a pair whose
 *     dtypes differ scores lower and is reported as `retyped`), same leaf (`kernel` with `kernel`) required when both leaves are names,
 *     position in the list as tie-break. A pair whose saved key names weights by position
 *     (`_operations/1`, `layer_with_weights-0`) is a naming-scheme difference, not a user
 *     rename: it is marked `positional`.
 * Pairs matched by name whose shapes differ are `reshaped`; whose dtypes differ, `retyped`.
 * Leftovers are `missing` (expected, not saved) and `extra` (saved, not expected), the latter
 * tagged model / optimizer / bookkeeping. A saved TF2 value is known by every object path that
 * reaches it (aliases.ts), not only by the key it is stored under.
 */
import type { ExpectedModel } from '../context/types.ts';
import { OBJECT_GRAPH_KEY, type ModelFacts } from '../facts.ts';
import { checkpointKeyAliases } from './aliases.ts';
import { isPositional, leafOf, nameSimilarity, normalizeName, ownerOf, suffixMatch, valueKind, type ValueKind } from './normalize.ts';

export { normalizeName, valueKind, isPositional, nameSimilarity, type ValueKind } from './normalize.ts';
export { renameSnippet, renameMap } from './rename-snippet.ts';
export { checkpointKeyAliases } from './aliases.ts';

export interface DiffEntry {
  name: string;
  shape: number[] | null;
  dtype: string | null;
}

export interface ModelDiff {
  matched: { saved: string; expected: string; shape: number[] | null; dtype: string | null }[];
  renamed: { from: string; to: string; shape: number[] | null; dtype: string | null; score: number; positional: boolean }[];
  missing: DiffEntry[];
  extra: (DiffEntry & { kind: ValueKind })[];
  reshaped: { name: string; saved_name: string; saved_shape: number[] | null; expected_shape: number[] | null }[];
  retyped: { name: string; saved_name: string; saved_dtype: string | null; expected_dtype: string | null }[];
}

interface Side extends DiffEntry {
  norm: string;
  /** Normalised names of every object path that reaches this value (TF2 object graph). */
  aliases: string[];
  index: number;
}

/** Below this a same-shape pair is not called a rename (it may be two unrelated weights). */
const MIN_RENAME_SCORE = 0.55;

export function diffModels(saved: ModelFacts, expected: ExpectedModel): ModelDiff {
  const aliases = checkpointKeyAliases(saved.object_graph);
  const savedSide: Side[] = saved.variables
    .filter((v) => v.name !== OBJECT_GRAPH_KEY)
    .map((v, index) => {
      const norm = normalizeName(v.name);
      const others = (aliases.get(v.name) ?? []).map(normalizeName).filter((a) => a !== norm);
      return { name: v.name, shape: [...v.shape], dtype: v.dtype, norm, aliases: [norm, ...others], index };
    });
  const expectedSide: Side[] = expected.variables
    .filter((v) => v.name !== OBJECT_GRAPH_KEY)
    .map((v, index) => ({
      name: v.name,
      shape: v.shape,
      dtype: v.dtype,
      norm: normalizeName(v.name),
      aliases: [normalizeName(v.name)],
      index,
    }));
  return diffSides(savedSide, expectedSide);
}

function sameShape(a: number[] | null, b: number[] | null): boolean | null {
  if (a === null || b === null) return null;
  return a.length === b.length && a.every((d, i) => d === b[i] || d === -1 || b[i] === -1);
}

function sameDtype(a: string | null, b: string | null): boolean | null {
  if (a === null || b === null) return null;
  return a === b;
}

function diffSides(saved: Side[], expected: Side[]): ModelDiff {
  const out: ModelDiff = { matched: [], renamed: [], missing: [], extra: [], reshaped: [], retyped: [] };
  const usedSaved = new Set<Side>();
  const usedExpected = new Set<Side>();

  const pairByName = (s: Side, e: Side) => {
    usedSaved.add(s);
    usedExpected.add(e);
    if (sameShape(s.shape, e.shape) === false) {
      out.reshaped.push({ name: e.name, saved_name: s.name, saved_shape: s.shape, expected_shape: e.shape });
    } else if (sameDtype(s.dtype, e.dtype) === false) {
      out.retyped.push({ name: e.name, saved_name: s.name, saved_dtype: s.dtype, expected_dtype: e.dtype });
    } else {
      out.matched.push({ saved: s.name, expected: e.name, shape: s.shape ?? e.shape, dtype: s.dtype ?? e.dtype });
    }
  };

  // 1. exact normalised names.
  const byNorm = new Map<string, Side[]>();
  for (const s of saved) for (const a of s.aliases) byNorm.set(a, [...(byNorm.get(a) ?? []), s]);
  for (const e of expected) {
    const s = byNorm.get(e.norm)?.find((c) => !usedSaved.has(c));
    if (s) pairByName(s, e);
  }
  // 2. whole-segment suffix, only when exactly one candidate on each side.
  for (const e of expected) {
    if (usedExpected.has(e)) continue;
    const candidates = saved.filter((s) => !usedSaved.has(s) && s.aliases.some((a) => suffixMatch(a, e.norm)));
    if (candidates.length !== 1) continue;
    const s = candidates[0]!;
    const rivals = expected.filter((o) => !usedExpected.has(o) && s.aliases.some((a) => suffixMatch(a, o.norm)));
    if (rivals.length === 1) pairByName(s, e);
  }
  // 3. renames by shape, dtype and name similarity.
  const options: { s: Side; e: Side; score: number }[] = [];
  const restSaved = saved.filter((s) => !usedSaved.has(s));
  const restExpected = expected.filter((e) => !usedExpected.has(e));
  for (const e of restExpected) {
    for (const s of restSaved) {
      if (sameShape(s.shape, e.shape) !== true) continue;
      if (sideKind(s) !== valueKind(e.name)) continue;
      const sName = bestAlias(s, e);
      const positional = isPositional(sName) || isPositional(e.name);
      const ls = leafOf(sName);
      const le = leafOf(e.norm);
      if (!positional && /[a-z]/i.test(ls) && /[a-z]/i.test(le) && ls !== le) continue;
      const similarity = nameSimilarity(ownerOf(sName), ownerOf(e.norm));
      // Relative position in each list: weights are saved and built in layer order.
      const position = 1 - Math.abs(s.index / Math.max(1, saved.length) - e.index / Math.max(1, expected.length));
      // Another dtype lowers the score: the pair is reported as retyped, not renamed.
      const dtypePenalty = sameDtype(s.dtype, e.dtype) === false ? 0.1 : 0;
      const score = (positional ? 0.6 + 0.4 * position : 0.4 + 0.45 * similarity + 0.15 * position) - dtypePenalty;
      if (score >= MIN_RENAME_SCORE) options.push({ s, e, score });
    }
  }
  options.sort((a, b) => b.score - a.score || a.e.index - b.e.index);
  for (const { s, e, score } of options) {
    if (usedSaved.has(s) || usedExpected.has(e)) continue;
    usedSaved.add(s);
    usedExpected.add(e);
    const sName = bestAlias(s, e);
    if (sameDtype(s.dtype, e.dtype) === false) {
      out.retyped.push({ name: e.name, saved_name: s.name, saved_dtype: s.dtype, expected_dtype: e.dtype });
      continue;
    }
    out.renamed.push({
      from: s.name,
      to: e.name,
      shape: s.shape,
      dtype: s.dtype ?? e.dtype,
      score: Math.round(score * 100) / 100,
      positional: isPositional(sName) || isPositional(e.name),
    });
  }
  for (const e of expected) if (!usedExpected.has(e)) out.missing.push({ name: e.name, shape: e.shape, dtype: e.dtype });
  for (const s of saved) if (!usedSaved.has(s)) out.extra.push({ name: s.name, shape: s.shape, dtype: s.dtype, kind: sideKind(s) });
  return out;
}

/** A value reachable from the model is a model value, even when stored under the optimizer. */
function sideKind(s: Side): ValueKind {
  const kinds = s.aliases.map(valueKind);
  if (kinds.includes('model')) return 'model';
  return kinds.includes('optimizer') ? 'optimizer' : valueKind(s.name);
}

/** The saved name most like the expected one: a named path beats a positional one. */
function bestAlias(s: Side, e: Side): string {
  let best = s.norm;
  let bestScore = -1;
  for (const a of s.aliases) {
    const score = (isPositional(a) ? 0 : 1) + nameSimilarity(ownerOf(a), ownerOf(e.norm));
    if (score > bestScore) {
      best = a;
      bestScore = score;
    }
  }
  return best;
}
