"""What tf.compat.v1.train.update_checkpoint_state writes into the `checkpoint` state file, TF 2.21.

generate_checkpoint_state_proto (tensorflow/python/checkpoint/checkpoint_management.py) writes a
path as given when the directory is absolute, and rewrites a relative path relative to the
directory when the directory is relative. So:
  absolute dir + absolute prefix       -> an absolute path (breaks when the directory moves)
  absolute dir + bare name "ckpt-1"    -> "ckpt-1" (portable)
  relative dir + dir-joined prefix     -> "ckpt-1" (portable)
  relative dir + bare name "ckpt-1"    -> "../…/ckpt-1" (points outside the directory)
Each case is then moved to another place and resolved with tf.train.latest_checkpoint.

Also: which checkpoints tf.train.CheckpointManager(...).checkpoints lists for a directory written by
CheckpointManager.save and for one written by plain Checkpoint.save (its state file records no
save times, and the manager lists only checkpoints with a recorded time).
"""
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import report  # noqa: E402


def main():
    import keras
    import tensorflow as tf

    result = {}
    cases = {
        "absolute dir, absolute prefix": lambda base: (base, os.path.join(base, "ckpt-1")),
        "absolute dir, bare name": lambda base: (base, "ckpt-1"),
        "relative dir, dir-joined prefix": lambda base: (os.path.relpath(base), os.path.join(os.path.relpath(base), "ckpt-1")),
        "relative dir, bare name": lambda base: (os.path.relpath(base), "ckpt-1"),
    }
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4)])
    for label, args in cases.items():
        work = tempfile.mkdtemp()
        old_cwd = os.getcwd()
        os.chdir(work)
        try:
            base = os.path.join(work, "srv", "models", "run1")
            os.makedirs(base)
            tf.train.Checkpoint(model=model).save(os.path.join(base, "ckpt"))
            directory, prefix = args(base)
            tf.compat.v1.train.update_checkpoint_state(directory, prefix, all_model_checkpoint_paths=[prefix])
            written = open(os.path.join(base, "checkpoint")).read().splitlines()[0]
            written = written.replace(work, "<workdir>")
            here = tf.train.latest_checkpoint(base)
            shutil.move(os.path.join(work, "srv"), os.path.join(work, "moved"))
            moved = tf.train.latest_checkpoint(os.path.join(work, "moved", "models", "run1"))
            result[label] = {
                "written": written,
                "resolves_in_place": here is not None,
                "resolves_after_move": moved is not None,
            }
        finally:
            os.chdir(old_cwd)
            shutil.rmtree(work)
        print(label, result[label])

    work = tempfile.mkdtemp()
    ckpt = tf.train.Checkpoint(model=model)
    manager = tf.train.CheckpointManager(ckpt, os.path.join(work, "managed"), max_to_keep=5)
    manager.save()
    manager.save()
    ckpt.save(os.path.join(work, "plain", "ckpt"))
    ckpt.save(os.path.join(work, "plain", "ckpt"))
    result["manager_lists"] = {
        name: [os.path.basename(p) for p in tf.train.CheckpointManager(ckpt, os.path.join(work, name), max_to_keep=5).checkpoints]
        for name in ("managed", "plain")
    }
    result["plain_index_files"] = sorted(f for f in os.listdir(os.path.join(work, "plain")) if f.endswith(".index"))
    shutil.rmtree(work)
    print(result["manager_lists"], result["plain_index_files"])
    report(result)


if __name__ == "__main__":
    main()
