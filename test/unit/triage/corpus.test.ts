/**
 * Triage on real reports: the corpus in test/data/triage-corpus/ (texts pasted by users on public
 * issue trackers, labels decided from how each thread was resolved). Prints top-1/top-3 overall,
 * for high-confidence labels only, and per failure id, on the development split and on the
 * held-back fifth; counts confident wrong answers on reports whose cause was outside the catalog.
 *
 * TRIAGE_MISSES=1 also lists the development split's misses (never the held-back ones).
 * TRIAGE_DEV_ONLY=1 skips the held-back split (while working on triage, so its figure stays honest).
 */
import { describe, expect, it } from 'vitest';
import { figures, judge, loadSplit, table } from './corpus-score.ts';

/**
 * The triage this work started from, measured on the development split before any change:
 * top-1 53.0%, top-3 54.6% (97/183 and 100/183). Set before the held-back split was read.
 */
const HOLDOUT_FLOOR = { top1: 0.53, top3: 0.546 };

describe('triage on real reports (development split)', () => {
  const outcomes = loadSplit('dev').map(judge);

  it('reports top-1/top-3 per id and meets the goal', () => {
    console.log(table('triage corpus, development split', outcomes));
    if (process.env.TRIAGE_MISSES) {
      for (const o of outcomes) {
        if (!o.top1) console.log(`  miss ${o.report.id} [${o.report.label}, ${o.report.label_confidence}] -> ${o.summary}`);
      }
    }
    const f = figures(outcomes);
    expect(f.top1).toBeGreaterThanOrEqual(0.9);
    expect(f.top3).toBeGreaterThanOrEqual(0.97);
    expect(f.confidentWrong).toBe(0);
  });
});

describe.skipIf(process.env.TRIAGE_DEV_ONLY)('triage on real reports (held-back split)', () => {
  it('reports top-1/top-3 per id', () => {
    const outcomes = loadSplit('holdout').map(judge);
    console.log(table('triage corpus, held-back split', outcomes));
    const f = figures(outcomes);
    // Floors set before the held-back split was ever looked at: no worse than the triage this
    // work started from scored on the development split.
    expect(f.top1).toBeGreaterThanOrEqual(HOLDOUT_FLOOR.top1);
    expect(f.top3).toBeGreaterThanOrEqual(HOLDOUT_FLOOR.top3);
  });
});
