"""gs:// paths behind a stalled network, TF 2.21: what is logged, by default and with VLOG.

TensorFlow's GCS endpoints are compiled in, but its libcurl honours HTTPS_PROXY and CURL_CA_BUNDLE
(see _fake_gcs.py), so a local proxy stands in for the network. Timeouts and retry counts are
shortened with the variables TF's GCS filesystem reads (GCS_REQUEST_CONNECTION_TIMEOUT_SECS,
GCS_REQUEST_IDLE_TIMEOUT_SECS, GCS_RETRY_CONFIG_MAX_RETRIES; tsl gcs_file_system.cc); the defaults
are 120 s, 60 s and 10 retries with exponential backoff from 1 s up to 32 s.

  latest-default   latest_checkpoint("gs://...") through a proxy that never completes the TLS
                   handshake, default logging: no retry line at all (they are VLOG(1)), then two
                   Python warnings and None; restore(None) then raises nothing.
  latest-vmodule   the same with TF_CPP_VMODULE=retrying_utils=1: one line per retry.
  latest-vlog      the same with TF_CPP_MAX_VLOG_LEVEL=1.
  no-credentials   no token anywhere, GCE metadata server answering 404 (GCE_METADATA_HOST): the
                   bearer-token WARNING, shown by default.
  stuck-download   a fake GCS behind a TLS-terminating proxy serves the checkpoint but stalls in the
                   data shard after 100 bytes: the "stuck at ... bytes" ERROR, shown by default;
                   the restore's stack while it waits; the exception at the end.
"""
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import PYTHON, child_env, finish, grep, report, spawn  # noqa: E402
from _fake_gcs import Proxy  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SAMPLE = os.path.join(REPO, "public", "samples", "renamed-attribute", "fixed")
SHORT = {"GCS_REQUEST_CONNECTION_TIMEOUT_SECS": "2", "GCS_REQUEST_IDLE_TIMEOUT_SECS": "3", "GCS_RETRY_CONFIG_MAX_RETRIES": "2"}

LATEST = r"""
import time, numpy as np, keras, tensorflow as tf
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4)])
t = time.monotonic()
path = tf.train.latest_checkpoint("gs://bucket/run1")
print("@ latest_checkpoint ->", repr(path), "after %.1f s" % (time.monotonic() - t), flush=True)
status = tf.train.Checkpoint(model=model).restore(path)
print("@ restore(path) ->", type(status).__name__, flush=True)
"""

RESTORE = r"""
import faulthandler, sys, time, numpy as np, keras, tensorflow as tf
class Regressor(keras.Model):
    def __init__(self):
        super().__init__()
        self.denselayer1 = keras.layers.Dense(4)
        self.head = keras.layers.Dense(1)
    def call(self, x):
        return self.head(self.denselayer1(x))
model = Regressor()
model(np.ones((1, 8), np.float32))
path = tf.train.latest_checkpoint("gs://bucket/run1")
print("@ latest_checkpoint ->", repr(path), flush=True)
faulthandler.dump_traceback_later(2, exit=False, file=sys.stdout)
t = time.monotonic()
try:
    tf.train.Checkpoint(model=model).restore(path).assert_existing_objects_matched()
    print("@ restored after %.1f s" % (time.monotonic() - t), flush=True)
except Exception as exc:
    print("@ RAISED after %.1f s" % (time.monotonic() - t), type(exc).__module__ + "." + type(exc).__name__, "|", str(exc).replace("\n", " | ")[:400], flush=True)
"""


def run(code, env, seconds=150):
    out, code_, killed = finish(spawn([PYTHON, "-c", code], env), time.monotonic() + seconds)
    return out, killed


def summary(out):
    return {
        "events": [line for line in out.splitlines() if line.startswith("@")],
        "retry_lines": [line for line in out.splitlines() if "will be automatically retried" in line],
        "warnings": grep(out, "WARNING:tensorflow:", "google_auth_provider.cc", "curl_http_request.cc"),
        "stack": [line.strip() for line in out.splitlines() if line.strip().startswith("File ")][:12],
    }


def main():
    d = tempfile.mkdtemp()
    stall = Proxy("stall", d)
    result = {}
    base = dict(SHORT, HTTPS_PROXY=stall.url, GOOGLE_AUTH_TOKEN_FOR_TESTING="test-token")
    for label, extra in (("latest-default", {}), ("latest-vmodule", {"TF_CPP_VMODULE": "retrying_utils=1"}),
                         ("latest-vlog", {"TF_CPP_MAX_VLOG_LEVEL": "1"})):
        out, killed = run(LATEST, child_env(**base, **extra))
        result[label] = summary(out)
        result[label]["killed"] = killed

    meta = Proxy("metadata", d)
    home = tempfile.mkdtemp()
    env = child_env(**SHORT, HOME=home, HTTPS_PROXY=stall.url, GCE_METADATA_HOST=f"127.0.0.1:{meta.port}", NO_PROXY="127.0.0.1")
    env.pop("GOOGLE_APPLICATION_CREDENTIALS", None)
    out, _ = run(LATEST, env)
    result["no-credentials"] = summary(out)

    root = os.path.join(d, "bucket")
    shutil.copytree(SAMPLE, os.path.join(root, "run1"))
    gcs = Proxy("gcs", d, root=root, stall_after=100)
    out, killed = run(RESTORE, child_env(**dict(base, HTTPS_PROXY=gcs.url, CURL_CA_BUNDLE=gcs.ca)))
    result["stuck-download"] = summary(out)
    result["stuck-download"]["requests"] = gcs.handler.log[:20]
    for label, r in result.items():
        print("---", label)
        for key in ("events", "retry_lines", "warnings", "stack"):
            for line in r.get(key, [])[:8]:
                print("   ", line[:300])
    shutil.rmtree(d, ignore_errors=True)
    report(result)


if __name__ == "__main__":
    main()
