/**
 * The guides' claims that a call hangs, blocks, fails silently or prints a given line, each
 * reproduced against TensorFlow 2.21 / Keras 3.15 by a script in test/oracle/repro/ (issue 16).
 * Every script bounds its own waits (children are killed at a deadline) and this suite bounds the
 * script. The assertions are the facts the guides state; the scripts print what TF really printed
 * (run one by hand to read it: `.venv-tf/bin/python test/oracle/repro/<name>.py`).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { TF_PYTHON } from './python.ts';

const run = promisify(execFile);
const REPRO = join(import.meta.dirname, 'repro');

// Each repro prints what it measured as JSON; the tests read whichever fields they assert on.
// biome-ignore lint/suspicious/noExplicitAny: the repro's JSON is read field by field in each test
type Json = any;

async function repro(name: string, seconds: number, ...args: string[]): Promise<Json> {
  const { stdout } = await run(TF_PYTHON, [join(REPRO, `${name}.py`), ...args], {
    env: { ...process.env, CUDA_VISIBLE_DEVICES: '', PYTHONDONTWRITEBYTECODE: '1' },
    timeout: seconds * 1000,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

const MIN = 60_000;

describe('restore-hang', () => {
  it(
    'fork: the child blocks in its first predict; dump_traceback_later armed in the parent never fires in the child, register(SIGUSR1) does; spawn finishes',
    async () => {
      const r = await repro('fork_hang', 300);
      for (const label of ['parent_armed', 'child_armed']) {
        expect(r[label].returned).toBe(false);
        expect(r[label].alive_after_seconds).toBeGreaterThan(10);
        expect(r[label].sigusr1_dump_from_parent_registration.join('\n')).toContain('quick_execute');
        expect(r[label].sigusr1_dump_from_parent_registration.join('\n')).toContain('popen_fork.py');
      }
      expect(r.parent_armed.watchdog_fired_in_child).toBe(false);
      expect(r.child_armed.watchdog_fired_in_child).toBe(true);
      expect(r.parent_watchdog_dumps).toBe(1);
      expect(r.spawn.returned).toBe(true);
    },
    6 * MIN,
  );

  it(
    'MultiWorkerMirroredStrategy on localhost: outside the scope nothing blocks and replicas diverge; inside the scope or chief-only building blocks in a collective broadcast; SIGTERM does not end it; a dead peer is an UnavailableError about heartbeats',
    async () => {
      const r = await repro('mwms_restore', 900);
      const by = (s: string) => r.results.find((x: Json) => x.scenario === s);

      const outside = by('restore-outside-scope');
      expect(outside.workers.map((w: Json) => w.finished)).toEqual([true, true]);
      expect(outside.workers[0].kernel_sums).toEqual([4]);
      expect(outside.workers[1].kernel_sums[0]).not.toBe(4);

      const inside = by('restore-inside-scope');
      expect(inside.workers[0].finished).toBe(false);
      expect(inside.workers[0].killed_by_deadline).toBe(true);
      const insideStack = inside.workers[0].stack.join('\n');
      expect(insideStack).toContain('_maybe_create_save_counter');
      expect(insideStack).toContain('collective_bcast_send');
      expect(inside.workers[0].sigterm).toEqual({ sent: true, chief_still_running_5s_later: true });
      expect(inside.workers[0].log.join('\n')).toMatch(/preemption_notifier\.cc:\d+\] SIGTERM caught at /);
      expect(inside.workers[0].events.join('\n')).toContain('SIGTERM handled after the strategy: True');
      expect(inside.workers[0].events.join('\n')).toContain('SIGTERM handled before the strategy: False');

      const chief = by('chief-builds');
      expect(chief.workers[0].finished).toBe(false);
      expect(chief.workers[0].stack.join('\n')).toContain('initial_value_fn');
      expect(chief.workers[0].stack.join('\n')).toContain('broadcast_send');

      const dead = by('dead-peer');
      const raised = dead.workers[0].events.find((e: string) => e.includes('RAISED'));
      expect(raised).toContain('UnavailableError');
      expect(raised).toContain('The following tasks are unhealthy (stopped sending heartbeats)');
      expect(dead.seconds_from_peer_exit_to_error).toBeGreaterThan(3);
      expect(dead.seconds_from_peer_exit_to_error).toBeLessThan(60);
      for (const s of r.results) for (const w of s.workers) expect(w.log.join('\n')).not.toContain('seems down');
    },
    16 * MIN,
  );

  it(
    'a FIFO in place of the data shard: the restore blocks in CheckpointReader.get_tensor before any RestoreV2; SIGTERM ends it, unless a PreemptionCheckpointHandler took SIGTERM (then the blocked open fails with EINTR)',
    async () => {
      const r = await repro('fifo_shard', 300);
      const [plain, handler] = r.results;
      for (const x of [plain, handler]) {
        expect(x.blocked).toBe(true);
        expect(x.get_tensor_in_stack).toBe(true);
        expect(x.restore_v2_in_stack).toBe(false);
      }
      expect(plain.returncode).toBe(-15);
      expect(handler.returncode).toBe(0);
      expect(handler.after_sigterm.join('\n')).toContain('Interrupted system call');
    },
    6 * MIN,
  );

  it(
    'gs:// through a stalled proxy: retry lines are VLOG(1), the token warning and "stuck at" error show by default, latest_checkpoint returns None and restore(None) raises nothing',
    async () => {
      const r = await repro('gcs', 600);
      const d = r['latest-default'];
      expect(d.events).toContain('@ restore(path) -> InitializationOnlyStatus');
      expect(d.events[0]).toMatch(/^@ latest_checkpoint -> None after/);
      expect(d.retry_lines).toEqual([]);
      expect(d.warnings.join('\n')).toContain('WARNING:tensorflow:AbortedError: All 2 retry attempts failed. The last failure: ');
      expect(d.warnings.join('\n')).toContain('WARNING:tensorflow:gs://bucket/run1/checkpoint: Checkpoint ignored');
      for (const label of ['latest-vmodule', 'latest-vlog']) {
        expect(r[label].retry_lines.length).toBe(2);
        expect(r[label].retry_lines[0]).toMatch(
          /^I\d{4} .*retrying_utils\.cc:\d+\] The operation failed and will be automatically retried in [\d.]+ seconds \(attempt 1 out of 2\), caused by: UNAVAILABLE: /,
        );
      }
      expect(r['no-credentials'].warnings.join('\n')).toMatch(
        /^W\d{4} .*google_auth_provider\.cc:\d+\] All attempts to get a Google authentication bearer token failed, returning an empty token\./m,
      );
      const stuck = r['stuck-download'];
      expect(stuck.warnings.join('\n')).toMatch(
        /^E\d{4} .*curl_http_request\.cc:\d+\] The transmission {2}of request \S+ \(URI: https:\/\/storage\.googleapis\.com\/bucket\/run1%2Fckpt-1\.data-00000-of-00001\) has been stuck at 100 of 571 bytes for \d+ seconds and will be aborted\./m,
      );
      expect(stuck.stack.join('\n')).toContain('get_tensor');
      expect(stuck.stack.join('\n')).not.toMatch(/restore_v2|RestoreV2/);
      expect(stuck.events.join('\n')).toContain('tensorflow.python.framework.errors_impl.OpError | All 2 retry attempts failed.');
    },
    11 * MIN,
  );

  it(
    'a pending async checkpoint save makes a restore of a local checkpoint wait in the async queue',
    async () => {
      const r = await repro('async_checkpoint', 400);
      const seconds = (x: Json) =>
        Number(/returned after ([\d.]+) s/.exec(x.events.find((e: string) => e.includes('restore of the local')))![1]);
      expect(seconds(r['no-async-save'])).toBeLessThan(2);
      expect(seconds(r['pending-async-save'])).toBeGreaterThan(5);
      expect(r['pending-async-save'].main_thread_waits_in.join('\n')).toMatch(
        /queue\.py.* in join[\s\S]*async_checkpoint_helper\.py.* in restore/,
      );
      expect(r['pending-async-save'].at_exit.join('\n')).toContain('Propagating the most recent error from the async thread');
      expect(seconds(r['restore-through-another-object'])).toBeLessThan(2);
    },
    7 * MIN,
  );

  it(
    'a pool worker killed mid-task: multiprocessing.Pool never returns its result, ProcessPoolExecutor raises BrokenProcessPool',
    async () => {
      const r = await repro('killed_pool_worker', 900);
      expect(r.pool_worker_exitcode).toBe(-9);
      expect(r.pool).toMatch(/^no result 20 s after the worker died/);
      expect(r.pool_replaced_worker).toBe(true);
      expect(r.executor).toMatch(/^BrokenProcessPool: A process in the process pool was terminated abruptly/);
    },
    16 * MIN,
  );
});

describe('resource-exhaustion', () => {
  it(
    'under RLIMIT_AS TF 2.21 either raises ResourceExhaustedError in RestoreV2 or aborts with pthread_create() failed (SIGABRT, no Python exception)',
    async () => {
      const r = await repro('address_space_limit', 900);
      const aborted = r.results.filter((x: Json) => x.mode === 'build-and-restore' && x.signal === 6);
      expect(aborted.length).toBeGreaterThan(0);
      expect(aborted[0].fatal.join('\n')).toMatch(
        /Check failed: ret == 0 \(\d+ vs\. 0\) Thread \S+ creation via pthread_create\(\) failed/,
      );
      expect(aborted[0].python_exception).toBeNull();
      const oom = r.results.filter((x: Json) => x.mode === 'restore-built' && x.python_exception === 'ResourceExhaustedError');
      expect(oom.length).toBeGreaterThan(0);
      expect(oom[0].events.join('\n')).toMatch(/OOM when allocating tensor with shape\[4096,4096\] and type float on .* \[Op:RestoreV2\]/);
    },
    16 * MIN,
  );
});

describe('architecture-mismatch', () => {
  it(
    'a TF1 Saver restore into a resource variable of another shape raises nothing; a reference variable raises the Assign error',
    async () => {
      const r = await repro('silent_shape_restore', 400);
      expect(r.resource.join('\n')).toContain('@ restored without error; value shape [8, 3] output shape [2, 3]');
      expect(r.resource.join('\n')).toContain('declared shape [8, 5] output declared [None, 5]');
      expect(r.ref.join('\n')).toContain('Assign requires shapes of both tensors to match. lhs shape= [8,5] rhs shape= [8,3]');
    },
    7 * MIN,
  );
});

describe('variable-name-mismatch', () => {
  it(
    'get_variable cannot fetch an existing variable; the graph variables (or reuse=True) can; the failing Saver names denselayer1/bias',
    async () => {
      const r = await repro('tf1_name_map', 300);
      expect(r.eager_get_variable).toBe(
        'ValueError: Variable denselayer1/kernel did not get an initializer, so its `shape` argument must be specified.',
      );
      expect(r.graph_get_variable).toBe(
        'ValueError: Variable denselayer1/kernel already exists, disallowed. Did you mean to set reuse=True or reuse=tf.AUTO_REUSE in VarScope?',
      );
      expect(r.plain_restore_missing_key).toBe('Key denselayer1/bias not found in checkpoint');
      expect(r.by_global_variables_restores_saved_kernel).toBe(true);
      expect(r.reuse_true_returns_existing).toBe(true);
    },
    6 * MIN,
  );
});

describe('version-mismatch', () => {
  it(
    'TF_USE_LEGACY_KERAS=1 without tf_keras: a warning, then tf.keras raises ImportError',
    async () => {
      const r = await repro('legacy_keras_env', 300);
      expect(r.warning[0]).toContain(
        'WARNING:tensorflow:Your environment has TF_USE_LEGACY_KERAS set to True, but you do not have the tf_keras package installed.',
      );
      expect(r.events).toContain('@ tf.keras.layers RAISED ImportError: Keras cannot be imported. Check that it is installed.');
    },
    6 * MIN,
  );

  it(
    'an unknown op fails both loaders in well under a second',
    async () => {
      const r = await repro('op_not_registered', 300);
      expect(r['tf.saved_model.load'].error).toMatch(/^RuntimeError: Op type not registered 'MatMulV9' in binary running on /);
      expect(r['tf.compat.v1.saved_model.loader.load'].error).toMatch(/^NotFoundError: Op type not registered 'MatMulV9'/);
      for (const k of Object.keys(r)) expect(r[k].first_seconds).toBeLessThan(1);
    },
    6 * MIN,
  );

  it(
    'a .keras from a newer Keras 3: a newer keras_version alone loads silently; a newer class or argument fails; removing the argument from config.json loads the saved weights',
    async () => {
      const r = await repro('newer_keras_file', 300);
      expect(r.keras).toBe('3.15.1');
      expect(r['version-only']).toEqual({ loaded: true, weights_equal_saved: true, warnings: [] });
      expect(r['new-layer'].root_cause).toBe(
        "Could not deserialize 'keras.layers.TernaryDense' because it is not a KerasSaveable subclass",
      );
      expect(r['new-argument'].root_cause).toBe("Unrecognized keyword arguments passed to Dense: {'added_in_a_later_release': None}");
      expect(r['new-argument-with-custom-objects-subclass']).toContain('Unrecognized keyword arguments passed to Dense');
      expect(r['new-argument-with-argument-removed']).toBe(true);
    },
    6 * MIN,
  );
});

describe('wrong-path-or-loader', () => {
  it(
    'update_checkpoint_state: what it writes for absolute and relative directories, and which survives a move; CheckpointManager lists only its own saves',
    async () => {
      const r = await repro('state_file_paths', 300);
      expect(r['absolute dir, absolute prefix']).toEqual({
        written: 'model_checkpoint_path: "<workdir>/srv/models/run1/ckpt-1"',
        resolves_in_place: true,
        resolves_after_move: false,
      });
      expect(r['absolute dir, bare name']).toEqual({
        written: 'model_checkpoint_path: "ckpt-1"',
        resolves_in_place: true,
        resolves_after_move: true,
      });
      expect(r['relative dir, dir-joined prefix']).toEqual({
        written: 'model_checkpoint_path: "ckpt-1"',
        resolves_in_place: true,
        resolves_after_move: true,
      });
      expect(r['relative dir, bare name']).toEqual({
        written: 'model_checkpoint_path: "../../../ckpt-1"',
        resolves_in_place: false,
        resolves_after_move: false,
      });
      expect(r.manager_lists).toEqual({ managed: ['ckpt-1', 'ckpt-2'], plain: [] });
      expect(r.plain_index_files.length).toBe(2);
    },
    6 * MIN,
  );
});

describe('corrupted-checkpoint', () => {
  it(
    'HDF5 file locking: load_weights fails at once while another process has the .h5 open for writing; HDF5_USE_FILE_LOCKING=FALSE reads it',
    async () => {
      const r = await repro('hdf5_lock', 400);
      expect(r.default).toMatch(
        /^@ RAISED after [\d.]+ s BlockingIOError \| \[Errno 11\] Unable to synchronously open file \(unable to lock file, errno = 11, error message = 'Resource temporarily unavailable'\)/,
      );
      expect(Number(/after ([\d.]+) s/.exec(r.default)![1])).toBeLessThan(2);
      expect(r['HDF5_USE_FILE_LOCKING=FALSE']).toMatch(/^@ loaded after/);
    },
    7 * MIN,
  );

  it(
    'exception types by API: load_checkpoint raises NotFoundError on an interrupted save; get_tensor raises a plain OpError for a checksum, restore DataLossError',
    async () => {
      const r = await repro('checkpoint_errors', 300);
      expect(r['interrupted-save-temp-dir']).toEqual({ load_checkpoint: 'NotFoundError', restore: 'NotFoundError' });
      expect(r['flipped-byte-data-shard']).toEqual({
        load_checkpoint: 'ok',
        get_tensor: { 'model/_functional/_operations/1/_kernel/.ATTRIBUTES/VARIABLE_VALUE': 'OpError' },
        restore: 'DataLossError',
      });
      expect(r['truncated-data-shard']).toEqual({
        load_checkpoint: 'ok',
        get_tensor: { _CHECKPOINTABLE_OBJECT_GRAPH: 'IndexError' },
        restore: 'IndexError',
      });
    },
    6 * MIN,
  );
});

describe('unregistered-custom-object', () => {
  it(
    'registering fixes files saved after registration, not files saved before; custom_objects must use the saved name; compile=False skips a custom loss',
    async () => {
      const r = await repro('custom_object_keys', 900);
      const locate = "TypeError: Could not locate class 'ScaledDense'.";
      expect(r['broken | class registered | custom_objects key -']).toContain(locate);
      expect(r['broken | class registered | custom_objects key ScaledDense']).toBe('loaded');
      expect(r['broken | class plain | custom_objects key ScaledDense']).toBe('loaded');
      expect(r['broken | class registered | custom_objects key samples>ScaledDense']).toContain(locate);
      expect(r['fixed | class registered | custom_objects key -']).toBe('loaded');
      expect(r['fixed | class plain | custom_objects key ScaledDense']).toContain(locate);
      expect(r['fixed | class registered | custom_objects key ScaledDense']).toBe('loaded');
      expect(r['fixed | class plain | custom_objects key samples>ScaledDense']).toBe('loaded');
      expect(r['custom loss .keras | compile']).toContain("TypeError: Could not locate function 'mine>my_loss'.");
      expect(r['custom loss .h5 | compile']).toBe("TypeError: string indices must be integers, not 'str'");
      expect(r['custom loss .keras | no-compile']).toBe('loaded');
      expect(r['custom loss .h5 | no-compile']).toBe('loaded');
    },
    16 * MIN,
  );
});

describe('questions: model.restore', () => {
  it(
    'model.restore does not exist; the four real calls load the samples',
    async () => {
      const r = await repro('model_restore_attr', 300);
      expect(r.Sequential).toBe("AttributeError: 'Sequential' object has no attribute 'restore'");
      expect(r.Functional).toBe("AttributeError: 'Functional' object has no attribute 'restore'");
      expect(r.subclassed).toBe("AttributeError: 'Net' object has no attribute 'restore'");
      expect(r.Checkpoint).toBe("AttributeError: 'Checkpoint' object has no attribute 'load_weights'");
      expect(r['Checkpoint.restore']).toBe('CheckpointLoadStatus');
      expect(r.load_weights).toBe('loaded');
      expect(r.load_model).toBe('Sequential');
      expect(r['saved_model.load']).toEqual({ output_0: [2, 1] });
    },
    6 * MIN,
  );
});
