/**
 * A .keras file whose names are markup: a layer named `<img src=x onerror=...>` and a custom
 * class named like a script tag. Made with the project's own writer, so the file is otherwise real.
 */
import { writeFileSync } from 'node:fs';
import { customLayer, dense } from '../../../src/lib/writers/keras-model-spec.ts';
import { writeKerasZip } from '../../../src/lib/writers/keras.ts';

export const HOSTILE_LAYER = '<img src=x onerror="window.__xss=1">';
export const HOSTILE_CLASS = '<script>window.__xss=2</script>';

export async function writeHostileKeras(path: string): Promise<void> {
  const bytes = await writeKerasZip({
    kind: 'Sequential',
    name: '<b onmouseover="window.__xss=3">model</b>',
    input_shape: [4],
    layers: [dense(HOSTILE_LAYER, 4, 3), customLayer('custom_1', 3, 2, HOSTILE_CLASS, `evil>${HOSTILE_CLASS}`)],
  });
  writeFileSync(path, bytes);
}
