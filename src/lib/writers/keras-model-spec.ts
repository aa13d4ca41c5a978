/**
 * A small description of a Keras model for the sample writers: Sequential or Functional (a
 * chain), made of Dense, Conv2D, Flatten and custom layers, with chosen names, class names,
 * registered names and dtype policies. Weight values are deterministic (see weightValues), so a
 * test can recompute them without reading the file back through our own decoder.
 */
export type WeightDtype = 'float32' | 'float64';

export interface LayerSpec {
  class_name: string;
  name: string;
  /** Keras 3 `module` (null for custom classes defined in __main__). Defaults: keras.layers for built-ins. */
  module?: string | null;
  /** `Package>Name` for registered custom classes. */
  registered_name?: string | null;
  /** Layer-specific config (units, filters, ...), merged over name/trainable/dtype. */
  config?: Record<string, unknown>;
  /** Variables in Keras order, e.g. Dense: kernel, bias. */
  weights: { name: string; shape: number[] }[];
  /** Overrides the model policy for this layer. */
  dtype_policy?: string;
  /** Output shape without the batch dimension (for the next layer's build_config). */
  output_shape: (number | null)[];
}

export interface ModelSpec {
  kind: 'Sequential' | 'Functional';
  name: string;
  /** Input shape without the batch dimension. */
  input_shape: (number | null)[];
  input_name?: string;
  layers: LayerSpec[];
  /** float32, mixed_float16, float64, ... */
  dtype_policy?: string;
  /** Written into metadata.json (.keras) or the keras_version attribute (.h5). */
  keras_version?: string;
  /** Keras 3 compile_config / Keras 2 training_config, when the model is "compiled". */
  compile?: { optimizer: string; loss: string; metrics?: string[] };
}

/** Variable dtype under a policy: mixed policies keep float32 variables. */
export function variableDtype(policy: string | undefined): WeightDtype {
  return policy === 'float64' ? 'float64' : 'float32';
}

/** Deterministic values: element i of variable v of layer l is ((l*131 + v*17 + i*7) % 97) / 97 - 0.5. */
export function weightValues(layerIndex: number, varIndex: number, count: number): number[] {
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) out[i] = ((layerIndex * 131 + varIndex * 17 + i * 7) % 97) / 97 - 0.5;
  return out;
}

export function dense(name: string, inputDim: number, units: number, extra: Partial<LayerSpec> = {}): LayerSpec {
  return {
    class_name: 'Dense',
    name,
    config: { units, activation: 'linear', use_bias: true },
    weights: [
      { name: 'kernel', shape: [inputDim, units] },
      { name: 'bias', shape: [units] },
    ],
    output_shape: [units],
    ...extra,
  };
}

export function conv2d(
  name: string,
  input: [number, number, number],
  filters: number,
  kernel: number,
  extra: Partial<LayerSpec> = {},
): LayerSpec {
  return {
    class_name: 'Conv2D',
    name,
    config: {
      filters,
      kernel_size: [kernel, kernel],
      strides: [1, 1],
      padding: 'valid',
      data_format: 'channels_last',
      dilation_rate: [1, 1],
      groups: 1,
      activation: 'linear',
      use_bias: true,
    },
    weights: [
      { name: 'kernel', shape: [kernel, kernel, input[2], filters] },
      { name: 'bias', shape: [filters] },
    ],
    output_shape: [input[0] - kernel + 1, input[1] - kernel + 1, filters],
    ...extra,
  };
}

export function flatten(name: string, input: (number | null)[]): LayerSpec {
  const size = input.reduce<number>((a, b) => a * (b ?? 1), 1);
  return { class_name: 'Flatten', name, config: { data_format: 'channels_last' }, weights: [], output_shape: [size] };
}

/** A custom layer with one weight matrix `w` (like the oracle's registered MyLayer). */
export function customLayer(
  name: string,
  inputDim: number,
  units: number,
  className = 'MyLayer',
  registeredName: string | null = `MyPkg>${className}`,
): LayerSpec {
  return {
    class_name: className,
    name,
    module: null,
    registered_name: registeredName,
    config: { units },
    weights: [{ name: 'w', shape: [inputDim, units] }],
    output_shape: [units],
  };
}

/** Input shape of layer i (the previous layer's output, or the model input). */
export function inputShapeOf(spec: ModelSpec, index: number): (number | null)[] {
  return index === 0 ? spec.input_shape : spec.layers[index - 1]!.output_shape;
}

/** Keras' automatic object names: snake_case of the class name, `_1`, `_2` for repeats. */
export function snakeCase(name: string): string {
  // keras.src.utils.naming.to_snake_case, regex for regex.
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

export function autoNames(classNames: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return classNames.map((c) => {
    const base = snakeCase(c);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n === 0 ? base : `${base}_${n}`;
  });
}
