"""Restoring under MultiWorkerMirroredStrategy, two workers on localhost, TF 2.21.

Scenarios (argv[1], default all):
  restore-outside-scope  both build the model in strategy.scope(); only the chief restores,
                         outside the scope.  Observed: nothing blocks; the replicas diverge.
  restore-inside-scope   only the chief restores, inside strategy.scope() (the lazily created
                         save_counter becomes a mirrored variable: a collective). Observed: blocks;
                         SIGTERM does not end it (the strategy's coordination service installs a
                         C++ SIGTERM handler, preemption_notifier.cc: "SIGTERM caught at ...");
                         only SIGKILL does.
  chief-builds           only the chief builds (and restores) the model. Observed: blocks.
  dead-peer              worker 1 exits; the chief then runs a collective. Observed: an
                         UnavailableError naming the coordination service's heartbeat.
"""
import json
import os
import re
import signal
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import HERE, PYTHON, child_env, finish, free_ports, grep, read_text, report, spawn  # noqa: E402

SCENARIOS = ["restore-outside-scope", "restore-inside-scope", "chief-builds", "dead-peer"]
# How long a blocked worker is given before its stacks are dumped and it is killed.
BLOCK_SECONDS = float(os.environ.get("REPRO_BLOCK_SECONDS", "25"))
DEAD_PEER_SECONDS = 90


def make_checkpoint(directory):
    import keras
    import tensorflow as tf

    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    model.layers[0].kernel.assign(tf.fill((4, 2), 0.5))  # kernel sum 4.0: easy to recognise
    return tf.train.Checkpoint(model=model).save(os.path.join(directory, "ckpt"))


def run(scenario, prefix):
    ports = free_ports(2)
    cluster = {"worker": [f"127.0.0.1:{p}" for p in ports]}
    wait = DEAD_PEER_SECONDS if scenario == "dead-peer" else BLOCK_SECONDS
    procs, logs = [], []
    for index in range(2):
        tf_config = json.dumps({"cluster": cluster, "task": {"type": "worker", "index": index}})
        env = child_env(TF_CONFIG=tf_config, TF_CPP_MIN_LOG_LEVEL="0")
        path = os.path.join(tempfile.gettempdir(), f"mwms-{os.getpid()}-{scenario}-{index}.log")
        log = open(path, "w")
        logs.append((path, log))
        procs.append(spawn([PYTHON, os.path.join(HERE, "mwms_worker.py"), scenario, prefix, str(wait - 5)], env, log=log))
    # The clock starts when both workers have imported TensorFlow and formed the cluster (slow on
    # a busy machine), so the time given to a blocked worker does not depend on the machine.
    ready_by = time.monotonic() + 300
    while time.monotonic() < ready_by and not all("strategy ready" in read_text(path) or proc.poll() is not None for (path, _), proc in zip(logs, procs)):
        time.sleep(0.5)
    started = time.monotonic()
    deadline = started + wait + 15
    sigterm = None
    if scenario.startswith("restore-inside-scope"):
        # Once the chief has been blocked for a while (its stacks dumped), send it SIGTERM, as a
        # scheduler does before it kills a job, and see whether that ends it.
        while time.monotonic() < deadline - 10 and "Thread 0x" not in read_text(logs[0][0]) and procs[0].poll() is None:
            time.sleep(0.5)
        time.sleep(1)
        if procs[0].poll() is None:
            procs[0].send_signal(signal.SIGTERM)
            time.sleep(5)
            sigterm = {"sent": True, "chief_still_running_5s_later": procs[0].poll() is None}
    outputs = []
    for proc, (path, log) in zip(procs, logs):
        _, code, killed = finish(proc, deadline)
        log.close()
        outputs.append({"output": read_text(path), "returncode": code, "killed": killed})
        os.unlink(path)
    outputs[0]["sigterm"] = sigterm
    return outputs


def summarise(scenario, outputs):
    result = {"scenario": scenario, "workers": []}
    for index, o in enumerate(outputs):
        text = o["output"]
        events = [line for line in text.splitlines() if line.startswith("@ ")]
        sums = [float(m.group(1)) for m in re.finditer(r"kernel_sum (-?[\d.e+-]+)", text)]
        stack = []
        if "Thread 0x" in text or "Current thread" in text:
            # faulthandler's dump: keep the main thread's frames (file, line, function)
            dump = text[text.find("Current thread") if "Current thread" in text else text.find("Thread 0x"):]
            stack = [line.strip() for line in dump.splitlines() if line.strip().startswith("File ")][:40]
        result["workers"].append({
            "index": index,
            "events": events,
            "finished": any(line.endswith(" done") for line in events),
            "killed_by_deadline": o["killed"],
            "returncode": o["returncode"],
            "kernel_sums": sums,
            "sigterm": o.get("sigterm"),
            "stack": stack,
            "log": grep(text, "Unavailable", "unhealthy", "heartbeat", "seems down", "Cluster check", "Coordination", "RAISED", "SIGTERM", "reemption")[:20],
        })
    return result


def run_recipe(work):
    """`mwms_restore.py recipe DIR`: DIR/recipe.py (a guide recipe) on both workers, with a
    checkpoint in DIR whose kernel sums to 4.0."""
    make_checkpoint(work)
    summary = summarise("recipe", run("recipe", os.path.join(work, "recipe.py")))
    for w in summary["workers"]:
        print(f"--- recipe worker{w['index']}: finished={w['finished']}", *w["events"], sep="\n    ")
    report(summary)


def main():
    if sys.argv[1:2] == ["recipe"]:
        return run_recipe(sys.argv[2])
    scenarios = sys.argv[1:] or SCENARIOS
    with tempfile.TemporaryDirectory() as d:
        prefix = make_checkpoint(d)
        results = []
        for scenario in scenarios:
            outputs = run(scenario, prefix)
            summary = summarise(scenario, outputs)
            for w in summary["workers"]:
                print(f"--- {scenario} worker{w['index']}: finished={w['finished']} killed={w['killed_by_deadline']}")
                for line in w["events"] + w["log"] + w["stack"][:25]:
                    print("   ", line)
            results.append(summary)
    dead = next((r for r in results if r["scenario"] == "dead-peer"), None)
    if dead:
        def wall(events, needle):
            line = next((e for e in events if needle in e), None)
            return float(re.search(r"wall=([\d.]+)", line).group(1)) if line else None
        exited = wall(dead["workers"][1]["events"], "exiting without a goodbye")
        raised = wall(dead["workers"][0]["events"], "RAISED")
        dead["seconds_from_peer_exit_to_error"] = round(raised - exited, 1) if exited and raised else None
        print("dead peer: error", dead["seconds_from_peer_exit_to_error"], "s after the peer exited")
    report({"results": results})


if __name__ == "__main__":
    main()
