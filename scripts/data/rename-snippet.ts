/**
 * Prints the rename script the doctor would suggest for a saved checkpoint and an expected
 * variable list (used by scripts/data/check-rename-snippets.py to run it under TensorFlow).
 *   npx tsx scripts/data/rename-snippet.ts <dir> <prefix-in-set> <expected.txt> <absolute-prefix>
 */
import { readFileSync } from 'node:fs';
import { parseExpected } from '../../src/lib/context/index.ts';
import { diffModels, renameMap, renameSnippet } from '../../src/lib/diff/index.ts';
import { inspect } from '../../src/lib/inspect.ts';
import { openPaths } from '../../src/node/file-source.ts';

const [dir, , expectedFile, absPrefix] = process.argv.slice(2);
if (!dir || !expectedFile || !absPrefix) throw new Error('usage: rename-snippet.ts <dir> <prefix> <expected.txt> <absolute-prefix>');
const set = await openPaths([dir]);
try {
  const { facts } = await inspect(set);
  const map = renameMap(diffModels(facts, parseExpected(readFileSync(expectedFile, 'utf8'))));
  process.stdout.write(`${renameSnippet(map, absPrefix, facts.object_graph !== null)}\n`);
} finally {
  await set.close();
}
