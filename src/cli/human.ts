/** Human output: short, aligned, every finding with its guide URL, every line terminal-safe. */
import type { VerifyEntry } from '../lib/context/types.ts';
import type { ModelDiff } from '../lib/diff/index.ts';
import type { CheckReport, FactsJson } from '../lib/report.ts';
import type { Finding } from '../lib/rules/finding.ts';
import type { TriageResult } from '../lib/triage/index.ts';
import { formatBytes } from '../lib/units.ts';
import { terminalSafe } from './terminal-text.ts';

export type Print = (line?: string) => void;

export function printer(write: (text: string) => void): Print {
  return (line = '') => write(`${terminalSafe(line)}\n`);
}

function row(print: Print, label: string, value: string): void {
  print(`  ${label.padEnd(14)} ${value}`);
}

export function printFacts(print: Print, facts: FactsJson): void {
  for (const a of facts.artifacts) print(`${a.format.padEnd(13)} ${a.path || '.'}  ${a.summary}`);
  const p = facts.producer;
  const versions = [
    p.tensorflow && `TensorFlow ${p.tensorflow}`,
    p.keras && `Keras ${p.keras}`,
    p.backend && `backend ${p.backend}`,
    p.graph_def_producer != null && `GraphDef producer ${p.graph_def_producer}`,
  ].filter(Boolean);
  print();
  row(print, 'saved by', versions.length ? versions.join(', ') : 'not recorded');
  const bytes = facts.variables.reduce((sum, v) => sum + (v.bytes ?? 0), 0);
  row(print, 'variables', `${facts.variables.length} (${formatBytes(bytes)})`);
  if (facts.ops.length) row(print, 'ops', `${facts.ops.length} types`);
  if (facts.signatures.length) row(print, 'signatures', facts.signatures.map((s) => s.key).join(', '));
  if (facts.layers.length) row(print, 'layers', `${facts.layers.length}`);
  if (facts.custom_objects.length) row(print, 'custom', facts.custom_objects.map((c) => c.registered_name ?? c.class_name).join(', '));
  for (const m of facts.missing) row(print, 'missing', `${m.path}: ${m.fix}`);
  for (const l of facts.leftovers) row(print, 'leftover', l);
  for (const e of facts.problems) row(print, 'unreadable', e.message);
}

/** Says whether checksums were checked, so "No problems found" never hides a skipped check. */
export function printVerifySummary(print: Print, verify: VerifyEntry[] | null): void {
  if (verify === null) {
    row(print, 'checksums', 'not verified (--no-verify)');
    return;
  }
  if (verify.length === 0) {
    row(print, 'checksums', 'no checkpoint data to verify');
    return;
  }
  for (const { prefix, report } of verify) {
    const state = report.ok
      ? 'all match'
      : `DAMAGED: ${[
          report.bad_count && `${report.bad_count} tensor(s) fail`,
          report.missing_shard_count && `${report.missing_shard_count} shard(s) missing`,
          report.short_shards.length && `${report.short_shards.length} shard(s) short`,
        ]
          .filter(Boolean)
          .join(', ')}`;
    row(print, 'checksums', `${prefix}: ${report.tensors} tensors, ${formatBytes(report.bytes)} read — ${state}`);
  }
}

export function printFindings(print: Print, findings: readonly Finding[], site: string): void {
  print();
  if (findings.length === 0) {
    print('No problems found.');
    return;
  }
  for (const f of findings) {
    print(`${f.severity.toUpperCase().padEnd(7)} ${f.failure}: ${f.title}`);
    for (const line of f.detail.split('\n')) print(`        ${line}`);
    for (const e of f.evidence.slice(0, 5)) {
      const where = [e.file, e.key, e.bytes].filter(Boolean).join(' · ');
      print(`        evidence: ${[where, e.text].filter(Boolean).join(' — ')}`);
    }
    if (f.evidence.length > 5) print(`        … and ${f.evidence.length - 5} more`);
    print(`        guide: ${site}${f.url}`);
  }
}

export function printReport(print: Print, report: CheckReport, site: string): void {
  printFacts(print, report.facts);
  printVerifySummary(print, report.verify);
  if (report.diff) {
    print();
    printDiff(print, report.diff);
  }
  printFindings(print, report.findings, site);
}

export function printDiff(print: Print, diff: ModelDiff): void {
  const list = (label: string, items: readonly unknown[]) => {
    if (items.length) print(`${label} (${items.length})`);
    for (const item of items.slice(0, 50)) print(`  ${describe(item)}`);
    if (items.length > 50) print(`  … and ${items.length - 50} more`);
  };
  print(`matched ${diff.matched.length}`);
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

export function printVerify(print: Print, verify: readonly VerifyEntry[]): void {
  for (const { prefix, report } of verify) {
    print(`${prefix}: ${report.tensors} tensors, ${formatBytes(report.bytes)} — ${report.ok ? 'all checksums match' : 'DAMAGED'}`);
    for (const s of report.missing_shards) print(`  missing shard ${s}`);
    for (const s of report.short_shards) print(`  short shard ${s.file}: ${s.size} bytes, index needs ${s.needed}`);
    for (const b of report.bad) print(`  checksum mismatch ${b.name} in ${b.file} bytes ${b.offset}..${b.offset + b.size}`);
    if (report.bad_count > report.bad.length) print(`  ... and ${report.bad_count - report.bad.length} more tensors that fail`);
  }
}

export function printTriage(print: Print, result: TriageResult, site: string): void {
  const a = result.answer;
  const lines = (ls: readonly { line: number; text: string; why: string }[]): void => {
    for (const l of ls) print(`  line ${String(l.line).padEnd(4)} ${l.why}: ${l.text.trim().slice(0, 140)}`);
  };
  switch (a.kind) {
    case 'failure':
      print(`${a.confident ? 'Most likely' : 'Possibly'}: ${a.failure}  ${site}/failures/${a.failure}/`);
      print(`  ${a.top.why}`);
      lines(a.top.lines);
      print(`  explained in: ${site}${a.top.guide.url}`);
      if (a.runner_up) print(`Close second: ${a.runner_up.failure}  ${site}${a.runner_up.guide.url}`);
      break;
    case 'page':
      print(`A question, not a failure: ${site}${a.url}`);
      print(`  ${a.why}`);
      lines(a.lines);
      break;
    case 'restore-finished':
    case 'not-restore':
      print(a.kind === 'not-restore' ? `Not a restore failure: ${a.cause}` : 'The restore finished; it is not what stalls.');
      print(`  ${a.why}`);
      lines(a.lines);
      break;
    case 'nothing':
      print(`No known failure matched. Drop these on the checker (${site}${a.checker}):`);
      for (const d of a.drop) print(`  ${d}`);
      return;
  }
  if (result.matches.length) {
    print();
    print('All candidates:');
  }
  for (const m of result.matches) {
    print(`${m.score.toFixed(2)}  ${m.failure.padEnd(27)} ${site}/failures/${m.failure}/`);
    print(`      matched: ${m.line.trim().slice(0, 160)}`);
    const names = Object.entries(m.extracted).map(([k, v]) => `${k}=${v}`);
    if (names.length) print(`      names:   ${names.join(', ')}`);
  }
}
