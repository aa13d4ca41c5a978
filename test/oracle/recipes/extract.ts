/**
 * The Python recipes of the guides, with the directive that says how the oracle suite runs each.
 *
 * A recipe is a `<Code lang="python" title="..." code={`...`} />` block, or a fenced ```python
 * block, in a guide (src/content/failures/*.mdx) or a question/format page (src/content/docs/).
 * Every one must be
 * preceded by an MDX comment holding its directive (YAML), invisible on the site:
 *
 *   {/* recipe
 *   sample: renamed-attribute        # run in a scratch copy of public/samples/<sample>/
 *                                    # (a list: each copied into a folder of its own name)
 *   paths: {"model.ckpt": "broken/model.ckpt"}   # the only change made to the code: quoted paths
 *                                    # ({workdir} in a new path: the scratch directory, absolute)
 *   after: ["title of an earlier recipe on the page"]   # run first, same namespace, with this
 *                                    # directive's paths (so `paths` may name files of either)
 *   check: {model: fixed/ckpt-1}     # every weight of `model` equals a tensor saved there
 *   expect: ["len(bad) == 1"]        # Python expressions, true after the recipe ran
 *   *\/}
 *
 * Other keys: `writer_sample` (public/writer-samples/<name>), `fixture` (an input no committed
 * sample has, written by TF 2.21 at test time: test/oracle/recipes/fixtures.py), `file` (a recipe
 * titled as a module file: written there and imported), `timeout` (seconds), `cluster: 2` (run on
 * two MultiWorkerMirroredStrategy workers on localhost by repro/mwms_restore.py, in a directory
 * `{workdir}` holding a checkpoint `ckpt-1` whose kernel sums to 4.0; both must restore it), and the two ways
 * not to run: `keras2: "<why>"` (Keras 2 only: its tf.keras/tf_keras calls are checked against the
 * tf-keras source instead, tf_keras_api.json) and `norun: "<why>"` (anything else; must say why).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import yaml from 'js-yaml';

export const REPO = resolve(import.meta.dirname, '../../..');
const CONTENT = join(REPO, 'src/content');

export interface Directive {
  /** One sample: copied to the scratch directory's root. Several: each into a folder of its name. */
  sample?: string | string[];
  writer_sample?: string;
  fixture?: string;
  paths?: Record<string, string>;
  after?: string[];
  file?: string;
  check?: Record<string, string>;
  expect?: string[];
  timeout?: number;
  /** Runs on a two-worker MultiWorkerMirroredStrategy cluster on localhost (repro/mwms_restore.py). */
  cluster?: number;
  keras2?: string;
  norun?: string;
}

export interface Recipe {
  page: string;
  title: string;
  code: string;
  directive: Directive | null;
  /** Problems with the directive itself (missing, unknown keys, paths not in the code). */
  problems: string[];
}

const KEYS = new Set([
  'sample',
  'writer_sample',
  'fixture',
  'paths',
  'after',
  'file',
  'check',
  'expect',
  'timeout',
  'cluster',
  'keras2',
  'norun',
]);

function mdxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? mdxFiles(join(dir, d.name)) : d.name.endsWith('.mdx') ? [join(dir, d.name)] : [],
  );
}

/** The string a JS template literal in MDX evaluates to (the guides escape only \`, \${ and \\). */
function unescapeTemplate(raw: string): string {
  return raw.replace(/\\([`$\\])/g, '$1');
}

export function substitutePaths(code: string, paths: Record<string, string>): { code: string; missing: string[] } {
  let out = code;
  const missing: string[] = [];
  for (const [from, to] of Object.entries(paths)) {
    let found = false;
    for (const q of ['"', "'"]) {
      const needle = `${q}${from}${q}`;
      if (out.includes(needle)) {
        found = true;
        out = out.split(needle).join(`${q}${to}${q}`);
      }
    }
    if (!found) missing.push(from);
  }
  return { code: out, missing };
}

function parsed(page: string, title: string, code: string, rawDirective: string | undefined): Recipe {
  const problems: string[] = [];
  let directive: Directive | null = null;
  if (rawDirective === undefined) {
    problems.push('no {/* recipe ... */} directive before this block');
  } else {
    directive = (yaml.load(rawDirective) ?? {}) as Directive;
    for (const key of Object.keys(directive)) if (!KEYS.has(key)) problems.push(`unknown directive key "${key}"`);
    const run = !directive.keras2 && !directive.norun;
    if (run && !directive.cluster && !directive.sample && !directive.writer_sample && !directive.fixture)
      problems.push('a run recipe needs sample, writer_sample or fixture');
    if (run && !directive.cluster && !directive.file && !directive.check && !directive.expect)
      problems.push('a run recipe needs check or expect');
    const { missing } = substitutePaths(code, directive.paths ?? {});
    for (const p of missing) problems.push(`path "${p}" does not occur (quoted) in the code`);
  }
  return { page, title, code, directive, problems };
}

export function recipes(): Recipe[] {
  const out: Recipe[] = [];
  const block = /(?:\{\/\*\s*recipe\b((?:(?!\*\/)[\s\S])*?)\*\/\}\s*)?<Code lang="python"([^>]*?)code=\{`([\s\S]*?)`\}\s*\/>/g;
  for (const file of mdxFiles(CONTENT).sort()) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(block)) {
      const title = /title="([^"]*)"/.exec(m[2] ?? '')?.[1] ?? '(untitled)';
      out.push(parsed(relative(REPO, file), title, unescapeTemplate(m[3]!), m[1]));
    }
    const fence = /(?:\{\/\*\s*recipe\b((?:(?!\*\/)[\s\S])*?)\*\/\}\s*)?^```python([^\n]*)\n([\s\S]*?)^```/gm;
    let n = 0;
    for (const m of text.matchAll(fence)) {
      n += 1;
      const title = /title="([^"]*)"/.exec(m[2] ?? '')?.[1] ?? `fenced python block ${n}`;
      out.push(parsed(relative(REPO, file), title, m[3]!, m[1]));
    }
  }
  // A path must occur in the recipe or in one it runs after.
  for (const r of out) {
    if (!r.directive?.after) continue;
    const combined = [...r.directive.after.map((t) => out.find((o) => o.page === r.page && o.title === t)?.code ?? ''), r.code].join('\n');
    const { missing } = substitutePaths(combined, r.directive.paths ?? {});
    r.problems = r.problems.filter(
      (p) => !p.startsWith('path "') || missing.some((m) => p === `path "${m}" does not occur (quoted) in the code`),
    );
  }
  return out;
}
