/**
 * Site weight from a built dist/: the JavaScript a page loads before the reader interacts
 * (module scripts, modulepreloads, inline scripts and their static imports), what it can load
 * on demand (dynamic imports), and the checker's worker bundle. Sizes are gzip -9 bytes.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface PageWeight {
  page: string;
  /** JS fetched before interaction. */
  eagerGzip: number;
  eagerFiles: string[];
  inlineGzip: number;
  /** Everything reachable through dynamic import() from the page's scripts (not the worker). */
  onDemandGzip: number;
  onDemandFiles: string[];
}

const gz = (bytes: Uint8Array | string) => gzipSync(bytes, { level: 9 }).byteLength;

function imports(code: string): { statics: string[]; dynamics: string[] } {
  const statics: string[] = [];
  const dynamics: string[] = [];
  for (const m of code.matchAll(/(?:^|[;}\s])import\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+\.m?js)["']/g)) statics.push(m[1]!);
  for (const m of code.matchAll(/(?:^|[;}\s,])(?:from)\s*["']([^"']+\.m?js)["']/g)) statics.push(m[1]!);
  for (const m of code.matchAll(/import\(\s*["']([^"']+\.m?js)["']\s*\)/g)) dynamics.push(m[1]!);
  // Vite's preload helper lists a dynamic chunk's own dependencies as string literals.
  for (const m of code.matchAll(/__vite__mapDeps\(\[([^\]]*)\]/g)) for (const d of m[1]!.matchAll(/(\d+)/g)) void d;
  return { statics: [...new Set(statics)], dynamics: [...new Set(dynamics)] };
}

function resolveUrl(dist: string, fromFile: string, spec: string): string | null {
  if (/^https?:/.test(spec)) return null;
  const path = spec.startsWith('/') ? join(dist, spec) : resolve(dirname(fromFile), spec);
  return existsSync(path) ? path : null;
}

function closure(dist: string, roots: string[], followDynamic: boolean): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const { statics, dynamics } = imports(readFileSync(file, 'utf8'));
    for (const spec of [...statics, ...(followDynamic ? dynamics : [])]) {
      const next = resolveUrl(dist, file, spec);
      if (next) stack.push(next);
    }
  }
  return seen;
}

export function pageWeight(dist: string, page: string): PageWeight {
  const htmlFile = join(dist, page, 'index.html');
  const html = readFileSync(htmlFile, 'utf8');
  const roots: string[] = [];
  let inline = 0;
  const inlineCode: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const attrs = m[1]!;
    if (/type=["']?(application\/(ld\+)?json|text\/template)/.test(attrs)) continue;
    const src = /\bsrc=["']([^"']+)["']/.exec(attrs)?.[1];
    if (src) {
      const file = resolveUrl(dist, htmlFile, src);
      if (file) roots.push(file);
    } else if (m[2]!.trim()) {
      inline += gz(m[2]!);
      inlineCode.push(m[2]!);
    }
  }
  for (const m of html.matchAll(/<link\b[^>]*rel=["']?modulepreload["']?[^>]*>/g)) {
    const href = /href=["']([^"']+)["']/.exec(m[0])?.[1];
    const file = href ? resolveUrl(dist, htmlFile, href) : null;
    if (file) roots.push(file);
  }
  // Inline module scripts can import files too.
  for (const code of inlineCode) {
    for (const spec of imports(code).statics) {
      const file = resolveUrl(dist, htmlFile, spec);
      if (file) roots.push(file);
    }
  }
  const eager = closure(dist, roots, false);
  const all = closure(dist, roots, true);
  const onDemand = [...all].filter((f) => !eager.has(f) && !/worker/i.test(f));
  const sum = (files: Iterable<string>) => [...files].reduce((n, f) => n + gz(readFileSync(f)), 0);
  return {
    page,
    eagerGzip: sum(eager) + inline,
    eagerFiles: [...eager].map((f) => relative(dist, f)),
    inlineGzip: inline,
    onDemandGzip: sum(onDemand),
    onDemandFiles: onDemand.map((f) => relative(dist, f)),
  };
}

export interface WorkerWeight {
  files: { file: string; bytes: number; gzip: number }[];
  wasm: { file: string; bytes: number; gzip: number }[];
}

/** The checker's worker bundle(s) and any WebAssembly files in dist/_astro. */
export function workerWeight(dist: string): WorkerWeight {
  const dir = join(dist, '_astro');
  const files = existsSync(dir) ? readdirSync(dir) : [];
  const describe = (f: string) => {
    const bytes = readFileSync(join(dir, f));
    return { file: `_astro/${f}`, bytes: statSync(join(dir, f)).size, gzip: gz(bytes) };
  };
  return {
    files: files.filter((f) => /worker/i.test(f) && f.endsWith('.js')).map(describe),
    wasm: files.filter((f) => f.endsWith('.wasm')).map(describe),
  };
}

/** A guide page (the first failure guide in dist/failures/). */
export function firstGuidePage(dist: string): string | null {
  const dir = join(dist, 'failures');
  if (!existsSync(dir)) return null;
  const ids = readdirSync(dir)
    .filter((d) => existsSync(join(dir, d, 'index.html')))
    .sort();
  return ids.length ? `failures/${ids[0]}` : null;
}
