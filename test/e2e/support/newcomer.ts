/** What the newcomer tests share: the two widths and themes a reader meets, and small page probes. */
import { expect, type Locator, type Page } from '@playwright/test';

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;
export const THEMES = ['light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/** Opens a page at a width and in a theme (Starlight reads the theme from localStorage). */
export async function open(page: Page, path: string, viewport: ViewportName, theme: Theme = 'light'): Promise<void> {
  await page.setViewportSize(VIEWPORTS[viewport]);
  await page.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme);
  await page.goto(path);
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

/** How far the page scrolls sideways (0 when nothing is wider than the viewport). */
export function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** The number of lines an element's text is laid out on. */
export function lineCount(locator: Locator): Promise<number> {
  return locator.evaluate((node) => {
    const range = document.createRange();
    range.selectNodeContents(node);
    const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
    return tops.size;
  });
}

/** The findings a result shows, as comparable lines: failure id, severity, title. */
export function findingsOf(scope: Locator): Promise<string[]> {
  return scope
    .locator('.finding')
    .evaluateAll((items) =>
      items.map(
        (li) =>
          `${(li as HTMLElement).dataset.failure} ${li.querySelector('.finding-severity')?.textContent} ${li.querySelector('.finding-head strong')?.textContent}`,
      ),
    );
}
