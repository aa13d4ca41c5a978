/**
 * Deep links into the guides: for each cause triage can name, the guide and section that
 * explain it (the `{#id}` anchors of src/content/failures/*.mdx) and, when the section explains
 * several causes, the words that open the cause's own paragraph. Browsers that support text
 * fragments (`#mechanism:~:text=...`) scroll to those words; others stop at the section.
 * test/unit/triage/guide-links.test.ts checks every section and every phrase against the MDX.
 */
import { failureInfo, type FailureId } from '../catalog.ts';
import type { GuideLink } from './types.ts';

export interface Cause {
  /** The guide that explains it (usually the failure's own; add-on ops are explained in version-mismatch). */
  guide: FailureId;
  section: 'symptoms' | 'mechanism' | 'confirm' | 'fix' | 'verify' | 'try' | 'prevent';
  /** Words that start the cause's paragraph in the rendered guide, or null for the whole section. */
  text: string | null;
}

export const CAUSES = {
  'hang-fork': { guide: 'restore-hang', section: 'mechanism', text: 'fork() after TensorFlow started' },
  'hang-peers': { guide: 'restore-hang', section: 'mechanism', text: 'Distributed restores that not every worker runs' },
  'hang-network': { guide: 'restore-hang', section: 'mechanism', text: 'A stalled filesystem read' },
  'hang-memory': { guide: 'restore-hang', section: 'mechanism', text: 'Memory pressure' },
  'hang-slow': { guide: 'restore-hang', section: 'mechanism', text: 'Slow: the work is proportional to what is in the files' },
  'hang-stuck': { guide: 'restore-hang', section: 'mechanism', text: 'Stuck: something it waits for never arrives' },
  'hang-ptx': { guide: 'restore-hang', section: 'mechanism', text: 'PTX JIT compilation on a GPU newer than the wheel' },
  'version-keras3-format': {
    guide: 'version-mismatch',
    section: 'mechanism',
    text: 'Keras 3 decides by the path, before reading anything',
  },
  'version-op-newer': { guide: 'version-mismatch', section: 'mechanism', text: 'an op newer than the loading TensorFlow' },
  'version-attrs': { guide: 'version-mismatch', section: 'mechanism', text: 'New attrs on old ops' },
  'version-graphdef': { guide: 'version-mismatch', section: 'mechanism', text: 'GraphDef versions: producer and min_consumer' },
  'version-h5py': { guide: 'version-mismatch', section: 'mechanism', text: 'h5py 3 and old Keras' },
  'version-library-pairs': { guide: 'version-mismatch', section: 'symptoms', text: 'Library pairs that drifted apart' },
  'version-keras-refuses': { guide: 'version-mismatch', section: 'symptoms', text: 'Keras 3 refuses a format' },
  'addon-op': { guide: 'version-mismatch', section: 'mechanism', text: 'an op from an add-on library' },
  'custom-registered-name': {
    guide: 'unregistered-custom-object',
    section: 'mechanism',
    text: 'The custom_objects key must be the saved registered_name',
  },
  'custom-import-time': { guide: 'unregistered-custom-object', section: 'mechanism', text: 'Registration happens at import time' },
  'custom-lambda': { guide: 'unregistered-custom-object', section: 'fix', text: 'Lambda layers store Python bytecode' },
  'dtype-checkpoint': { guide: 'dtype-mismatch', section: 'mechanism', text: 'Restore compares dtypes before it copies anything' },
  'dtype-signature': { guide: 'dtype-mismatch', section: 'mechanism', text: 'SavedModel signatures do not cast tensors' },
  'dtype-autocast': { guide: 'dtype-mismatch', section: 'mechanism', text: 'Keras layers cast their inputs' },
  'dtype-mixed-precision': { guide: 'dtype-mismatch', section: 'mechanism', text: 'Mixed precision does not change saved dtypes' },
  'corrupt-flipped-byte': { guide: 'corrupted-checkpoint', section: 'mechanism', text: 'A flipped byte' },
  'corrupt-truncated-shard': { guide: 'corrupted-checkpoint', section: 'mechanism', text: 'A truncated shard' },
  'corrupt-interrupted-save': { guide: 'corrupted-checkpoint', section: 'mechanism', text: 'An interrupted save' },
  'corrupt-keras-cut-short': { guide: 'corrupted-checkpoint', section: 'mechanism', text: 'A .keras file cut short' },
  'path-prefix': { guide: 'wrong-path-or-loader', section: 'mechanism', text: 'Prefix, directory, file' },
  'path-state-file': { guide: 'wrong-path-or-loader', section: 'mechanism', text: 'The state file' },
  'path-which-api': { guide: 'wrong-path-or-loader', section: 'mechanism', text: 'Which API reads which format' },
  'tf1-tf2-api-file': { guide: 'tf1-tf2-checkpoint', section: 'mechanism', text: 'TF2 API, TF1 file' },
  'tf1-api-tf2-file': { guide: 'tf1-tf2-checkpoint', section: 'mechanism', text: 'TF1 API, TF2 file' },
  'partial-expect': { guide: 'partial-restore', section: 'mechanism', text: 'When expect_partial() is right, and when it hides a bug' },
  'memory-oom-killer': { guide: 'resource-exhaustion', section: 'symptoms', text: 'The Linux OOM killer ends the process' },
  'memory-allocator': { guide: 'resource-exhaustion', section: 'symptoms', text: "TensorFlow's allocator refuses" },
  'memory-protobuf': { guide: 'resource-exhaustion', section: 'symptoms', text: 'A 2 GB protobuf limit' },
  'arch-legacy-h5': { guide: 'architecture-mismatch', section: 'mechanism', text: 'Legacy .h5' },
  'arch-tf1-saver': { guide: 'architecture-mismatch', section: 'mechanism', text: 'TF1 Saver' },
  'arch-checkpoint': { guide: 'architecture-mismatch', section: 'mechanism', text: 'TF2 tf.train.Checkpoint' },
  'arch-keras3': { guide: 'architecture-mismatch', section: 'mechanism', text: 'Keras 3 .weights.h5' },
  'shape-unbuilt-keras3': { guide: 'input-shape-mismatch', section: 'mechanism', text: 'Keras 3 load_weights' },
  'shape-unbuilt-h5': { guide: 'input-shape-mismatch', section: 'mechanism', text: 'tf.keras 2.x load_weights of an .h5' },
  'shape-deferred': { guide: 'input-shape-mismatch', section: 'mechanism', text: 'tf.train.Checkpoint(model=net).restore(prefix)' },
} as const satisfies Record<string, Cause>;

