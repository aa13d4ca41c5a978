#!/usr/bin/env python3
"""Add the messages mined for issue 14 to the error catalog (src/lib/data/errors.json) and write
the known messages whose cause is outside the twelve failures (src/lib/data/other-errors.json).

Every entry's `source` names the repository file that raises it and `versions` the releases
that carry the wording, as found by mine.py (../tables/triage-message-sources.json): git grep
over release tags for Keras 1/2/3, tf-keras, TF Hub, TF Serving and h5py; the installed
TensorFlow 2.21 wheel (Python sources and shared-library strings); the code index for TF 1.x
C++, HDF5 and CPython. Templates and regexes are written from that source text, not from
reports. Re-running replaces the entries by id (idempotent). Regexes must compile in both
Python `re` and JavaScript (scripts/samples/catalog.py and src/lib/triage both use them).

    python3 add_to_catalog.py ../../../src/lib/data/errors.json ../../../src/lib/data/other-errors.json
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

M = "scripts/data/tables/triage-message-sources.json"


def e(id, family, failure, exception, template, regex, source, versions, notes):
    return {"id": id, "family": family, "failure": failure, "exception": exception, "template": template,
            "regex": regex, "source": source, "versions": versions, "notes": notes}


NEW = [
    e("nodedef-attr-not-in-op", "version-mismatch", "version-mismatch",
      "InvalidArgumentError (import_graph_def, session creation, TF Serving); ValueError from importer.py; an ERROR log in recent TF",
      "NodeDef mentions attr '{attr}' not in {op_def}; NodeDef: {node_def}. (Check whether your GraphDef-interpreting binary is up to date with your GraphDef-generating binary.).",
      r"NodeDef mentions attr(?:ibute)? '?(\w+)'?(?: not in| which is not in the op definition:)(?: ?Op<name=([\w>]+))?",
      "tensorflow/tensorflow: tensorflow/core/framework/node_def_util.cc (ValidateNodeDef); read through the code index; the TF 2.21 wheel's libtensorflow_framework.so.2 carries the recent wording",
      "TF 0.x-1.x: \"NodeDef mentions attr 'X' not in Op<...>; NodeDef: ...\" (no hint); TF 1.x-2.x adds \". (Check whether your GraphDef-interpreting binary is up to date with your GraphDef-generating binary.).\"; recent TF (2.21 wheel) only logs \"NodeDef mentions attribute X which is not in the op definition: Op<...> This may be expected if your graph generating binary is newer  than this binary. Unknown attributes will be ignored.\"",
      "A graph written by a newer TensorFlow carries an attr its op gained later (Cast 'Truncate' TF 1.8, Fill 'index_type' TF 1.6, Equal 'incompatible_shape_error' TF 1.14/1.15, Conv2D 'data_format' TF 0.8) and an older binary refuses it. Fix: load with a TensorFlow at least as new as the writer, or re-export with the older one. " + M),
    e("function-expects-arg-dtype", "dtype-mismatch", "dtype-mismatch",
      "InvalidArgumentError (function call; tfjs-node / C API 'Session fail to run')",
      "Expects arg[{index}] to be {expected_dtype} but {actual_dtype} is provided",
      r"Expects arg\[(\d+)\] to be (\w+) but (\w+) is provided",
      "tensorflow/tensorflow: tensorflow/core/framework/function.cc (FunctionCallFrame::SetArgs); read through the code index; the fragment 'Expects arg[' is in the TF 2.21 wheel's libtensorflow_framework.so.2",
      "TF 1.x-2.x, unchanged",
      "A SavedModel signature or function called with a tensor of another dtype than it was traced with (int32 image into a float signature). Cast before calling. " + M),
    e("graph-input-incompatible-dtype", "dtype-mismatch", "dtype-mismatch",
      "InvalidArgumentError / ValueError (tf.import_graph_def)",
      "Input {index} of node {node} was passed {actual_dtype} from {source} incompatible with expected {expected_dtype}.",
      r"Input (\d+) of node (\S+) was passed (\w+) from (\S+) incompatible with expected (\w+)",
      "tensorflow/tensorflow: tensorflow/core/graph/graph_constructor.cc (GraphConstructor::MakeEdge); read through the code index; the fragment ' incompatible with expected ' is in the TF 2.21 wheel",
      "TF 1.x-2.x, unchanged",
      "Importing a GraphDef whose edges disagree on dtype: usually a graph rewritten for inference (optimize_for_inference turned a uint8 placeholder into float) or a placeholder fed a different dtype. " + M),
    e("tflite-builtin-op-version-not-found", "version-mismatch", "version-mismatch",
      "RuntimeError / ValueError (tflite Interpreter), or an ERROR line of the benchmark and mobile runtimes",
      "Didn't find op for builtin opcode '{op}' version '{op_version}'. An older version of this builtin might be supported. Are you using an old TFLite binary with a newer model?",
      r"Didn't find op for builtin opcode '(\w+)' version '(\d+)'",
      "tensorflow/tensorflow: tensorflow/lite/core/api/op_resolver.cc / interpreter_builder.cc (GetRegistrationFromOpCode); the string is in the TF 2.21 wheel's libtensorflow_cc.so.2",
      "TFLite in TF 2.x; older runtimes print only the first sentence",
      "The .tflite was converted by a newer TensorFlow whose kernel version the runtime (tflite_runtime, a mobile/JS binding, benchmark_model) does not have. Use a runtime at least as new as the converter. " + M),
    e("tflite-builtin-code-out-of-range", "version-mismatch", "version-mismatch",
      "ValueError (tflite Interpreter)",
      "Op builtin_code out of range: {builtin_code}. Are you using old TFLite binary with newer model?",
      r"Op builtin_code out of range: (\d+)",
      "tensorflow/tensorflow: tensorflow/lite/core/api/op_resolver.cc (GetRegistrationFromOpCode); the string is in the TF 2.21 wheel's libtensorflow_cc.so.2",
      "TFLite in TF 2.x",
      "The model uses a builtin op code the runtime's schema does not know yet: a runtime older than the converter. " + M),
    e("tflite-set-tensor-type", "dtype-mismatch", "dtype-mismatch",
      "ValueError (tflite Interpreter.set_tensor)",
      "Cannot set tensor: Got value of type {actual_dtype} but expected type {expected_dtype} for input {index}, name: {name}",
      r"Cannot set tensor: Got value of type (\S+) but expected type (\S+) for input (\d+)",
      "tensorflow/tensorflow: tensorflow/lite/python/interpreter_wrapper/interpreter_wrapper.cc (InterpreterWrapper::SetTensor); the string is in the TF 2.21 wheel's tensorflow/lite/python/libpywrap_tflite_common.so",
      "TFLite Python API in TF 1.x-2.x",
      "The array fed to a .tflite input has another dtype than the model expects (uint8 camera frames into a float32 model, float into a fully quantized uint8 one). " + M),
    e("tflite-unresolved-custom-op", "custom-objects", "unregistered-custom-object",
      "RuntimeError (tflite Interpreter.allocate_tensors)",
      "Encountered unresolved custom op: {op}.",
      r"Encountered unresolved custom op: ([^\s.]+)",
      "tensorflow/tensorflow: tensorflow/lite/core/interpreter_builder.cc / subgraph.cc; the string is in the TF 2.21 wheel's libtensorflow_cc.so.2",
      "TFLite in TF 2.x",
      "The .tflite contains a custom op whose kernel is not registered in this interpreter (a custom op library, or TF Select ops without the Flex delegate). " + M),
    e("keras-layer-weight-shape-not-compatible", "structure-mismatch", "architecture-mismatch",
      "ValueError (Exception in Keras 0.x) from Layer.set_weights",
      "Layer weight shape {variable_shape} not compatible with provided weight shape {value_shape}   /   Layer {layer} weight shape {variable_shape} is not compatible with provided weight shape {value_shape}.",
      r"Layer (?:(\S+) )?weight shape (\([^)]*\)|\[[^\]]*\]) (?:is )?not compatible with provided weight shape (\([^)]*\)|\[[^\]]*\])",
      "keras-team/keras: keras/layers/core.py (0.3.x), keras/engine/topology.py (1.x-2.1), keras/engine/base_layer.py (2.2-2.15); keras-team/tf-keras: tf_keras/engine/base_layer.py; keras/src/layers/layer.py (3.x)",
      "Keras 0.3-2.3 and tf.keras <= 2.x: 'Layer weight shape (a) not compatible with provided weight shape (b)'; tf.keras 2.11+/tf-keras/Keras 3: 'Layer NAME weight shape (a) is not compatible with provided weight shape (b).'",
      "set_weights (or legacy .h5 loading, which calls it) got an array of another shape than the layer's variable: the rebuilt layer differs (units, kernel size, input width). Kernels transposed between (h, w, in, out) and (out, in, h, w) are Theano channels-first weights from Keras 1: a version problem. " + M),
    e("keras0-layer-shape-not-compatible", "structure-mismatch", "architecture-mismatch",
      "Exception (Layer.set_weights)",
      "Layer shape {variable_shape} not compatible with weight shape {value_shape}.",
      r"Layer shape (\([^)]*\)) not compatible with weight shape (\([^)]*\))",
      "keras-team/keras: keras/layers/core.py (Layer.set_weights), release 0.1.0",
      "Keras 0.1.x (later 'Layer weight shape ... not compatible with provided weight shape ...')",
      "The Keras 0.x wording of keras-layer-weight-shape-not-compatible. " + M),
    e("keras-set-weights-list-length", "structure-mismatch", "architecture-mismatch",
      "ValueError (Layer.set_weights)",
      "You called `set_weights(weights)` on layer \"{layer}\" with a weight list of length {received_weights}, but the layer was expecting {expected_weights} weights.",
      r"You called .?set_weights\(weights\).? on layer ['\"]?([^'\"\s]+?)['\"]? with a\s+weight list of length (\d+), but the layer was expecting (\d+) weights",
      "keras-team/keras: keras/engine/topology.py (1.x-2.1), keras/engine/base_layer.py (2.2-2.15), keras/src/layers/layer.py (3.x); keras-team/tf-keras: tf_keras/engine/base_layer.py",
      "Keras 1.0-3.15, tf-keras 2.15-2.21 (Keras 2.2-2.3 printed 'a  weight list', two spaces; Keras 3 quotes the layer with '')",
      "A layer gets a different number of arrays than it has variables: the rebuilt layer differs (use_bias, a BatchNormalization without its moving statistics, a layer type swapped). " + M),
    e("keras-weights-not-yet-created", "structure-mismatch", "input-shape-mismatch",
      "ValueError (Model.weights / summary / save_weights on an unbuilt model)",
      "Weights for model {model} have not yet been created. Weights are created when the Model is first called on inputs or `build()` is called with an `input_shape`.",
      r"Weights for model '?([^'\s]+?)'? have not yet been\s+created",
      "keras-team/keras: keras/engine/training.py (Model._assert_weights_created), releases 2.6-2.11; the same text in the TF 2.21 wheel's tensorflow/python/keras/engine/training.py",
      "tf.keras / Keras 2.4-2.11",
      "A Sequential or subclassed model without an input shape has no variables until it is built or called: weights cannot be loaded into it or read from it yet. " + M),
    e("keras-error-when-checking-input-shape", "structure-mismatch", "input-shape-mismatch",
      "ValueError (Model.predict/fit/evaluate, Keras 1.x-2.x)",
      "Error when checking input: expected {name} to have shape {expected_shape} but got array with shape {actual_shape}",
      r"Error when checking (?:model )?input: expected (\S+) to have (?:shape (\([^)]*\))|(\d+) dimensions),? but got array with shape (\([^)]*\))",
      "keras-team/keras: keras/engine/training.py (standardize_input_data, 1.x-2.1), keras/engine/training_utils.py (2.2-2.3), keras/engine/training_utils_v1.py (2.6-2.15)",
      "Keras 1.0-2.3 and tf.keras v1 code paths; Keras 1.x wording 'Error when checking : expected ...'",
      "The data fed to a loaded model has another shape than the input the model was saved with (a look-back of 30 steps into a model trained on 100). " + M),
    e("keras-input-incompatible-with-layer", "structure-mismatch", "input-shape-mismatch",
      "ValueError (Layer.__call__ input checks)",
      "Input {index} of layer \"{layer}\" is incompatible with the layer: expected shape={expected_shape}, found shape={actual_shape}",
      r"Input (\d+) of layer ['\"]?([^'\"\s]+?)['\"]? is incompatible with the layer: ([^\n]+)",
      "keras-team/keras: keras/engine/input_spec.py (assert_input_compatibility, 2.6-2.15), keras/src/layers/input_spec.py (3.x); keras-team/tf-keras: tf_keras/engine/input_spec.py",
      "tf.keras 2.x, Keras 2.6-3.15 (details vary: 'expected shape=..., found shape=...', 'expected ndim=4, found ndim=3', 'expected axis -1 of input shape to have value N')",
      "Input fed to a (loaded) model differs from the shape it was built with. " + M),
    e("keras-optimizer-state-not-loaded", "structure-mismatch", "partial-restore",
      "UserWarning (warnings.warn) / WARNING:tensorflow log",
      "Error in loading the saved optimizer state. As a result, your model is starting with a freshly initialized optimizer.",
      r"Error in loading the saved optimizer\s+state",
      "keras-team/keras: keras/models.py (2.0.9-2.1), keras/engine/saving.py (2.2-2.3), keras/saving/hdf5_format.py (2.6-2.15), keras/src/legacy/saving/legacy_h5_format.py (3.x); keras-team/tf-keras: tf_keras/saving/legacy/hdf5_format.py",
      "Keras 2.0.9-3.15, tf-keras 2.15-2.21",
      "The model's weights loaded; the optimizer's did not (another optimizer or Keras version, a custom loss, or a known TF 2.1 bug). Harmless for inference; for resumed training the optimizer restarts. A consequence, not a cause. " + M),
    e("keras1-invalid-object", "custom-objects", "unregistered-custom-object",
      "Exception (0.x) / ValueError (1.x)",
      "Invalid {kind}: {name}",
      r"Invalid (layer|activation function|objective|optimizer|regularizer|constraint|initialization|metric): ?([\w.\-]+)",
      "keras-team/keras: keras/utils/generic_utils.py (get_from_module), releases 0.1.0-1.2.2",
      "Keras 0.x-1.x; Keras 2.0+ says 'Unknown layer: X' (keras-unknown-object-bare)",
      "The Keras 1 wording for an unknown custom layer/activation/loss name. " + M),
    e("python-bad-marshal-data", "version-mismatch", "version-mismatch",
      "ValueError (marshal.loads inside Keras func_load)",
      "bad marshal data (unknown type code)",
      r"bad marshal data \(unknown type code\)",
      "python/cpython: Python/marshal.c (r_object), raised through keras-team/keras keras/utils/generic_utils.py func_load (1.0-2.15), keras/src/utils/python_utils.py func_load (3.x) and tf-keras tf_keras/utils/generic_utils.py, which unmarshal Lambda layer bytecode",
      "every Keras that stores Lambda bytecode (1.0-3.x) when the loading Python differs from the saving Python",
      "A Lambda layer's function is saved as Python bytecode; another Python version cannot read it. Rebuild the model in code and load_weights, or load with the saving Python. " + M),
    e("tensor-name-not-found-in-checkpoint-files", "structure-mismatch", "variable-name-mismatch",
      "NotFoundError (Saver.restore, RestoreV2/Restore ops)",
      "Tensor name \"{key}\" not found in checkpoint files {path}",
      r"Tensor name \"([^\"]+)\" not found in checkpoint files(?: (\S+))?",
      "tensorflow/tensorflow: tensorflow/core/kernels/save_restore_tensor.cc (RestoreTensor), reading through tensorflow/core/util/tensor_slice_reader.cc; read through the code index",
      "TF 0.x-1.x (V1 and V2 checkpoints through the Restore op); V2 RestoreV2 says 'Key X not found in checkpoint'",
      "The graph asks for a variable name the checkpoint does not have: scopes, layer names or the model definition changed. Passing a file name (.index) instead of the prefix gives the same message for every variable. " + M),
    e("saver-restore-invalid-save-path", "wrong-loader-path", "wrong-path-or-loader",
      "ValueError (tf.train.Saver.restore)",
      "Restore called with invalid save path: '{path}'. File path is: '{file}'",
      r"Restore called with invalid save path:? '?([^'\s]*)'?",
      "tensorflow/tensorflow: tensorflow/python/training/saver.py (Saver.restore); read through the code index",
      "TF 0.x: 'Restore called with invalid save path %s'; TF 0.12-1.x: 'Restore called with invalid save path: %r. File path is: %r' (V1 checkpoints); later TF raises NotFoundError/ValueError 'The passed save_path is not a valid checkpoint'",
      "No file matches the path given (relative path from another working directory, a path recorded in the `checkpoint` state file on another machine). " + M),
    e("checkpoint-no-checkpoint-in-directory", "wrong-loader-path", "wrong-path-or-loader",
      "ValueError (tf.train.load_checkpoint / list_variables / init_from_checkpoint)",
      "Couldn't find 'checkpoint' file or checkpoints in given directory {path}",
      r"Couldn't find 'checkpoint' file or checkpoints in given directory (\S*)",
      "tensorflow/tensorflow: tensorflow/python/training/checkpoint_utils.py (load_checkpoint); in the TF 2.21 wheel",
      "TF 1.x-2.21",
      "A directory was given that has no `checkpoint` state file and no checkpoint: wrong directory, or the prefix is needed. " + M),
    e("assert-existing-objects-not-bound", "structure-mismatch", "architecture-mismatch",
      "AssertionError (CheckpointLoadStatus.assert_existing_objects_matched; also inside Keras SavedModel loading)",
      "Found {object_count} Python objects that were not bound to checkpointed values, likely due to changes in the Python program. Showing {shown} of {object_count} unmatched objects: {objects}",
      r"(?:Found (\d+)|Some) Python objects (?:that )?were not bound to checkpointed values, likely due to changes in the Python program",
      "tensorflow/tensorflow: tensorflow/python/checkpoint/checkpoint.py (CheckpointLoadStatus.assert_existing_objects_matched); in the TF 2.21 wheel; older releases in tensorflow/python/training/tracking/util.py, read through the code index",
      "TF 2.0-2.x: 'Some Python objects were not bound to checkpointed values, likely due to changes in the Python program: [...]'; recent TF: 'Found N Python objects that were not bound ... Showing K of N unmatched objects: [...]'",
      "Objects of the current program have no value in the checkpoint: layers added or renamed, or (inside load_model of a SavedModel) a Keras/TF version that builds objects the older file does not have. " + M),
    e("saver-no-variables-to-save", "structure-mismatch", "tf1-tf2-checkpoint",
      "ValueError (tf.compat.v1.train.Saver)",
      "No variables to save",
      r"No variables to save",
      "tensorflow/tensorflow: tensorflow/python/training/saver.py (BaseSaverBuilder._build / Saver._build); in the TF 2.21 wheel",
      "TF 1.x-2.21",
      "The TF1 Saver found no variables: under TF2 eager execution (Saver._build_eager) TF1 graph code creates none, so a TF1 checkpoint needs tf.compat.v1 graph mode or a converted checkpoint; in TF1, the Saver was created before the model. " + M),
    e("hub-load-tf1-format", "version-mismatch", "tf1-tf2-checkpoint",
      "NotImplementedError (hub.load)",
      "TF Hub module '{handle}' is stored using TF 1.x format. Loading of the module using hub.load() is not supported.",
      r"TF Hub module '([^']+)' is stored using TF 1\.x format",
      "tensorflow/hub: tensorflow_hub/module_v2.py (load), releases v0.3.0-v0.4.0",
      "tensorflow_hub 0.3-0.4 (later releases load TF1 hub modules with tags=[])",
      "A TF1 hub.Module-format model given to the TF2 hub.load. " + M),
    e("hub-missing-implementation", "wrong-loader-path", "tf1-tf2-checkpoint",
      "RuntimeError (hub.Module / hub.resolve)",
      "Missing implementation that supports: {registry}(*{args}, **{kwargs})",
      r"Missing implementation that supports: (\w+)\(",
      "tensorflow/hub: tensorflow_hub/registry.py (MultiImplRegister.__call__), releases v0.2.0-v0.16.1",
      "tensorflow_hub 0.2-0.11; 0.12+ adds '. Tried [...]'",
      "'loader(...)': no loader understands the directory; with hub.Module (TF1 API) this is a TF2 SavedModel, which needs hub.load/hub.KerasLayer. 'resolver(...)': the handle is neither a URL nor a path hub knows. " + M),
    e("hub-incompatible-unknown-type", "wrong-loader-path", "wrong-path-or-loader",
      "ValueError (hub.load)",
      "Trying to load a model of incompatible/unknown type. '{path}' contains neither 'saved_model.pb' nor 'saved_model.pbtxt'.",
      r"Trying to load a model of incompatible/unknown type\. '([^']+)' contains neither",
      "tensorflow/hub: tensorflow_hub/module_v2.py (load), releases v0.13.0-v0.16.1",
      "tensorflow_hub 0.13+; older releases fail later with 'SavedModel file does not exist at'",
      "The resolved directory has no saved_model.pb: a handle pointing at the wrong directory, or a cached download (TFHUB_CACHE_DIR, by default a tfhub_modules folder in the temp dir) left incomplete: delete it to download again. " + M),
    e("hub-not-a-valid-module", "wrong-loader-path", "wrong-path-or-loader",
      "IOError/OSError (hub download)",
      "{handle} does not appear to be a valid module.",
      r"(\S+) does not appear to be a valid module",
      "tensorflow/hub: tensorflow_hub/resolver.py (DownloadManager.download_and_uncompress), releases v0.1.0-v0.16.1",
      "tensorflow_hub 0.1-0.16",
      "What the URL returned is not a module archive (an HTML page: a wrong URL, a proxy, a blocked network). " + M),
    e("hub-module-already-being-downloaded", "hang-slow", "restore-hang",
      "INFO log (every 10th time)",
      "Module '{handle}' already being downloaded by '{owner}'. Waiting.",
      r"Module '([^']+)' already being downloaded by '([^']+)'\. Waiting",
      "tensorflow/hub: tensorflow_hub/resolver.py (_wait_for_lock_to_disappear), releases v0.1.0-v0.16.1",
      "tensorflow_hub 0.1-0.16",
      "Another process holds the download lock (or died holding it): hub waits until the lock file goes stale (lock_file_timeout_sec, 10 min by default). " + M),
    e("hub-deleting-lock-file", "hang-slow", "restore-hang",
      "WARNING log",
      "Deleting lock file {lock} due to inactivity.",
      r"Deleting lock file (\S+) due to inactivity",
      "tensorflow/hub: tensorflow_hub/resolver.py (_wait_for_lock_to_disappear), releases v0.1.0-v0.16.1",
      "tensorflow_hub 0.1-0.16",
      "A previous download died holding its lock; hub waited for the lock to go stale before retrying. " + M),
    e("hub-downloading-module", "hang-slow", "restore-hang",
      "INFO log",
      "Downloading TF-Hub Module '{handle}'.",
      r"Downloading TF-Hub Module '([^']+)'",
      "tensorflow/hub: tensorflow_hub/resolver.py (atomic_download), releases v0.1.0-v0.16.1",
      "tensorflow_hub 0.1-0.16",
      "A log that stops here is waiting on the network, not on TensorFlow. Only a hint: it is printed on every first load. " + M),
    e("serving-no-versions-under-base-path", "wrong-loader-path", "wrong-path-or-loader",
      "WARNING log (tensorflow_model_server)",
      "No versions of servable {name} found under base path {path}. Did you forget to name your leaf directory as a number (eg. '/1/')?",
      r"No versions of servable (\S+) found under base path (\S+)",
      "tensorflow/serving: tensorflow_serving/sources/storage_path/file_system_storage_path_source.cc (PollFileSystemForServable), releases 1.4.0-2.20.0",
      "TF Serving 1.x-2.20 (the hint about '/1/' was added in later releases)",
      "The model base path has no numeric version subdirectory (export to base/1/saved_model.pb). " + M),
    e("serving-could-not-find-base-path", "wrong-loader-path", "wrong-path-or-loader",
      "InvalidArgument (tensorflow_model_server)",
      "Could not find base path {path} for servable {name} with error {status}",
      r"Could not find base path (\S+) for servable (\S+)",
      "tensorflow/serving: tensorflow_serving/sources/storage_path/file_system_storage_path_source.cc (PollFileSystemForServable), releases 1.4.0-2.20.0",
      "TF Serving 1.x-2.20",
      "The base path does not exist inside the server (container mount, wrong MODEL_NAME/--model_base_path). " + M),
    e("h5-unable-to-open-errno", "wrong-loader-path", "wrong-path-or-loader",
      "OSError / FileNotFoundError / PermissionError (h5py 3 passes the errno)",
      "Unable to open file (unable to open file: name = '{path}', errno = {errno}, error message = '{error}', flags = {flags}, o_flags = {o_flags})",
      r"unable to open file: name = '([^']*)', errno = (\d+), error message = '([^']*)'",
      "HDFGroup/hdf5: src/H5FDsec2.c (H5FD__sec2_open), read through the code index; h5py/h5py: h5py/_errors.templ.pyx (set_exception joins top and bottom of the HDF5 error stack as 'Top (bottom)' and raises OSError(errno, ...)), h5py 3.0-3.16",
      "HDF5 >= 1.8 with h5py 2.x/3.x ('Unable to synchronously open file' with HDF5 >= 1.14); errno 2 = no such file, 13 = permission denied",
      "The .h5 path does not exist or cannot be read (relative path from another working directory, a download that never happened, file permissions). " + M),
    e("h5-unable-to-lock-file", "wrong-loader-path", "wrong-path-or-loader",
      "OSError / BlockingIOError (h5py)",
      "Unable to open file (unable to lock file, errno = {errno}, error message = '{error}')",
      r"unable to lock file, errno = (\d+), error message = '([^']*)'",
      "HDFGroup/hdf5: src/H5FDsec2.c (H5FD__sec2_lock), HDF5 >= 1.10, read through the code index",
      "HDF5 >= 1.10 (file locking); errno 11 = another process has the file open, 37/524 = the filesystem has no locks (NFS, Lustre)",
      "Another process (a training run still writing checkpoints) holds the file, or the filesystem cannot lock: wait for the writer, copy the file, or set HDF5_USE_FILE_LOCKING=FALSE. " + M),
    e("h5-file-read-failed", "wrong-loader-path", "wrong-path-or-loader",
      "OSError / IsADirectoryError (h5py)",
      "Unable to open file (file read failed: time = {time}, filename = '{path}', file descriptor = {fd}, errno = {errno}, error message = '{error}', buf = {buf}, total read size = {size}, bytes this sub-read = {size}, bytes actually read = {read}, offset = {offset})",
      r"file read failed: time = [^,]*, filename = '([^']*)', file descriptor = \d+, errno = (\d+), error message = '([^']*)'",
      "HDFGroup/hdf5: src/H5FDsec2.c (H5FD__sec2_read), HDF5 >= 1.10, read through the code index",
      "HDF5 >= 1.10; errno 21 = the path is a directory",
      "Reading the file failed: with errno 21 the path is a directory (a SavedModel folder given to an .h5 loader). " + M),
    e("h5-already-open-for-write", "corrupt-incomplete", "corrupted-checkpoint",
      "OSError (h5py)",
      "Unable to open file (file is already open for write (may use <h5clear file> to clear file consistency flags))",
      r"file is already open for (?:write|write/SWMR write|read-only) \(may use <h5clear file> to clear file consistency flags\)",
      "HDFGroup/hdf5: src/H5Fsuper.c (H5F__super_read), HDF5 >= 1.10, read through the code index",
      "HDF5 >= 1.10 (SWMR consistency flags)",
      "The file's superblock says a writer still has it open: a writer that crashed mid-save left it marked (and possibly incomplete), or it is being written right now. " + M),
    e("tf-path-is-a-directory", "wrong-loader-path", "wrong-path-or-loader",
      "FailedPreconditionError / IsADirectoryError",
      "{path}; Is a directory   /   [Errno 21] Is a directory: '{path}'",
      r"(?:(\S+); |\[Errno 21\] )Is a directory(?:: '([^']*)')?",
      "tensorflow/tensorflow: tsl/platform/errors.cc (IOError: context + '; ' + strerror, errno EISDIR -> FAILED_PRECONDITION) via tsl/platform/default/posix_file_system.cc; python/cpython: Objects/exceptions.c (OSError str '[Errno N] msg: filename')",
      "TF 1.x-2.x file reads; Python open() in Keras/h5py",
      "A directory was given where a file is read (a SavedModel folder to an .h5 loader, a checkpoint directory to a reader that wants the prefix). " + M),
    e("tf-path-permission-denied", "wrong-loader-path", "wrong-path-or-loader",
      "PermissionDeniedError / PermissionError",
      "{path}; Permission denied   /   [Errno 13] Permission denied: '{path}'",
      r"(?:(\S+); |\[Errno 13\] )Permission denied(?:: '([^']*)')?",
      "tensorflow/tensorflow: tsl/platform/errors.cc (IOError, errno EACCES -> PERMISSION_DENIED) via posix_file_system.cc; python/cpython: Objects/exceptions.c",
      "TF 1.x-2.x; Python open()",
      "The file exists but this user cannot read it (container user, mounted volume permissions). " + M),
    e("keras-core-load-model-not-keras-file", "version-mismatch", "version-mismatch",
      "ValueError (keras_core.saving.load_model)",
      "The file you are trying to load does not appear to be a valid `.keras` model file. If it is a legacy `.h5` or SavedModel file, do note that these formats are not supported in Keras Core.",
      r"does not appear to be a valid .\.keras. model file\. If it is a legacy .\.h5. or SavedModel file",
      "keras-team/keras-core: keras_core/saving/saving_api.py (load_model), read through the code index",
      "keras-core 0.1.x (the pre-release of Keras 3)",
      "Keras Core read only .keras files: a tf.keras .h5 or SavedModel needs tf.keras (tf_keras) or keras.layers.TFSMLayer. " + M),
]

UPDATES = {
    # Quoted in a sentence or cut after the op name ("I get the error `Op type not registered 'X'`"):
    # the op name alone decides (see src/lib/triage/ops.ts), so the host part is optional.
    "op-type-not-registered": {
        "regex": r"Op type not registered '([^']+)'(?: in binary running on (\S+?)\.)?",
        "versions_add": " Pasted text often stops after the op name (a truncated log line, a sentence quoting it); the op name alone decides what it means.",
    },
    # Keras Core printed the Keras 3 wording with 'Keras Core'.
    "keras3-load-weights-format-not-supported": {
        "regex": r"File format not supported: filepath=(.+?)\.? Keras (?:3|Core) only supports V3 `\.keras` (?:and `\.weights\.h5` files|files, `\.weights\.h5` files)",
        "versions_add": " Keras Core (keras-core 0.1.x, keras_core/saving/saving_api.py load_weights, read through the code index): 'File format not supported: filepath=X. Keras Core only supports V3 `.keras` and `.weights.h5` files.'",
    },
    # TF 2.0-2.x quoted with ' instead of backticks (tensorflow/python/saved_model/load_v1_in_v2.py, read through the code index).
    "saved-model-load-requires-tags": {
        "regex": r"requires a [`']tags=[`'] argument if there is more than one MetaGraph",
        "versions_add": " TF 2.0-2.x wording (load_v1_in_v2.py, read through the code index): \"Importing a SavedModel with tf.saved_model.load requires a 'tags=' argument if there is more than one MetaGraph. Got 'tags=None', but there are {n} MetaGraphs in the SavedModel with tag sets {tag_sets}. Pass a 'tags=' argument to load this SavedModel.\"; tag sets [[], ['train']] are a TF1 hub.Module export.",
    },
}

OTHER = [
    {**e("cudnn-could-not-create-handle", "gpu-runtime", "none", "ERROR log (stream executor); followed by a crash or 'Failed to get convolution algorithm'",
         "Could not create cudnn handle: {status}",
         r"could not create cudnn handle: (\w+)",
         "tensorflow/tensorflow: tensorflow/stream_executor/cuda/cuda_dnn.cc (CudnnSupport::Init; xla/stream_executor/cuda/cuda_dnn.cc in recent releases), read through the code index",
         "TF 1.x: 'could not create cudnn handle: ...'; later 'Could not create cudnn handle: ...'",
         "cuDNN did not start: an NVIDIA driver older than the CUDA/cuDNN TensorFlow was built with, or the GPU memory already taken by another process. It fails at the first convolution, often right after a successful restore. " + M),
     "cause": "cuDNN could not start (NVIDIA driver too old for this TensorFlow's CUDA/cuDNN, or the GPU's memory already taken)"},
    {**e("cudnn-runtime-older-than-build", "gpu-runtime", "none", "ERROR log (stream executor)",
         "Loaded runtime CuDNN library: {loaded} but source was compiled with: {built}.  CuDNN library major and minor version needs to match or have higher minor version in case of CuDNN 7.0 or later version.",
         r"Loaded runtime CuDNN library: (\S+?)\.? (?:\(compatibility version \d+\) )?but source was compiled with:? (\S+?)\.?(?:\s|$)",
         "tensorflow/tensorflow: tensorflow/stream_executor/cuda/cuda_dnn.cc (CudnnSupport::Init, version check), read through the code index",
         "TF 1.4-1.x: '... (compatibility version N) but source was compiled with V (compatibility version M)'; TF 1.x-2.x: '... but source was compiled with: V.  CuDNN library major and minor version needs to match ...'; recent: '... needs to have matching major version and equal or higher minor version.'",
         "The installed cuDNN is older than the one TensorFlow was built with: install the matching cuDNN. Loading the checkpoint itself worked. " + M),
     "cause": "the installed cuDNN is older than the one this TensorFlow was built with"},
    {**e("function-referencing-deleted-variables", "saved-model-lifetime", "none", "AssertionError (calling a loaded function)",
         "Called a function referencing variables which have been deleted. This likely means that function-local variables were created and not referenced elsewhere in the program. This is generally a mistake; consider storing variables in an object attribute on first call.",
         r"Called a function referencing variables which have been deleted",
         "tensorflow/tensorflow: tensorflow/python/framework/func_graph.py (FuncGraph.variables deref); in the TF 2.21 wheel",
         "TF 2.0-2.21",
         "The object returned by tf.saved_model.load was garbage-collected while a function or signature taken from it is still used: keep a reference to the loaded object. Loading itself succeeded. " + M),
     "cause": "the loaded SavedModel object was garbage-collected; keep a reference to what tf.saved_model.load returned, not only to its signature"},
]


def main(errors_path: str, others_path: str) -> None:
    data = json.loads(Path(errors_path).read_text())
    by_id = {m["id"]: i for i, m in enumerate(data["messages"])}
    for entry in NEW:
        for rx in (entry["regex"],):
            re.compile(rx)
        if entry["id"] in by_id:
            data["messages"][by_id[entry["id"]]] = entry
        else:
            by_id[entry["id"]] = len(data["messages"])
            data["messages"].append(entry)
    for mid, upd in UPDATES.items():
        m = data["messages"][by_id[mid]]
        m["regex"] = upd["regex"]
        re.compile(m["regex"])
        if upd["versions_add"].strip() not in m["versions"]:
            m["versions"] = m["versions"] + upd["versions_add"]
    n = len(data["messages"])
    data["source"] = re.sub(
        r"^Copied unchanged from the project's error catalog \(test/data/README\.md\) \(\d+ real",
        f"The project's error catalog (test/data/README.md), extended for triage by scripts/data/triage-messages ({n} real",
        data["source"],
    )
    data["source"] = re.sub(r"checked: all \d+ compile", f"checked: all {n} compile", data["source"])
    Path(errors_path).write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    for o in OTHER:
        re.compile(o["regex"])
    Path(others_path).write_text(json.dumps({
        "source": "Known TensorFlow messages whose cause is outside the twelve failures (GPU runtime, object lifetime): "
        "same schema as errors.json with failure 'none' and a short 'cause'. Written by scripts/data/triage-messages/add_to_catalog.py.",
        "messages": OTHER,
    }, indent=1, ensure_ascii=False) + "\n")
    print(f"errors.json: {n} messages ({len(NEW)} added or replaced, {len(UPDATES)} updated); other-errors.json: {len(OTHER)}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
