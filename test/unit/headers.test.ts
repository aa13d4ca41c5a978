/** The static hosts' _headers file sends the same isolation headers as dev and preview do. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { crossOriginIsolation } from '../../src/site/headers.mjs';

it('public/_headers carries every cross-origin isolation header the dev server sends', () => {
  const text = readFileSync(resolve(import.meta.dirname, '../../public/_headers'), 'utf8');
  const sent = Object.fromEntries([...text.matchAll(/^\s+([A-Za-z-]+): (.+)$/gm)].map((m) => [m[1], m[2]!.trim()]));
  for (const [name, value] of Object.entries(crossOriginIsolation)) expect(sent[name], name).toBe(value);
});