export type CauseId = keyof typeof CAUSES;

/** Which cause a catalog message points at, when its guide explains several. */
export const MESSAGE_CAUSE: Readonly<Record<string, CauseId>> = {
  'fork-child-stuck-stack-signature': 'hang-fork',
  'mwms-peer-seems-down': 'hang-peers',
  'horovod-ranks-waiting': 'hang-peers',
  'gcs-retrying-operation': 'hang-network',
  'gcs-all-retries-failed': 'hang-network',
  'gcs-auth-token-failed': 'hang-network',
  'curl-request-stuck': 'hang-network',
  'hub-module-already-being-downloaded': 'hang-network',
  'hub-deleting-lock-file': 'hang-network',
  'hub-downloading-module': 'hang-network',
  'ptx-jit-compilation-warning': 'hang-ptx',
  'keras3-savedmodel-not-supported': 'version-keras3-format',
  'keras-core-load-model-not-keras-file': 'version-keras3-format',
  'op-type-not-registered': 'version-op-newer',
  'nodedef-attr-not-in-op': 'version-attrs',
  'graphdef-min-consumer': 'version-graphdef',
  'graphdef-producer-below-min': 'version-graphdef',
  'graphdef-forward-compat-window': 'version-graphdef',
  'h5py3-str-no-decode': 'version-h5py',
  'keras3-unrecognized-kwargs': 'version-keras-refuses',
  'tfkeras-unrecognized-kwargs-batch-shape': 'version-keras-refuses',
  'keras3-parent-module-not-importable': 'version-keras-refuses',
  'python-bad-marshal-data': 'version-library-pairs',
  'tflite-builtin-op-version-not-found': 'version-op-newer',
  'tflite-builtin-code-out-of-range': 'version-op-newer',
  'keras3-could-not-locate-class': 'custom-import-time',
  'keras3-could-not-locate-function': 'custom-import-time',
  'keras-lambda-safe-mode': 'custom-lambda',
  'checkpoint-dtype-mismatch': 'dtype-checkpoint',
  'restored-concrete-function-no-match': 'dtype-signature',
  'tf-function-binding-cast': 'dtype-signature',
  'function-expects-arg-dtype': 'dtype-signature',
  'keras-autocast-float64-warning': 'dtype-autocast',
  'bundle-checksum-mismatch': 'corrupt-flipped-byte',
  'bundle-length-checksum-mismatch': 'corrupt-flipped-byte',
  'read-less-bytes-than-requested': 'corrupt-truncated-shard',
  'missing-data-shard': 'corrupt-truncated-shard',
  'h5-truncated-file': 'corrupt-interrupted-save',
  'keras3-dotkeras-not-a-zip': 'corrupt-keras-cut-short',
  'bad-zip-file': 'corrupt-keras-cut-short',
  'tensorslicereader-no-matching-files': 'path-prefix',
  'tensorslicereader-failed-get-matching': 'path-prefix',
  'couldnt-match-files-for-checkpoint': 'path-prefix',
  'unable-to-open-table-file': 'path-prefix',
  'savedmodel-file-does-not-exist': 'path-which-api',
  'keras3-load-weights-format-not-supported': 'path-which-api',
  'name-based-status-attributes-not-restored': 'tf1-tf2-api-file',
  'name-based-restore-warning': 'tf1-tf2-api-file',
  'object-based-ckpt-with-name-saver': 'tf1-api-tf2-file',
  'hub-load-tf1-format': 'tf1-tf2-api-file',
  'hub-missing-implementation': 'tf1-api-tf2-file',
  'saver-no-variables-to-save': 'tf1-tf2-api-file',
  'ckpt-deleted-with-unrestored-values': 'partial-expect',
  'ckpt-value-not-found-in-restored-object': 'partial-expect',
  'ckpt-unresolved-object-warning-old': 'partial-expect',
  'ckpt-not-all-values-used-old': 'partial-expect',
  'oom-when-allocating-tensor': 'memory-allocator',
  'bfc-allocator-ran-out-of-memory': 'memory-allocator',
  'cuda-error-out-of-memory': 'memory-allocator',
  'protobuf-exceeds-2gb': 'memory-protobuf',
  'protobuf-message-too-big-read': 'memory-protobuf',
  'tensor-proto-larger-than-2gb': 'memory-protobuf',
  'keras-h5-weight-file-layer-count-old': 'arch-legacy-h5',
  'keras-h5-layer-count-mismatch': 'arch-legacy-h5',
  'keras-h5-weight-count-mismatch': 'arch-legacy-h5',
  'assign-requires-same-shape': 'arch-tf1-saver',
  'saver-restore-failed-graph-mismatch': 'arch-tf1-saver',
  'received-incompatible-tensor-restore': 'arch-checkpoint',
  'keras3-layer-expected-n-variables': 'arch-keras3',
  'keras3-load-weights-unbuilt-model': 'shape-unbuilt-keras3',
  'tfkeras-h5-into-unbuilt-subclassed': 'shape-unbuilt-h5',
  'keras-weights-not-yet-created': 'shape-unbuilt-h5',
};

/** The section a failure's answers open at when no cause is known. */
const DEFAULT_SECTION = 'mechanism';

/** Percent-encode a text directive: `-`, `,` and `&` are syntax there. */
function textDirective(text: string): string {
  return encodeURIComponent(text).replace(/-/g, '%2D').replace(/,/g, '%2C');
}

export function guideLink(failure: FailureId, cause: CauseId | null): GuideLink {
  const c: Cause | null = cause ? CAUSES[cause] : null;
  const guide = c ? c.guide : failure;
  const section = c ? c.section : DEFAULT_SECTION;
  const text = c ? c.text : null;
  const url = `/failures/${guide}/#${section}${text ? `:~:text=${textDirective(text)}` : ''}`;
  return { failure: guide, title: failureInfo(guide).title, section, cause: text, url };
}

export function causeOf(messageId: string | null): CauseId | null {
  return messageId ? (MESSAGE_CAUSE[messageId] ?? null) : null;
}
