/**
 * The commands, the options each accepts, and their help texts. Kept free of library imports so
 * `--help` and `--version` answer without loading the decoders.
 */
import type { ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

export const NAME = 'tf-restore-doctor';

const COMMON = {
  json: { type: 'boolean' },
  site: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} satisfies Options;

/** What the reader can say about the loading side: versions, input, loader, resources. */
const CONTEXT = {
  tf: { type: 'string' },
  keras: { type: 'string' },
  h5py: { type: 'string' },
  'input-dtype': { type: 'string' },
  'input-shape': { type: 'string' },
  loader: { type: 'string' },
  'path-given': { type: 'string' },
  'host-memory': { type: 'string' },
  'gpu-memory': { type: 'string' },
  'read-speed': { type: 'string' },
} satisfies Options;

/** Reading from addresses (https://, gs://, s3://). */
const REMOTE = {
  timeout: { type: 'string' },
} satisfies Options;

const REMOTE_HELP = `Addresses (https://..., gs://bucket/path, s3://bucket/path; presigned URLs as given):
  --timeout SECONDS        give up on a request after this long without a response or a byte
                           (default 30; each read is retried 3 times with backoff first)`;

const CONTEXT_HELP = `What the loading side is (each optional; rules say nothing they cannot decide without it):
  --tf X.Y                 TensorFlow version that loads
  --keras X.Y              Keras version that loads (tf.keras 2.x or Keras 3.x)
  --h5py X.Y               h5py version that loads
  --input-dtype T          dtype the code feeds (float32, uint8, ...)
  --input-shape S          shape the code feeds, e.g. None,224,224,3
  --loader CALL            the call that loads, e.g. keras.models.load_model
  --path-given PATH        the path string the code passes, when it differs from what you inspect
  --host-memory SIZE       RAM available to the loading process, e.g. 16G
  --gpu-memory SIZE        GPU memory, e.g. 8G
  --read-speed SIZE        read throughput of the storage, per second, e.g. 200M`;

const OUTPUT_HELP = `Output:
  --json                   one JSON document on stdout (see the README's "CLI")
  --site URL               the site that guide links point to (default: $TF_RESTORE_DOCTOR_SITE or the built-in address)
  -h, --help               this help`;

export interface CommandSpec {
  summary: string;
  options: Options;
  help: string;
}

export const COMMANDS = {
  inspect: {
    summary: 'decode every artifact in the paths, verify checkpoint data, and name what will fail',
    options: {
      ...COMMON,
      ...CONTEXT,
      ...REMOTE,
      expect: { type: 'string' },
      'no-verify': { type: 'boolean' },
      verify: { type: 'boolean' },
    },
    help: `usage: ${NAME} inspect <path | address>... [options]

Decodes every artifact in the paths (folders are walked; content decides the format), verifies
every checkpoint tensor against its checksum, and prints the findings, each with its guide.
An address is read with HTTP Range requests: a checkpoint's index and object graph, not its
shards (data at an address is verified only with --verify, or with the verify command).

  --expect PATH            what the loading code expects: a second artifact (a checkpoint saved
                           from the freshly built model), or a text file with model.summary(),
                           tf.train.list_variables() output or a Keras config JSON
  --no-verify              skip reading the data shards (checksums are not checked)
  --verify                 verify checkpoint data at addresses too (streams every shard)

${REMOTE_HELP}

${CONTEXT_HELP}

${OUTPUT_HELP}

Exit status: 0 no error findings, 1 error findings, 2 nothing to check or bad arguments.`,
  },
  diff: {
    summary: 'compare what was saved with what the loading code expects',
    options: { ...COMMON, ...CONTEXT, ...REMOTE, 'no-verify': { type: 'boolean' } },
    help: `usage: ${NAME} diff <saved-path> <expected-path> [options]

Compares what was saved with what the loading code expects (a second artifact, or a text file
with model.summary(), a variable list or a Keras config): matched, renamed (with a rename map and
a script that rewrites the checkpoint), missing, extra and reshaped values, then the findings.

  --no-verify              skip reading the data shards of the saved checkpoint

${CONTEXT_HELP}

${OUTPUT_HELP}

Exit status: 0 no error findings, 1 error findings, 2 nothing to check or bad arguments.`,
  },
  verify: {
    summary: 'check every tensor of a TF2 checkpoint against its crc32c',
    options: { ...COMMON, ...REMOTE },
    help: `usage: ${NAME} verify <checkpoint-prefix | .index | folder | address> [options]

Streams every data shard and checks each tensor against the crc32c in the index, as TensorFlow
does when it restores that tensor. A folder verifies every checkpoint in it. At an address
(https://, gs://, s3://) each shard is streamed once with Range requests, 4 shards at a time.

${REMOTE_HELP}

${OUTPUT_HELP}

Exit status: 0 intact, 1 damaged, 2 no checkpoint or bad arguments.`,
  },
  repair: {
    summary: 'write a repaired copy of a checkpoint or Keras file that loads (the plan is shown first)',
    options: {
      ...COMMON,
      tf: { type: 'string' },
      keras: { type: 'string' },
      expect: { type: 'string' },
      'rename-map': { type: 'string' },
      cast: { type: 'string' },
      'drop-optimizer': { type: 'boolean' },
      'allow-missing': { type: 'boolean' },
      out: { type: 'string' },
      force: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
    },
    help: `usage: ${NAME} repair <path> [options]

Checks the artifact at <path> (a checkpoint folder, prefix or .index; a .h5 or .keras file),
prints a repair plan ("rename 2 keys, drop 10 optimizer values, ...") and writes the repaired
copy into a new folder. The input is never modified; every checkpoint tensor is copied from the
input in chunks and verified against its checksum on the way; no value is ever invented.

What it repairs (each only when the check or your options call for it):
  renamed variables        a TF2 checkpoint's keys and object graph under the names the loading
                           code expects (from --expect, edited or given with --rename-map)
  TF1 -> TF2               a name-based (tf.compat.v1 Saver) checkpoint written object-based under
                           the expected model's keys (--expect: a checkpoint or variable list
                           saved from the freshly built model)
  dtypes                   --cast: floating tensors cast (precision consequence stated)
  Keras 2 -> Keras 3       a legacy .h5 or tf.keras .keras rewritten for --keras (default 3.15)
  optimizer state          --drop-optimizer: left out (checkpoint, .h5, .keras, .weights.h5)
  moved checkpoints        the \`checkpoint\` state file rewritten with relative paths, or recreated
  interrupted saves        the parts of a sharded save that never merged, merged (when every part
                           is there and verifies)

  --expect PATH            what the loading code expects: a checkpoint saved from the fresh model,
                           or a text file with tf.train.list_variables() output / model.summary()
  --rename-map FILE        saved key -> expected key, as JSON {"old": "new"} (null drops a
                           proposal) or lines "old new"; applied over the proposals of --expect
  --cast DTYPE             float32, float64, float16 or bfloat16
  --drop-optimizer         leave the optimizer's state out
  --allow-missing          TF1 -> TF2: write even when some expected values have no saved value
  --tf X.Y                 TensorFlow version that will load the result (said in the plan)
  --keras X.Y              Keras version that will load the result (default: 3.15)
  --out DIR                where to write (default: <path>-repaired beside the input); must not
                           exist or be empty
  --force                  write into a non-empty --out (never over the input's own files)
  --dry-run                print the plan, write nothing

${OUTPUT_HELP}

Exit status: 0 repaired copy written (with --dry-run: it can be written), 1 nothing written (nothing
to repair, or the repair is refused: the reasons are printed), 2 bad arguments, no model, or an
output folder that cannot be used.`,
  },
  triage: {
    summary: 'read a traceback or log and name the failure',
    options: { ...COMMON },
    help: `usage: ${NAME} triage [file | -] [options]

Reads a traceback or log (a file, or - / nothing for standard input, up to 8 MiB) and ranks the
failures it points to, with the lines that decided and the guide section that explains it.

${OUTPUT_HELP}

Exit status: 0 (also when nothing matched), 2 unreadable input or bad arguments.`,
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

export function isCommand(name: string | undefined): name is CommandName {
  return name !== undefined && Object.hasOwn(COMMANDS, name);
}

export const GLOBAL_HELP = `usage: ${NAME} <command> [options]

Why will this TensorFlow or Keras model not load?

Commands:
${Object.entries(COMMANDS)
  .map(([name, spec]) => `  ${name.padEnd(10)} ${spec.summary}`)
  .join('\n')}

Run '${NAME} <command> --help' for a command's options.
  -V, --version            print the version`;
