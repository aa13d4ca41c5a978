/**
 * Every Python recipe on the site runs against TensorFlow 2.21 / Keras 3.15 and loads what it
 * claims to load (issue 16). The recipes are read from the MDX exactly as readers see them; the
 * only change is the quoted paths named in each block's directive (see recipes/extract.ts for the
 * directive), pointing them at the guide's samples. Each runs in its own Python process, in a
 * scratch copy of the sample, with a timeout, and its checks compare the loaded weights with the
 * values stored in the sample's files. Keras 2-only recipes cannot run here (tf-keras does not
 * install with TF 2.21); their tf.keras / tf_keras calls are checked against the tf-keras source
 * (recipes/tf_keras_api.json) instead.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { TF_PYTHON } from './python.ts';
import { REPO, recipes, substitutePaths, type Recipe } from './recipes/extract.ts';

const run = promisify(execFile);
const ALL = recipes();
const RUNNER = join(REPO, 'test/oracle/recipes/run_recipe.py');
const KERAS2 = join(REPO, 'test/oracle/recipes/keras2_check.py');
const ENV = { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2', CUDA_VISIBLE_DEVICES: '', PYTHONHASHSEED: '0', PYTHONDONTWRITEBYTECODE: '1' };

/** The recipe with its directive's paths substituted; `{workdir}` in a path is the scratch directory. */
function prepared(code: string, r: Recipe, work = ''): string {
  const paths = Object.fromEntries(Object.entries(r.directive?.paths ?? {}).map(([k, v]) => [k, v.replaceAll('{workdir}', work)]));
  return substitutePaths(code, paths).code;
}

/** Earlier recipes this one continues, with this recipe's path map (it names the files of both). */
function earlier(r: Recipe, work: string): { code: string; file: string | null }[] {
  return (r.directive?.after ?? []).map((title) => {
    const found = ALL.find((o) => o.page === r.page && o.title === title);
    if (!found) throw new Error(`${r.page}: "${r.title}" runs after "${title}", which is not a recipe on that page`);
    return { code: prepared(found.code, r, work), file: found.directive?.file ?? null };
  });
}

async function lastJson(args: string[], timeoutSeconds: number): Promise<{ ok: boolean; error: string | null; checks: unknown[] }> {
  try {
    const { stdout } = await run(TF_PYTHON, args, {
      env: ENV,
      timeout: timeoutSeconds * 1000,
      killSignal: 'SIGKILL',
      maxBuffer: 64 * 1024 * 1024,
    });
    return JSON.parse(stdout.trim().split('\n').pop() ?? 'null');
  } catch (error) {
    const e = error as { killed?: boolean; stdout?: string; stderr?: string; message: string };
    if (e.killed) return { ok: false, error: `timed out after ${timeoutSeconds} s`, checks: [] };
    return { ok: false, error: `${e.message}\n${(e.stderr ?? '').slice(-3000)}`, checks: [] };
  }
}

describe('every recipe on the site', () => {
  it('finds the recipes (at least the 44 of the twelve guides)', () => {
    expect(ALL.filter((r) => r.page.includes('/failures/')).length).toBeGreaterThanOrEqual(44);
  });

  for (const r of ALL) {
    const d = r.directive;
    const label = `${r.page}: ${r.title}`;
    if (d?.norun) {
      it(`${label} (not run: ${d.norun})`, () => {
        expect(r.problems).toEqual([]);
        expect(d.norun!.length, 'say why it cannot run').toBeGreaterThan(20);
      });
      continue;
    }
    if (d?.keras2) {
      it(`${label} (Keras 2 only: checked against the tf-keras source)`, async () => {
        expect(r.problems).toEqual([]);
        const result = await lastJson([KERAS2, r.code], 60);
        expect(result.error, JSON.stringify(result.checks, null, 1)).toBeNull();
        expect(result.ok, JSON.stringify(result.checks, null, 1)).toBe(true);
      });
      continue;
    }
    if (d?.cluster) {
      it(`${label} (on ${d.cluster} MultiWorkerMirroredStrategy workers)`, async () => {
        expect(r.problems).toEqual([]);
        const work = mkdtempSync(join(tmpdir(), 'recipe-'));
        try {
          writeFileSync(join(work, 'recipe.py'), prepared(r.code, r, work));
          const { stdout } = await run(TF_PYTHON, [join(REPO, 'test/oracle/repro/mwms_restore.py'), 'recipe', work], {
            env: ENV,
            timeout: 300_000,
            killSignal: 'SIGKILL',
            maxBuffer: 64 * 1024 * 1024,
          });
          const summary = JSON.parse(stdout.trim().split('\n').pop()!);
          for (const w of summary.workers) {
            expect(w.finished, w.events.join('\n')).toBe(true);
            expect(w.kernel_sums).toEqual([4]);
          }
        } finally {
          rmSync(work, { recursive: true, force: true });
        }
      }, 330_000);
      continue;
    }
    it(
      label,
      async () => {
        expect(r.problems).toEqual([]);
        const work = mkdtempSync(join(tmpdir(), 'recipe-'));
        try {
          if (typeof d!.sample === 'string') cpSync(join(REPO, 'public/samples', d!.sample), work, { recursive: true });
          for (const s of Array.isArray(d!.sample) ? d!.sample : [])
            cpSync(join(REPO, 'public/samples', s), join(work, s), { recursive: true });
          if (d!.writer_sample) cpSync(join(REPO, 'public/writer-samples', d!.writer_sample), work, { recursive: true });
          const job = {
            guide: r.page,
            title: r.title,
            code: prepared(r.code, r, work),
            workdir: work,
            fixture: d!.fixture ?? null,
            before: earlier(r, work),
            file: d!.file ?? null,
            check: d!.check ?? null,
            expect: d!.expect ?? null,
          };
          const jobPath = join(work, '.recipe-job.json');
          writeFileSync(jobPath, JSON.stringify(job));
          const result = await lastJson([RUNNER, jobPath], d!.timeout ?? 240);
          expect(result.error, `${label}\n${JSON.stringify(result.checks, null, 1)}`).toBeNull();
          expect(result.ok, JSON.stringify(result.checks, null, 1)).toBe(true);
        } finally {
          rmSync(work, { recursive: true, force: true });
        }
      },
      ((d?.timeout ?? 240) + 30) * 1000,
    );
  }
});
