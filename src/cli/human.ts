/** Human output: short, aligned, every finding with its guide URL. */
import type { VerifyReport } from '../lib/formats/checkpoint/index.ts';
import type { ModelFacts } from '../lib/facts.ts';
import type { ModelDiff } from '../lib/diff/index.ts';
import type { Finding } from '../lib/rules/finding.ts';
import type { TriageResult } from '../lib/triage/index.ts';
import { formatBytes } from '../lib/units.ts';

/** Guide links point at the public site. */
const SITE = process.env.DOCTOR_SITE_URL ?? 'https://tf-restore-doctor.example';

const out = (line = '') => process.stdout.write(`${line}\n`);

function row(label: string, value: string): void {
  out(`  ${label.padEnd(14)} ${value}`);
}

export function printFacts(facts: ModelFacts): void {
  for (const a of facts.artifacts) out(`${a.format.padEnd(13)} ${a.path || '.'}  ${a.summary}`);
  const p = facts.producer;
  const versions = [
    p.tensorflow && `TensorFlow ${p.tensorflow}`,
    p.keras && `Keras ${p.keras}`,
    p.backend && `backend ${p.backend}`,
    p.graph_def_producer != null && `GraphDef producer ${p.graph_def_producer}`,
  ].filter(Boolean);
  out();
  row('saved by', versions.length ? versions.join(', ') : 'not recorded');
  const bytes = facts.variables.reduce((sum, v) => sum + (v.bytes ?? 0), 0);
  row('variables', `${facts.variables.length} (${formatBytes(bytes)})`);
  if (facts.ops.length) row('ops', `${facts.ops.length} types`);
  if (facts.signatures.length) row('signatures', facts.signatures.map((s) => s.key).join(', '));
  if (facts.layers.length) row('layers', `${facts.layers.length}`);
  if (facts.custom_objects.length) row('custom', facts.custom_objects.map((c) => c.registered_name ?? c.class_name).join(', '));
  for (const m of facts.missing) row('missing', `${m.path}: ${m.fix}`);
  for (const l of facts.leftovers) row('leftover', l);
  for (const e of facts.problems) row('unreadable', e.message);
}

export function printFindings(findings: readonly Finding[]): void {
  out();
  if (findings.length === 0) {
    out('No problems found.');
    return;
  }
  for (const f of findings) {
    out(`${f.severity.toUpperCase().padEnd(7)} ${f.failure}: ${f.title}`);
    for (const line of f.detail.split('\n')) out(`        ${line}`);
    for (const e of f.evidence.slice(0, 5)) {
      const where = [e.file, e.key, e.bytes].filter(Boolean).join(' · ');
      out(`        evidence: ${[where, e.text].filter(Boolean).join(' — ')}`);
    }
    if (f.evidence.length > 5) out(`        … and ${f.evidence.length - 5} more`);
    out(`        guide: ${SITE}${f.url}`);
  }
}

export function printDiff(diff: ModelDiff): void {
  const list = (label: string, items: readonly unknown[]) => {
    if (items.length) out(`${label} (${items.length})`);
    for (const item of items.slice(0, 50)) out(`  ${describe(item)}`);
    if (items.length > 50) out(`  … and ${items.length - 50} more`);
  };
  out(`matched ${diff.matched.length}`);
  list('renamed', diff.renamed);
  list('reshaped', diff.reshaped);
  list('missing (expected, not saved)', diff.missing);
  list('extra (saved, not expected)', diff.extra);
}

function describe(item: unknown): string {
  if (typeof item === 'string') return item;
  if (item && typeof item === 'object') {
    const o = item as Record<string, unknown>;
    if ('from' in o && 'to' in o) return `${String(o.from)} → ${String(o.to)}`;
    if ('saved_shape' in o)
      return `${String(o.name)}: saved ${JSON.stringify(o.saved_shape)} vs expected ${JSON.stringify(o.expected_shape)}`;
    if ('name' in o) return `${String(o.name)}${o.shape ? ` ${JSON.stringify(o.shape)}` : ''}`;
  }
  return JSON.stringify(item);
}

export function printVerify(prefix: string, report: VerifyReport): void {
  out(`${prefix}: ${report.tensors} tensors, ${formatBytes(report.bytes)} — ${report.ok ? 'all checksums match' : 'DAMAGED'}`);
  for (const s of report.missing_shards) out(`  missing shard ${s}`);
  for (const s of report.short_shards) out(`  short shard ${s.file}: ${s.size} bytes, index needs ${s.needed}`);
  for (const b of report.bad) out(`  checksum mismatch ${b.name} in ${b.file} bytes ${b.offset}..${b.offset + b.size}`);
}

export function printTriage(result: TriageResult): void {
  if (result.matches.length === 0) {
    out(`No known failure matched. Try the guides index: ${SITE}/failures/`);
    return;
  }
  for (const m of result.matches) {
    out(`${m.score.toFixed(2)}  ${m.failure.padEnd(27)} ${SITE}/failures/${m.failure}/`);
    out(`      matched: ${m.line.trim().slice(0, 160)}`);
    const names = Object.entries(m.extracted).map(([k, v]) => `${k}=${v}`);
    if (names.length) out(`      names:   ${names.join(', ')}`);
  }
}
