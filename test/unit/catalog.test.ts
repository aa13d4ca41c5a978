/**
 * The failure catalog is the spine: its ids, one guide each, frontmatter valid against the
 * schema, ids matching file names, related ids real, symptom patterns matching their own text.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { failureSchema } from '../../src/content/failure-schema.ts';
import { FAILURE_IDS, FAILURES } from '../../src/lib/catalog.ts';

const GUIDES = resolve(import.meta.dirname, '../../src/content/failures');

function frontmatter(file: string): unknown {
  const text = readFileSync(resolve(GUIDES, file), 'utf8');
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!match) throw new Error(`${file} has no frontmatter`);
  return yaml.load(match[1]!);
}

describe('failure catalog', () => {
  const files = readdirSync(GUIDES)
    .filter((f) => f.endsWith('.mdx'))
    .sort();

  it('has the ids of docs/ARCHITECTURE.md, each once, each with a title', () => {
    const design = readFileSync(resolve(import.meta.dirname, '../../docs/ARCHITECTURE.md'), 'utf8');
    const fromDesign = [...design.matchAll(/^\| ([a-z0-9-]+) \| /gm)].map((m) => m[1]).filter((id) => id !== 'id');
    expect(new Set(fromDesign).size).toBe(fromDesign.length);
    expect([...FAILURE_IDS]).toEqual(fromDesign);
    expect(FAILURES.map((f) => f.id)).toEqual(fromDesign);
  });

  it('has exactly one guide file per id', () => {
    expect(files).toEqual([...FAILURE_IDS].map((id) => `${id}.mdx`).sort());
  });

  for (const file of files) {
    it(`${file}: frontmatter is valid and consistent`, () => {
      const data = failureSchema.parse(frontmatter(file));
      expect(`${data.id}.mdx`).toBe(file);
      expect(data.related).not.toContain(data.id);
      for (const s of data.symptoms) {
        // The literal parts of the message (around {placeholders}) must be matched by the pattern
        // when the placeholders are filled: a pattern that matches nothing would make triage blind.
        const literal = s.text.replace(/\{[a-z_]+\}/g, '').trim();
        expect(literal.length, `symptom "${s.text}" has no literal text`).toBeGreaterThan(5);
        const pattern = new RegExp(s.pattern);
        const fillers = ['1', 'x', '1.0', 'float', '[1]', 'TensorSpec(shape=(1,))', '(root).x'];
        // Shapes print as [d0,d1]; other placeholders are tried with one filler each.
        const fill = (f: string) =>
          s.text.replace(/\{([a-z_]+)\}/g, (_, name: string) => (name.includes('shape') && !/\[\{/.test(s.text) ? '[1]' : f));
        const matched = fillers.some((f) => pattern.test(fill(f)));
        expect(matched, `pattern ${s.pattern} matches no filled form of "${s.text}"`).toBe(true);
      }
    });
  }

  it('rejects a guide whose id is not in the catalog', () => {
    const bad = { ...(frontmatter(files[0]!) as object), id: 'made-up-failure' };
    expect(failureSchema.safeParse(bad).success).toBe(false);
  });
});
