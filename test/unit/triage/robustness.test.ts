/**
 * Hostile or huge input must come back quickly: input is clipped, lines are clipped, patterns
 * see bounded segments. Also records how long one ordinary traceback takes.
 *
 * Times are CPU time of this process (user + system), not wall time: on a shared machine wall
 * time mostly measures the other processes, and these limits are about triage's own work.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG_MESSAGES, triage } from '../../../src/lib/triage/index.ts';

const MB = 1 << 20;

/** CPU milliseconds `f` takes. */
function cpuMs(f: () => void): number {
  const start = process.cpuUsage();
  f();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function timed(text: string): number {
  return cpuMs(() => triage(text));
}

function repeatTo(unit: string, size: number): string {
  return unit.repeat(Math.ceil(size / unit.length));
}

describe('hostile input', () => {
  it('returns quickly on 1 MB of one character, blank lines, brackets', () => {
    for (const text of ['a'.repeat(MB), '\n'.repeat(MB), '('.repeat(MB), ' '.repeat(MB), repeatTo(`${'a'.repeat(100)}\n`, MB)]) {
      expect(timed(text)).toBeLessThan(1000);
    }
  });

  it('returns quickly when every catalog message prefix is repeated for 1 MB, on one line and on many', () => {
    let worst = 0;
    let worstId = '';
    for (const m of CATALOG_MESSAGES) {
      const prefix = m.template.split('{')[0] || m.template.slice(0, 40);
      for (const unit of [`${prefix} a`, `${prefix} a\n`, `${prefix}(((`]) {
        const ms = timed(repeatTo(unit, MB));
        if (ms > worst) {
          worst = ms;
          worstId = m.id;
        }
      }
    }
    console.log(`worst repeated-prefix input: ${worst.toFixed(0)} ms (${worstId})`);
    expect(worst).toBeLessThan(1000);
  });

  it('returns quickly on thousands of chained tracebacks', () => {
    const block =
      'Traceback (most recent call last):\n  File "x.py", line 1, in <module>\nValueError: Shapes (4, 16) and (4, 8) are incompatible\n\nDuring handling of the above exception, another exception occurred:\n\n';
    const text = repeatTo(block, MB);
    expect(timed(text)).toBeLessThan(1000);
    expect(triage(text).matches[0].failure).toBe('architecture-mismatch');
  });

  it('still finds a message at the end of a huge log (head and tail are kept)', () => {
    const text = `${repeatTo('I0000 00:00:1795300211.029552   20357 some_file.cc:1] noise\n', 2 * MB)}RuntimeError: not an sstable (bad magic number)`;
    const { matches } = triage(text);
    expect(matches[0].failure).toBe('corrupted-checkpoint');
  });
});

describe('speed', () => {
  it('triages 1,000 real tracebacks well under a second', () => {
    const dir = resolve(import.meta.dirname, '../../data/tracebacks');
    const texts = readdirSync(dir).map((f) => readFileSync(resolve(dir, f), 'utf8'));
    for (const t of texts) triage(t); // warm up the JIT and the compiled catalog
    const ms = cpuMs(() => {
      for (let i = 0; i < 1000; i++) triage(texts[i % texts.length]);
    });
    console.log(`1,000 tracebacks: ${ms.toFixed(0)} ms CPU (${(ms / 1000).toFixed(3)} ms each)`);
    expect(ms).toBeLessThan(1000);
  });
});
