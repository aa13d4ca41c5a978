/**
 * The graph artifacts of the shared fixtures, read from MANIFEST.md (its Format and Files
 * columns), so the tests cover every SavedModel, .meta and frozen GraphDef the manifest lists.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BytesSource, fileSet, type FileSet } from '../../../src/lib/byte-source.ts';
import { FIXTURES } from '../../helpers/fixtures.ts';

export interface ManifestRow {
  path: string;
  format: string;
  files: string[];
}

export function manifestRows(): ManifestRow[] {
  const text = readFileSync(join(FIXTURES, 'MANIFEST.md'), 'utf8');
  const rows: ManifestRow[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('| `')) continue;
    const cells = line.split('|').map((c) => c.trim());
    // | path | source | license | format | producer | notable | files |
    if (cells.length < 9) continue;
    const path = /^`([^`]+)`$/.exec(cells[1]!)?.[1];
    if (!path) continue;
    const files = [...cells[7]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    rows.push({ path, format: cells[4]!, files });
  }
  return rows;
}

/** Paths (relative to FIXTURES) of the files of a row. A row's path is a file or a directory. */
export function rowFiles(row: ManifestRow): string[] {
  const abs = join(FIXTURES, row.path);
  if (!existsSync(abs)) return []; // glob-style rows (several files) are listed by their files elsewhere
  if (statSync(abs).isFile()) return [row.path];
  return row.files.map((f) => `${row.path}/${f}`);
}

export function savedModelDirs(): string[] {
  return manifestRows()
    .filter((r) => /^SavedModel/.test(r.format))
    .map((r) => r.path);
}

export function metaFiles(): string[] {
  return manifestRows().flatMap((r) => rowFiles(r).filter((f) => f.endsWith('.meta')));
}

export function graphDefFiles(): string[] {
  // Rows whose format is a GraphDef, plus text GraphDefs shipped inside checkpoint rows.
  return manifestRows().flatMap((r) =>
    rowFiles(r).filter((f) => (/GraphDef/.test(r.format) && /\.(pb|pbtxt)$/.test(f)) || f.endsWith('/frozen_graph.pbtxt')),
  );
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

export function allFixtureFiles(): string[] {
  return walk(FIXTURES)
    .map((p) => relative(FIXTURES, p))
    .filter((p) => p !== 'MANIFEST.md');
}

export function bytesOfFixture(rel: string): Uint8Array {
  const b = readFileSync(join(FIXTURES, rel));
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** Every file under a fixture directory, as an in-memory FileSet with fixture-relative paths. */
export function fixtureDirSet(dir: string): FileSet {
  return fileSet(walk(join(FIXTURES, dir)).map((p) => new BytesSource(relative(FIXTURES, p), bytesOfFixture(relative(FIXTURES, p)))));
}

export function fixtureFileSet(...rels: string[]): FileSet {
  return fileSet(rels.map((r) => new BytesSource(r, bytesOfFixture(r))));
}
