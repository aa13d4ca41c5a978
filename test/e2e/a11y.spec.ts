/** An axe-core audit of each kind of page, in both themes: no serious or critical violations. */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { FAILURE_IDS } from '../../src/lib/catalog.ts';

const PAGES = ['/', '/failures/', '/failures/corrupted-checkpoint/', '/inspect/'];
/** Every other content page, audited in the light theme. */
const MORE = [
  ...FAILURE_IDS.filter((id) => id !== 'corrupted-checkpoint').map((id) => `/failures/${id}/`),
  '/triage/',
  '/formats/saved-model/',
  '/formats/tf2-checkpoint/',
  '/formats/keras-v3/',
  '/formats/keras-h5/',
  '/formats/tf1-meta/',
  '/questions/why-does-restoration-hang/',
  '/questions/why-is-restore-failing/',
  '/questions/model-restore/',
];

for (const [theme, paths] of [
  ['light', [...PAGES, ...MORE]],
  ['dark', PAGES],
] as const) {
  for (const path of paths) {
    test(`${path} has no serious accessibility violations (${theme})`, async ({ page }) => {
      // axe takes 20-30 s on a long guide when the 2-core test machine is shared (the same on main
      // and on this branch, measured), which left no margin in the default minute.
      test.setTimeout(120_000);
      await page.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme);
      await page.goto(path);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      const results = await new AxeBuilder({ page }).analyze();
      const serious = results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !isKnownStarlightSearchButton(v.id, n.target.join(' '))) }))
        .filter((v) => v.nodes.length > 0)
        .map(
          (v) =>
            `${v.id}: ${v.nodes
              .map((n) => n.target.join(' '))
              .slice(0, 3)
              .join(', ')}`,
        );
      expect(serious).toEqual([]);
    });
  }
}

/**
 * Starlight's search button is named "Search" and also shows its shortcut ("Ctrl K"); axe reads
 * the shortcut as part of the visible label (label-content-name-mismatch). The visible label
 * "Search" is in the accessible name, so WCAG 2.5.3 holds; only this one element and rule are excused.
 */
function isKnownStarlightSearchButton(rule: string, target: string): boolean {
  return rule === 'label-content-name-mismatch' && target === 'button[data-open-modal=""]';
}
