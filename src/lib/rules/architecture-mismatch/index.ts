/**
 * architecture-mismatch: the expected model's layers differ in type, count or units, seen as
 * shape or count differences, per layer:
 *  - weights matched by name whose shapes differ (Dense(8) saved, Dense(16) expected);
 *  - both sides with unmatched model weights (layers added and removed);
 *  - model.summary() parameter counts per layer vs. the saved weights of that layer.
 * One-sided leftovers (only extra, only missing) are partial-restore's business.
 */
import type { Context, ExpectedLayer } from '../../context/types.ts';
import { diffModels, normalizeName } from '../../diff/index.ts';
import type { ModelFacts } from '../../facts.ts';
import { evidence, report, type Finding } from '../finding.ts';
import { loaderKind, modelWeights, shapeText } from '../support.ts';
import { valueKind } from '../../diff/normalize.ts';
import { messages } from './messages.ts';

export function architectureMismatch(facts: ModelFacts, ctx: Context): Finding[] {
  if (!ctx.expected) return [];
  const out: Finding[] = [];
  if (ctx.expected.variables.length > 0) out.push(...fromVariables(facts, ctx));
  if (ctx.expected.layers.some((l) => l.params !== null)) out.push(...fromSummary(facts, ctx.expected.layers));
  return out;
}

function layerOf(key: string): string {
  const n = normalizeName(key).split('/');
  return n.slice(0, -1).join('/') || n[0]!;
}

function fromVariables(facts: ModelFacts, ctx: Context): Finding[] {
  const diff = diffModels(facts, ctx.expected!);
  const out: Finding[] = [];
  const byLayer = new Map<string, typeof diff.reshaped>();
  for (const r of diff.reshaped) byLayer.set(layerOf(r.saved_name), [...(byLayer.get(layerOf(r.saved_name)) ?? []), r]);
  for (const [layer, rows] of byLayer) {
    out.push(
      report(
        messages.layerReshaped,
        {
          layer,
          weights: rows.map((r) => ({ leaf: leaf(r.name), saved: r.saved_shape, expected: r.expected_shape })),
          tf1Saver: loaderKind(ctx.loader) === 'tf1_saver',
        },
        {
          severity: 'error',
          evidence: rows.map((r) =>
            evidence({
              file: facts.variables.find((v) => v.name === r.saved_name)?.file ?? null,
              key: r.saved_name,
              text: `saved ${shapeText(r.saved_shape)} vs expected ${shapeText(r.expected_shape)} (${r.name})`,
            }),
          ),
          confidence: 'certain',
        },
      ),
    );
  }
  const extraModel = diff.extra.filter((e) => e.kind === 'model');
  const missingModel = diff.missing.filter((m) => valueKind(m.name) === 'model');
  if (extraModel.length > 0 && missingModel.length > 0) {
    out.push(
      report(
        messages.layersDiffer,
        { extra: extraModel.length, missing: missingModel.length },
        {
          severity: 'error',
          evidence: [
            ...extraModel.slice(0, 6).map((e) => evidence({ key: e.name, text: `saved only: ${e.dtype ?? '?'} ${shapeText(e.shape)}` })),
            ...missingModel
              .slice(0, 6)
              .map((m) => evidence({ key: m.name, text: `expected only: ${m.dtype ?? '?'} ${shapeText(m.shape)}` })),
          ],
          confidence: 'likely',
        },
      ),
    );
  }
  return out;
}

function leaf(name: string): string {
  const n = normalizeName(name);
  return n.slice(n.lastIndexOf('/') + 1);
}

/** Per layer parameter counts from model.summary() vs. the saved weights grouped by layer name. */
function fromSummary(facts: ModelFacts, layers: readonly ExpectedLayer[]): Finding[] {
  const saved = new Map<string, number>();
  for (const v of modelWeights(facts)) {
    const segments = normalizeName(v.name).split('/');
    const count = v.shape.reduce((a, d) => a * Math.max(d, 0), 1);
    // Attribute a weight to every segment of its path, so `model/dense_1/kernel` counts for dense_1.
    for (const s of new Set(segments.slice(0, -1))) saved.set(s, (saved.get(s) ?? 0) + count);
  }
  const out: Finding[] = [];
  const rows: string[] = [];
  for (const l of layers) {
    if (l.params === null || l.params === 0) continue;
    const have = saved.get(l.name);
    if (have === undefined || have === l.params) continue;
    rows.push(`${l.name} (${l.class_name ?? '?'}): ${l.params} expected, ${have} saved`);
  }
  if (rows.length > 0) {
    out.push(
      report(
        messages.parameterCounts,
        { rows },
        {
          severity: 'error',
          evidence: rows.map((r) => evidence({ text: r })),
          confidence: 'certain',
        },
      ),
    );
  }
  const expectedTotal = layers.reduce((a, l) => a + (l.params ?? 0), 0);
  const savedTotal = modelWeights(facts).reduce((a, v) => a + v.shape.reduce((x, d) => x * Math.max(d, 0), 1), 0);
  if (rows.length === 0 && expectedTotal > 0 && savedTotal > 0 && expectedTotal !== savedTotal) {
    out.push(
      report(
        messages.totalParameters,
        { expected: expectedTotal, saved: savedTotal },
        {
          severity: 'warning',
          evidence: [evidence({ text: `summary total ${expectedTotal}; saved model weights ${savedTotal}` })],
          confidence: 'likely',
        },
      ),
    );
  }
  return out;
}
