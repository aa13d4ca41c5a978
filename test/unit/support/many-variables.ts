/** Writes a 100,000-variable checkpoint with the writer, then inspects and verifies it; prints counts. */
import { BytesSource } from '../../../src/lib/byte-source.ts';
import { verifyCheckpoint } from '../../../src/lib/formats/checkpoint/index.ts';
import { inspect } from '../../../src/lib/inspect.ts';
import { writeCheckpoint } from '../../../src/lib/writers/checkpoint.ts';

const count = Number(process.argv[2] ?? 100_000);
const tensors = Array.from({ length: count }, (_, i) => ({
  key: `model/layer_${i}/kernel/.ATTRIBUTES/VARIABLE_VALUE`,
  dtype: 'float32',
  shape: [1],
  data: new Uint8Array(4),
}));
const files = writeCheckpoint(tensors, { prefix: 'ckpt-1' });
const set = { files: Object.entries(files).map(([name, bytes]) => new BytesSource(name, bytes)) };
const { facts } = await inspect(set);
const report = await verifyCheckpoint(set, 'ckpt-1');
console.log(
  JSON.stringify({ variables: facts.variables.length, problems: facts.problems.length, verified: report.tensors, ok: report.ok }),
);
