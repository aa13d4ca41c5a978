/**
 * corrupted-checkpoint: what the decoders could not read (facts.problems), companion files that
 * are missing (data shards, variables/), interrupted-save leftovers, and — when verification ran
 * (ctx.verify, one report per checkpoint) — checksum failures and data shards shorter than the index says.
 */
import type { Context } from '../../context/types.ts';
import type { ModelFacts } from '../../facts.ts';
import { evidence, report, type Finding } from '../finding.ts';
import { hex32 } from '../../binary/hex.ts';
import { messages } from './messages.ts';

export function corruptedCheckpoint(facts: ModelFacts, ctx: Context): Finding[] {
  const out: Finding[] = [];
  for (const p of facts.problems) {
    out.push(
      report(
        p.code === 'unsafe' ? messages.unsafe : messages.unreadable,
        { file: p.file, what: p.what, hint: p.hint },
        {
          severity: 'error',
          evidence: [evidence({ file: p.file, bytes: p.offset !== null ? `offset ${p.offset}` : null, text: p.what })],
          confidence: 'certain',
        },
      ),
    );
  }
  for (const m of facts.missing) {
    out.push(
      report(
        messages.missingFile,
        { path: m.path, why: m.why, fix: m.fix },
        {
          severity: 'error',
          evidence: [evidence({ file: m.path, text: m.why })],
          confidence: 'certain',
        },
      ),
    );
  }
  if (facts.leftovers.length > 0) {
    const leftover = new Set(facts.leftovers);
    const complete = facts.artifacts.filter(
      (a) => (a.format === 'checkpoint' || a.format === 'checkpoint_v1') && !a.files.every((f) => leftover.has(f)),
    );
    const onlyPartial = complete.length === 0;
    const pieces = facts.leftovers.map((f) => evidence({ file: f }));
    out.push(
      onlyPartial
        ? report(messages.onlyInterruptedSave, {}, { severity: 'error', evidence: pieces, confidence: 'likely' })
        : report(
            messages.interruptedSaveLeftovers,
            { leftovers: facts.leftovers.length, complete: complete.map((a) => a.path) },
            { severity: 'warning', evidence: pieces, confidence: 'likely' },
          ),
    );
  }
  for (const { report: v } of ctx.verify ?? []) {
    // A tensor cut off by a short shard never reaches TF's checksum test: it fails with "Read
    // less bytes than requested", which the short-shard finding below says.
    const short = new Set(v.short_shards.map((s) => s.file));
    for (const bad of v.bad) {
      if (bad.actual === null && short.has(bad.file)) continue;
      out.push(
        report(
          messages.checksumMismatch,
          { name: bad.name, shard: bad.shard, problem: bad.problem, expected: bad.expected, actual: bad.actual },
          {
            severity: 'error',
            evidence: [
              evidence({
                file: bad.file,
                key: bad.name,
                bytes: `offset ${bad.offset}, ${bad.size} bytes`,
                text: `crc32c expected ${hex32(bad.expected)}${bad.actual !== null ? `, actual ${hex32(bad.actual)}` : ''}`,
              }),
            ],
            confidence: 'certain',
          },
        ),
      );
    }
    for (const s of v.short_shards) {
      out.push(
        report(
          messages.shortShard,
          { file: s.file, size: s.size, needed: s.needed },
          {
            severity: 'error',
            evidence: [evidence({ file: s.file, bytes: `${s.size} bytes present, ${s.needed} needed`, text: 'short data shard' })],
            confidence: 'certain',
          },
        ),
      );
    }
    for (const m of v.missing_shards) {
      if (facts.missing.some((x) => x.path === m)) continue;
      out.push(report(messages.missingShard, { file: m }, { severity: 'error', evidence: [evidence({ file: m })], confidence: 'certain' }));
    }
  }
  return out;
}
