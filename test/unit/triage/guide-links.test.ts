/**
 * Every deep link triage gives points at something that exists: the guide, its `{#section}`
 * anchor, and the words that open the cause's paragraph inside that section (what the text
 * fragment scrolls to). Message ids the links are chosen by are catalog ids.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG_MESSAGES, OTHER_MESSAGES } from '../../../src/lib/triage/index.ts';
import { CAUSES, guideLink, MESSAGE_CAUSE } from '../../../src/lib/triage/guide.ts';

const GUIDES = resolve(import.meta.dirname, '../../../src/content/failures');

/** A guide's sections (`## Title \{#id\}`) as rendered text: no Markdown marks, one space per run. */
function sections(guide: string): Map<string, string> {
  const mdx = readFileSync(resolve(GUIDES, `${guide}.mdx`), 'utf8');
  const out = new Map<string, string>();
  const parts = mdx.split(/^## .*?\\\{#([a-z0-9-]+)\\\}\s*$/m);
  for (let i = 1; i < parts.length; i += 2) {
    const text = parts[i + 1]
      .replace(/`/g, '')
      .replace(/\*\*|__/g, '')
      .replace(/\*(?=\S)|(?<=\S)\*/g, '')
      .replace(/\s+/g, ' ');
    out.set(parts[i], text);
  }
  return out;
}

describe('guide links', () => {
  it('point at an existing section of an existing guide, and at words inside that section', () => {
    for (const [id, cause] of Object.entries(CAUSES)) {
      const s = sections(cause.guide);
      expect(s.has(cause.section), `${id}: #${cause.section} in ${cause.guide}`).toBe(true);
      if (cause.text) expect(s.get(cause.section), `${id}: "${cause.text}"`).toContain(cause.text);
    }
  });

  it('are chosen by catalog message ids', () => {
    const ids = new Set([...CATALOG_MESSAGES, ...OTHER_MESSAGES].map((m) => m.id));
    for (const id of Object.keys(MESSAGE_CAUSE)) expect(ids.has(id), id).toBe(true);
  });

  it('encode the text directive so its own syntax characters stay text', () => {
    const link = guideLink('unregistered-custom-object', 'addon-op');
    expect(link.url).toBe('/failures/version-mismatch/#mechanism:~:text=an%20op%20from%20an%20add%2Don%20library');
    expect(link.failure).toBe('version-mismatch');
    expect(guideLink('dtype-mismatch', null).url).toBe('/failures/dtype-mismatch/#mechanism');
  });
});
