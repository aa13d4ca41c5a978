/**
 * Fuzz cases, each reproducible from (run seed, case index): the first cases of every run are
 * the seeds themselves, unmutated (the baseline must hold the invariants too); after that a
 * seed is picked and given one to three mutations, structure-aware ones weighted over plain
 * byte damage, sometimes a whole-file one (a dropped shard, an emptied file).
 */
import { amplifySeeds } from './amplify.ts';
import { hostileSeeds } from './hostile.ts';
import { claimedPaths } from './invariants.ts';
import { mutatorsFor, SET_MUTATIONS } from './mutators.ts';
import { Rng } from './prng.ts';
import { fixtureSeeds, writerSeeds, type InputFile, type Seed } from './seeds.ts';

export interface FuzzCase {
  index: number;
  seed: string;
  /** What was done, in order, e.g. `model/saved_model.pb: pb-length-huge`. */
  mutations: string[];
  files: InputFile[];
  /** Paths the unmutated seed had in artifacts. */
  claimedBefore: string[];
}

let cached: Promise<Seed[]> | null = null;

/** Writer-made, hostile and amplifying seeds first (always included), then fixtures up to `maxFixtureBytes` each. */
export function loadSeeds(): Promise<Seed[]> {
  cached ??= (async () => {
    const seeds = [...(await writerSeeds()), ...(await hostileSeeds()), ...(await amplifySeeds()), ...fixtureSeeds()];
    for (const s of seeds) s.claimed = await claimedPaths(s.files);
    return seeds;
  })();
  return cached;
}

/** Files that carry structure (indexes, graphs, archives) are mutated more often than raw data shards. */
function pickTarget(files: readonly InputFile[], rng: Rng): InputFile {
  const structural = files.filter((f) => !/\.data-\d{5}-of-\d{5}$|(^|\/)assets(\.extra)?\//.test(f.path) && f.bytes.length > 0);
  return structural.length > 0 && rng.chance(0.85) ? rng.pick(structural) : rng.pick(files);
}

export function makeCase(seeds: readonly Seed[], runSeed: number, index: number): FuzzCase {
  if (index < seeds.length) {
    const s = seeds[index]!;
    return { index, seed: s.name, mutations: [], files: s.files, claimedBefore: s.claimed ?? [] };
  }
  const rng = Rng.forCase(runSeed, index);
  const seed = rng.pick(seeds);
  let files = seed.files.slice();
  const mutations: string[] = [];
  const count = rng.pick([1, 1, 1, 2, 2, 3]);
  for (let i = 0; i < count && files.length > 0; i++) {
    if (rng.chance(0.12)) {
      const m = rng.pick(SET_MUTATIONS);
      const next = m.apply(files, rng);
      if (next) {
        files = next;
        mutations.push(m.name);
      }
      continue;
    }
    const target = pickTarget(files, rng);
    const options = mutatorsFor(target.bytes);
    // Up to a few tries: not every structural mutation finds something to change.
    for (let attempt = 0; attempt < 4; attempt++) {
      const m = rng.pick(options);
      let bytes: Uint8Array | null;
      try {
        bytes = m.apply(target.bytes, rng);
      } catch (error) {
        // A mutator that cannot handle an odd input is the harness's bug: say so, loudly.
        throw new Error(
          `mutator ${m.name} failed on ${target.path} (case ${index}): ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      if (!bytes) continue;
      files = files.map((f) => (f === target ? { path: f.path, bytes } : f));
      mutations.push(`${target.path}: ${m.name}`);
      break;
    }
  }
  return { index, seed: seed.name, mutations, files, claimedBefore: seed.claimed ?? [] };
}
