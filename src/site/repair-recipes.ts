/**
 * The repair recipes the guides show: the `repair` command on a guide's broken sample, and the
 * loader that failed on the sample, pointed at the repaired copy. One table, so the guides
 * (components/RepairRecipe.astro), the unit test that runs every command through the CLI
 * (test/unit/repair/guide-recipes.test.ts) and the oracle test that runs every load with
 * TF 2.21 / Keras 3.15 (test/oracle/repair.test.ts) all use the same text.
 */

export interface RepairRecipe {
  /** Sample scenario in public/samples/manifest.json; the command repairs its broken side. */
  scenario: string;
  /** Flags after the path; `{fixed}` stands for the sample's fixed side (the expected model). */
  args: string;
  /** What the repair writes, in a sentence. */
  writes: string;
  /** The sample's failing load, run on the repaired copy in `repaired/`. */
  load: string;
}

const SEQUENTIAL_CHECKPOINT = `import keras
import tensorflow as tf

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4), keras.layers.Dense(1)])
`;

export const REPAIR_RECIPES: readonly RepairRecipe[] = [
  {
    scenario: 'renamed-attribute',
    args: '--expect {fixed}',
    writes:
      'a copy of the checkpoint whose object graph has the renamed attribute under its new name (the keys follow, as TensorFlow derives them), every value copied byte for byte',
    load: `import keras
import numpy as np
import tensorflow as tf

class Regressor(keras.Model):
    def __init__(self):
        super().__init__()
        self.denselayer1 = keras.layers.Dense(4)  # was: self.dense_1
        self.head = keras.layers.Dense(1)

    def call(self, x):
        return self.head(self.denselayer1(x))

model = Regressor()
model(np.ones((1, 8), np.float32))
tf.train.Checkpoint(model=model).restore(tf.train.latest_checkpoint("repaired")).assert_consumed()
`,
  },
  {
    scenario: 'tf1-saver-into-checkpoint',
    args: '--expect {fixed}',
    writes: 'an object-based checkpoint of the same values under the keys the TF2 model expects (its object graph included)',
    load: `import keras
import tensorflow as tf

dense = keras.layers.Dense(4)
dense.build((None, 8))
tf.train.Checkpoint(dense=dense).restore(tf.train.latest_checkpoint("repaired")).assert_consumed()
`,
  },
  {
    scenario: 'float64-checkpoint-into-float32-model',
    args: '--cast float32',
    writes:
      'the checkpoint with its float64 values cast to float32 as tf.cast does (the plan states the precision given up first; the result reports how many values were rounded)',
    load: `import keras
import tensorflow as tf

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4)])  # default float32
tf.train.Checkpoint(model=model).restore(tf.train.latest_checkpoint("repaired")).assert_consumed()
`,
  },
  {
    scenario: 'optimizer-slots-left-unused',
    args: '--drop-optimizer',
    writes: 'the checkpoint without the optimizer and its slots, so a model-only restore consumes everything: no expect_partial()',
    load: `${SEQUENTIAL_CHECKPOINT}tf.train.Checkpoint(model=model).restore(tf.train.latest_checkpoint("repaired")).assert_consumed()
`,
  },
  {
    scenario: 'keras3-h5-optimizer-state',
    args: '--drop-optimizer',
    writes: 'the .h5 without optimizer_weights: load_model() compiles it with a fresh optimizer, and training starts clean',
    load: `import keras
import numpy as np

model = keras.models.load_model("repaired/model.h5")
model.fit(np.ones((4, 8)), np.ones((4, 1)), epochs=1, verbose=0)  # resume training
`,
  },
  {
    scenario: 'moved-checkpoint-dir',
    args: '',
    writes:
      'a copy of the checkpoint (each tensor verified) with a `checkpoint` state file that names it relatively, so the folder can move again',
    load: `${SEQUENTIAL_CHECKPOINT}path = tf.train.latest_checkpoint("repaired")
tf.train.Checkpoint(model=model).restore(path).assert_consumed()
`,
  },
];

export function repairRecipe(scenario: string): RepairRecipe {
  const recipe = REPAIR_RECIPES.find((r) => r.scenario === scenario);
  if (!recipe) throw new Error(`No repair recipe for sample "${scenario}" (src/site/repair-recipes.ts)`);
  return recipe;
}

/** The command as a reader runs it from a clone of the repository. */
export function recipeCommand(recipe: RepairRecipe, samplePath: (side: 'broken' | 'fixed') => string): string {
  const args = recipe.args.replaceAll('{fixed}', `${samplePath('fixed')}/`);
  return `npm run -s doctor -- repair ${samplePath('broken')}/ ${args} --out repaired/`.replace(/\s+/g, ' ').trim();
}
