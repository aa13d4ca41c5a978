/**
 * The repair recipes the guides show (src/site/repair-recipes.ts, placed by <RepairRecipe />):
 * each is placed in the guide of its sample's failure, and each command, run as printed through
 * the CLI, writes the repaired copy the recipe's load code opens. (The load code itself runs with
 * TF 2.21 in test/oracle/repair.test.ts.)
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPAIR_RECIPES, recipeCommand } from '../../../src/site/repair-recipes.ts';
import { runCli } from '../../helpers/cli.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const GUIDES = join(ROOT, 'src/content/failures');
const manifest = JSON.parse(readFileSync(join(ROOT, 'public/samples/manifest.json'), 'utf8')) as {
  scenario: string;
  failure: string;
  broken: { path: string };
  fixed: { path: string };
}[];
const scratch = mkdtempSync(join(tmpdir(), 'doctor-guide-recipes-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** scenario -> guide ids that place its recipe. */
function placements(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of readdirSync(GUIDES).filter((f) => f.endsWith('.mdx'))) {
    const text = readFileSync(join(GUIDES, file), 'utf8');
    for (const m of text.matchAll(/<RepairRecipe scenario="([^"]+)"/g))
      found.set(m[1]!, [...(found.get(m[1]!) ?? []), file.replace(/\.mdx$/, '')]);
  }
  return found;
}

describe('repair recipes in the guides', () => {
  it("each recipe is shown once, in the guide of its sample's failure", () => {
    const placed = placements();
    expect([...placed.keys()].sort()).toEqual(REPAIR_RECIPES.map((r) => r.scenario).sort());
    for (const r of REPAIR_RECIPES)
      expect(placed.get(r.scenario), r.scenario).toEqual([manifest.find((s) => s.scenario === r.scenario)!.failure]);
  });

  for (const recipe of REPAIR_RECIPES) {
    it(`${recipe.scenario}: the command as printed writes what the load code opens`, async () => {
      const sample = manifest.find((s) => s.scenario === recipe.scenario)!;
      const command = recipeCommand(recipe, (side) => join(ROOT, 'public', sample[side].path));
      const prefix = 'npm run -s doctor -- ';
      expect(command.startsWith(`${prefix}repair `)).toBe(true);
      const args = command.slice(prefix.length).split(' ');
      expect(args.slice(-2)).toEqual(['--out', 'repaired/']);
      const out = join(scratch, recipe.scenario);
      const run = await runCli([...args.slice(0, -1), out]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const opened = [...recipe.load.matchAll(/"repaired\/([^"]+)"/g)].map((m) => m[1]!);
      if (recipe.load.includes('latest_checkpoint("repaired")')) opened.push('checkpoint');
      expect(opened.length).toBeGreaterThan(0);
      for (const f of opened) expect(existsSync(join(out, f)), f).toBe(true);
    });
  }
});
