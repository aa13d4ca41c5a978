/**
 * Text-format TensorSlice checkpoints: the `CheckpointReaderFuzzInput` textprotos TensorFlow's
 * security fuzzers use as seeds (a SavedTensorSliceMeta `meta` plus SavedSlice `data` entries;
 * tensorflow/security/fuzzing/.../checkpoint_reader_testdata). They describe a V1 checkpoint in
 * text, so they are read as one and checked the way TF's TensorSliceReader checks the binary:
 * every tensor needs a name and a real dtype, slices must lie inside the shape, and each slice
 * needs as many values as it has elements. Each violation is a DecodeError naming the tensor.
 */
import { readAll, type ByteSource } from '../../byte-source.ts';
import { DecodeError } from '../../errors.ts';
import { append, emptyFacts, type ModelFacts, type VariableFact } from '../../facts.ts';
import { dtypeName, dtypeSize, normalizeDtype } from '../../dtypes.ts';
import { parseTextProto, type TextField, type TextMessage } from '../graph/index.ts';
import { utf8Decode } from '../../utf8.ts';

const MAX_TEXT_BYTES = 16 * 1024 * 1024;
/** Beyond this a declared tensor cannot be a real checkpoint entry (TF limits tensors to int64 elements; we flag far sooner). */
const MAX_ELEMENTS = 2 ** 40;

