/**
 * Config walking and custom-object detection on the config shapes Keras 1, 2 and 3 write.
 * Expected values are read from the configs themselves (fixture JSON files) or are the literal
 * inputs of hand-written configs.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCustomObjects, layersFromConfig, modelDtypePolicy, parsePythonJson } from '../../../src/lib/keras-config/index.ts';
import { sniffKeras } from '../../../src/lib/formats/keras/index.ts';
import { fixturePath } from '../../helpers/fixtures.ts';

const builtinTable = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../scripts/data/tables/keras-builtins.json'), 'utf8')) as {
  keras3: Record<string, { name: string }[]>;
  keras2: Record<string, { name: string }[]>;
};

describe('layersFromConfig', () => {
  it('walks the standalone JSON architecture of KERAS_3layer (Keras 2.0)', () => {
    const config = JSON.parse(readFileSync(fixturePath('hls4ml/example-models/keras/KERAS_3layer.json'), 'utf8')) as {
      class_name: string;
      config: { layers: { class_name: string; name: string; config: { name: string } }[] };
    };
    const layers = layersFromConfig(config);
    expect(layers[0]!.class_name).toBe(config.class_name);
    expect(layers.slice(1).map((l) => [l.path, l.class_name])).toEqual(config.config.layers.map((l) => [l.config.name, l.class_name]));
  });

  it('handles a Keras 1 Sequential (config is the layer list) with a Bidirectional wrapper', () => {
    const config = {
      class_name: 'Sequential',
      config: [
        {
          class_name: 'Bidirectional',
          config: {
            name: 'bidirectional_1',
            layer: { class_name: 'LSTM', config: { name: 'lstm_1', batch_input_shape: [null, 5, 3] } },
            merge_mode: 'concat',
          },
        },
      ],
    };
    const layers = layersFromConfig(config);
    expect(layers.map((l) => [l.path, l.class_name])).toEqual([
      ['', 'Sequential'],
      ['bidirectional_1', 'Bidirectional'],
      ['bidirectional_1/lstm_1', 'LSTM'],
    ]);
    expect(layers[2]!.build_input_shape).toEqual([null, 5, 3]);
  });

  it('nests models, keeps Keras 3 module/registered_name, and reads both policy shapes', () => {
    const inner = {
      module: 'keras',
      class_name: 'Sequential',
      registered_name: null,
      config: {
        name: 'inner',
        dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'mixed_float16' } },
        layers: [
          {
            module: 'keras.layers',
            class_name: 'Dense',
            registered_name: null,
            config: { name: 'd', dtype: 'float32' },
            build_config: { input_shape: [null, 4] },
          },
        ],
      },
    };
    const config = {
      module: 'keras.src.models.functional',
      class_name: 'Functional',
      registered_name: 'Functional',
      config: {
        name: 'outer',
        layers: [
          inner,
          {
            module: 'my.pkg',
            class_name: 'Mine',
            registered_name: 'Pkg>Mine',
            config: { name: 'mine', dtype: { class_name: 'Policy', config: { name: 'float64' } } },
          },
        ],
      },
    };
    const layers = layersFromConfig(config, 'root');
    expect(layers.map((l) => [l.path, l.class_name, l.module, l.registered_name, l.dtype_policy])).toEqual([
      ['root', 'Functional', 'keras.src.models.functional', 'Functional', null],
      ['root/inner', 'Sequential', 'keras', null, 'mixed_float16'],
      ['root/inner/d', 'Dense', 'keras.layers', null, 'float32'],
      ['root/mine', 'Mine', 'my.pkg', 'Pkg>Mine', 'float64'],
    ]);
    expect(layers[2]!.build_input_shape).toEqual([null, 4]);
  });

  it('takes the model policy from the root, else from agreeing layers', () => {
    expect(
      modelDtypePolicy(
        layersFromConfig({
          class_name: 'Sequential',
          config: { dtype: { class_name: 'DTypePolicy', config: { name: 'mixed_bfloat16' } }, layers: [] },
        }),
      ),
    ).toBe('mixed_bfloat16');
    const keras2 = {
      class_name: 'Sequential',
      config: {
        layers: [
          { class_name: 'Dense', config: { name: 'a', dtype: { class_name: 'Policy', config: { name: 'mixed_float16' } } } },
          { class_name: 'Dense', config: { name: 'b', dtype: { class_name: 'Policy', config: { name: 'mixed_float16' } } } },
        ],
      },
    };
    expect(modelDtypePolicy(layersFromConfig(keras2))).toBe('mixed_float16');
  });

  it('survives hostile nesting without a stack overflow', () => {
    let config: Record<string, unknown> = { class_name: 'Dense', config: { name: 'leaf' } };
    for (let i = 0; i < 10_000; i++) config = { class_name: 'TimeDistributed', config: { name: `w${i}`, layer: config } };
    const layers = layersFromConfig(config);
    expect(layers.length).toBeLessThan(100);
    expect(() => findCustomObjects(layers, null, 3)).not.toThrow();
  });
});

describe('findCustomObjects', () => {
  it('accepts every Keras 3 layer of the shared table and rejects a made-up one', () => {
    const names = builtinTable.keras3.layers!.map((e) => e.name);
    const layers = layersFromConfig({
      class_name: 'Sequential',
      config: {
        layers: [...names, 'TotallyCustomLayer'].map((n, i) => ({ module: 'keras.layers', class_name: n, config: { name: `l${i}` } })),
      },
    });
    expect(findCustomObjects(layers, null, 3).map((c) => c.class_name)).toEqual(['TotallyCustomLayer']);
  });

  it('knows which names exist only in one major version', () => {
    const only2 = builtinTable.keras2.layers!.map((e) => e.name).find((n) => !builtinTable.keras3.layers!.some((e) => e.name === n))!;
    const layers = layersFromConfig({ class_name: 'Sequential', config: { layers: [{ class_name: only2, config: { name: 'x' } }] } });
    expect(findCustomObjects(layers, null, 2)).toEqual([]);
    expect(findCustomObjects(layers, null, 3).map((c) => c.class_name)).toEqual([only2]);
    expect(findCustomObjects(layers, null, null)).toEqual([]);
  });

  it('reports Keras 2 "Package>Name" classes and Keras 3 registered names with module', () => {
    const layers = layersFromConfig({
      class_name: 'Sequential',
      config: {
        layers: [
          { class_name: 'MyPkg>MyLayer', config: { name: 'a' } },
          { module: 'mymodule', class_name: 'Dense', registered_name: 'Other>Dense', config: { name: 'b' } },
        ],
      },
    });
    expect(findCustomObjects(layers, null, null)).toEqual([
      { class_name: 'MyLayer', registered_name: 'MyPkg>MyLayer', module: null, role: 'layer', where: 'a' },
      { class_name: 'Dense', registered_name: 'Other>Dense', module: 'mymodule', role: 'layer', where: 'b' },
    ]);
  });

  it('checks initializers, activations, regularizers and dtype policies inside layer configs', () => {
    const layers = layersFromConfig({
      class_name: 'Sequential',
      config: {
        layers: [
          {
            module: 'keras.layers',
            class_name: 'Dense',
            config: {
              name: 'd',
              activation: 'my_swishy',
              kernel_initializer: { module: 'keras.initializers', class_name: 'GlorotUniform', config: {} },
              bias_initializer: 'zeros',
              kernel_regularizer: { module: null, class_name: 'MyReg', config: {}, registered_name: 'X>MyReg' },
              dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'mixed_float16' } },
              mask_value: { class_name: '__tensor__', config: { value: [0] } },
            },
          },
        ],
      },
    });
    expect(findCustomObjects(layers, null, 3).map((c) => [c.role, c.class_name, c.where])).toEqual([
      ['activation', 'my_swishy', 'd.config.activation'],
      ['regularizer', 'MyReg', 'd.config.kernel_regularizer'],
    ]);
  });

  it('checks losses, metrics and optimizers of a training config', () => {
    const training = {
      loss: { out_a: 'mse', out_b: 'my_loss' },
      metrics: ['accuracy', 'auc', { class_name: 'MyMetric', config: {} }],
      optimizer_config: { class_name: 'RMSprop', config: { learning_rate: { class_name: 'MySchedule', config: {} } } },
    };
    expect(findCustomObjects([], training, 2).map((c) => [c.role, c.class_name, c.where])).toEqual([
      ['loss', 'my_loss', 'training_config.loss.out_b'],
      ['metric', 'MyMetric', 'training_config.metrics[2]'],
      ['learning_rate_schedule', 'MySchedule', 'training_config.optimizer_config.config.learning_rate'],
    ]);
    // Keras 3 serializes a user function as {class_name: 'function'} with its own module.
    const compile = { optimizer: 'adam', loss: { module: 'train', class_name: 'function', config: 'focal', registered_name: 'focal' } };
    expect(findCustomObjects([], compile, 3, 'compile_config')).toEqual([
      { class_name: 'focal', registered_name: 'focal', module: 'train', role: 'loss', where: 'compile_config.loss' },
    ]);
  });

  it('treats logcosh as built into Keras 2 but not Keras 3', () => {
    expect(findCustomObjects([], { loss: 'logcosh' }, 2)).toEqual([]);
    expect(findCustomObjects([], { loss: 'logcosh' }, 3).map((c) => c.class_name)).toEqual(['logcosh']);
  });

  it('flags Keras 3 lambdas and Keras 2 named functions of Lambda layers', () => {
    const layers = layersFromConfig({
      class_name: 'Sequential',
      config: { layers: [{ class_name: 'Lambda', config: { name: 'f', function: 'my_fn', function_type: 'function' } }] },
    });
    expect(findCustomObjects(layers, null, 2)).toEqual([
      { class_name: 'my_fn', registered_name: null, module: null, role: 'function', where: 'f.config.function' },
    ]);
  });
});

describe('parsePythonJson', () => {
  it('reads the NaN and Infinity tokens Python writes, leaving strings alone', () => {
    expect(parsePythonJson('{"a": NaN, "b": -Infinity, "c": "NaN Infinity", "d": [Infinity]}')).toEqual({
      a: null,
      b: null,
      c: 'NaN Infinity',
      d: [null],
    });
    expect(() => parsePythonJson('{"a": nope}')).toThrow();
  });
});

describe('sniffKeras', () => {
  const sig = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
  it('finds HDF5 at 0 and after a 512-byte user block, zips by either signature', () => {
    expect(sniffKeras(new Uint8Array(readFileSync(fixturePath('hls4ml/example-prjs/relu/relu.h5')).subarray(0, 4096)))).toBe('hdf5');
    const userBlock = new Uint8Array(1024);
    userBlock.set(sig, 512);
    expect(sniffKeras(userBlock)).toBe('hdf5');
    expect(sniffKeras(userBlock.subarray(0, 515))).toBeNull();
    expect(sniffKeras(new Uint8Array(readFileSync(fixturePath('keras/model.keras')).subarray(0, 64)))).toBe('zip');
    expect(sniffKeras(new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]))).toBe('zip');
    expect(sniffKeras(new TextEncoder().encode('{"class_name": "Sequential"}'))).toBeNull();
  });
});