/** True when the text's top level is a `meta { tensor { ... } }` checkpoint description. */
export function isCheckpointReaderText(text: string): boolean {
  const body = text.replace(/^\s*#.*$/gm, '');
  return /^\s*meta\s*[:{]/m.test(body) && /\btensor\s*[:{]/.test(body);
}

export async function decodeCheckpointReaderText(source: ByteSource): Promise<ModelFacts> {
  const text = utf8Decode(await readAll(source, MAX_TEXT_BYTES, 'text checkpoint'));
  const root = parseTextProto(source.path, text);
  const facts = emptyFacts();
  const meta = messages(root, 'meta')[0];
  if (!meta) throw new DecodeError(source.path, 'has no `meta` block (SavedTensorSliceMeta)');
  const data = messages(root, 'data');
  const producer = messages(meta, 'versions')[0];
  const producerVersion = producer ? scalar(producer, 'producer') : null;
  if (producerVersion) facts.producer.other.tensor_slice_producer = producerVersion;

  const tensors = messages(meta, 'tensor');
  let invalid = 0;
  tensors.forEach((tensor, index) => {
    const { variable, problems } = checkTensor(source.path, tensor, index, data);
    append(facts.problems, problems);
    if (variable) facts.variables.push(variable);
    else invalid++;
  });
  facts.artifacts.push({
    readable: true,
    path: source.path,
    format: 'checkpoint_v1',
    files: [source.path],
    summary: `TensorSlice checkpoint in text form (checkpoint-reader input): ${tensors.length} tensor${tensors.length === 1 ? '' : 's'}, ${invalid} invalid`,
  });
  return facts;
}

/** Checks one tensor entry; reports every problem it has, not just the first. */
function checkTensor(
  file: string,
  tensor: TextMessage,
  index: number,
  data: TextMessage[],
): { variable: VariableFact | null; problems: DecodeError[] } {
  const name = scalar(tensor, 'name') ?? '';
  const label = name ? `tensor "${name}"` : `tensor #${index}`;
  const problems: DecodeError[] = [];
  const fail = (what: string) =>
    problems.push(
      new DecodeError(file, `${label}: ${what}`, {
        offset: tensor.pos,
        hint: 'TensorFlow refuses this checkpoint entry (TensorSliceReader).',
      }),
    );
  if (!name) fail('has no name');

  const typeText = scalar(tensor, 'type');
  const dtype = typeText === null ? 'invalid' : dtypeFromText(typeText);
  if (dtype === 'invalid') fail('has no dtype (DT_INVALID)');
  if (dtype.endsWith('_ref')) fail(`has reference dtype ${typeText}, which checkpoints cannot hold`);

  const shapeMsg = messages(tensor, 'shape')[0];
  const dimTexts = shapeMsg ? messages(shapeMsg, 'dim').map((d) => scalar(d, 'size') ?? '0') : [];
  const dims = dimTexts.map(Number);
  const shapeText = `[${dimTexts.join(', ')}]`;
  let elements = 1;
  if (!shapeMsg) fail('has no shape');
  else {
    if (scalar(shapeMsg, 'unknown_rank') === 'true' && dims.length > 0) fail('shape is marked unknown_rank but also lists dimensions');
    if (dims.some((d) => !Number.isSafeInteger(d) || d < 0)) fail(`shape ${shapeText} has a negative or unrepresentable dimension`);
    elements = dims.reduce((a, b) => a * b, 1);
    if (elements > MAX_ELEMENTS)
      fail(`shape ${shapeText} declares more than ${MAX_ELEMENTS} elements, more than any real checkpoint tensor`);
  }
  for (const slice of messages(tensor, 'slice')) for (const problem of checkSlice(slice, dims)) fail(problem);

  const entries = name ? data.filter((d) => scalar(d, 'name') === name) : [];
  const bodies = entries.map((e) => messages(e, 'data')[0]).filter((d): d is TextMessage => d !== undefined);
  const values = bodies.reduce((n, d) => n + d.fields.filter((f) => f.name.endsWith('_val')).length, 0);
  const packed = bodies.some((d) => d.fields.some((f) => f.name === 'tensor_content'));
  if (name && entries.length === 0) fail('has no data entry (SavedSlice) with its values');
  else if (entries.length > 0 && values === 0 && !packed) fail(`declares shape ${shapeText} but its data entry carries no values`);
  else if (values > 0 && !packed && values !== elements) fail(`declares ${elements} elements but its data entry carries ${values} values`);

  if (problems.length > 0) return { variable: null, problems };
  const size = dtypeSize(dtype);
  const variable: VariableFact = {
    name,
    dtype,
    shape: dims,
    bytes: size === null ? null : size * elements,
    shard: null,
    offset: null,
    object_path: null,
    slot: null,
    sliced: false,
    file,
  };
  return { variable, problems };
}

function checkSlice(slice: TextMessage, dims: number[]): string[] {
  const problems: string[] = [];
  const extents = messages(slice, 'extent');
  if (extents.length > dims.length && dims.length > 0)
    problems.push(`slice has ${extents.length} extents for a rank-${dims.length} tensor`);
  extents.forEach((extent, i) => {
    const startText = scalar(extent, 'start');
    const start = Number(startText ?? '0');
    const lengthText = scalar(extent, 'length');
    if (!Number.isSafeInteger(start) || start < 0)
      problems.push(`slice extent ${i} starts at ${startText}, which is negative or unrepresentable`);
    if (lengthText === null) {
      if (start !== 0) problems.push(`slice extent ${i} starts at ${startText} but has no length`);
      return;
    }
    const length = Number(lengthText);
    if (!Number.isSafeInteger(length) || length < 0) problems.push(`slice extent ${i} has length ${lengthText}`);
    else if (dims[i] !== undefined && start >= 0 && start + length > dims[i]!)
      problems.push(`slice extent ${i} covers ${start}..${start + length}, beyond dimension ${dims[i]}`);
  });
  return problems;
}

function dtypeFromText(text: string): string {
  if (/^\d+$/.test(text)) return dtypeName(Number(text));
  const base = normalizeDtype(text.replace(/_REF$/, ''));
  if (!base || base === 'invalid') return 'invalid';
  return text.endsWith('_REF') ? `${base}_ref` : base;
}

function messages(message: TextMessage, name: string): TextMessage[] {
  return message.fields
    .filter((f): f is TextField & { value: TextMessage } => f.name === name && f.value.kind === 'message')
    .map((f) => f.value);
}

function scalar(message: TextMessage, name: string): string | null {
  const field = message.fields.find((f) => f.name === name && f.value.kind !== 'message');
  if (!field || field.value.kind === 'message') return null;
  return field.value.kind === 'string' ? utf8Decode(field.value.bytes) : field.value.text;
}
