"""Run one snippet the way a user would and record what really happened.

Records the exception (type + message), everything written to stderr while it ran (TensorFlow's
C++ log lines and Python `WARNING:tensorflow:` lines go there, including the warnings TF prints
when a restore status object is garbage-collected), and the `observed` facts of the check code.
"""
from __future__ import annotations

import gc
import os
import re
import sys
import tempfile
import time
import traceback
import warnings
from pathlib import Path

MESSAGE_LIMIT = 2000  # head + tail kept; Keras puts the root cause at the end of long messages
MESSAGE_TAIL = 700
LOG_LIMIT = 4000


class Normaliser:
    """Replaces machine-specific text (paths, addresses, timestamps) with stable placeholders."""

    def __init__(self, scenario_dir: str):
        self.replacements = [
            (os.path.realpath(scenario_dir) + os.sep, ""),
            (os.path.abspath(scenario_dir) + os.sep, ""),
            (os.path.realpath(scenario_dir), "."),
            (os.path.abspath(scenario_dir), "."),
            (sys.prefix, "<venv>"),
            # TF1 "Detected at node ... defined at" traces list the runner's own frames
            (str(Path(__file__).resolve().parents[2]), "<repo>"),
        ]

    def __call__(self, text: str) -> str:
        for old, new in self.replacements:
            text = text.replace(old, new)
        text = re.sub(r"/tmp/[\w.\-/]+", "<tmp>", text)
        text = re.sub(r"0x[0-9a-f]{6,}", "0x<addr>", text)
        # Keras config dumps carry id() values
        text = re.sub(r"'shared_object_id': \d+", "'shared_object_id': <id>", text)
        # absl log prefix: W0000 00:00:1795299923.212185    8202 file.cc:12]
        text = re.sub(r"^([IWEF])\d{4} \d\d:\d\d:[\d.]+\s+\d+ ", r"\1<time> <tid> ", text, flags=re.M)
        return text


def shorten(message: str) -> str:
    """Verbatim up to MESSAGE_LIMIT; longer ones keep their head and tail with a marked cut."""
    if len(message) <= MESSAGE_LIMIT:
        return message
    head = MESSAGE_LIMIT - MESSAGE_TAIL
    omitted = len(message) - MESSAGE_LIMIT
    return f"{message[:head]}\n[... {omitted} characters omitted ...]\n{message[-MESSAGE_TAIL:]}"


def _exception_name(exc: BaseException) -> str:
    cls = type(exc)
    if cls.__module__ == "builtins":
        return cls.__qualname__
    return f"{cls.__module__}.{cls.__qualname__}"


def _flush():
    sys.stdout.flush()
    sys.stderr.flush()


def run_snippet(code: str, check_code: str, cwd: str, normalise: Normaliser, reset) -> dict:
    """Executes `code` (then `check_code`) in a fresh `__main__`-like namespace inside `cwd`."""
    reset()
    namespace: dict = {"__name__": "__main__", "__builtins__": __builtins__}
    outcome: dict = {"raised": False, "exception": None, "message": None}
    observed: dict = {}
    old_cwd = os.getcwd()
    log_file = tempfile.TemporaryFile(mode="w+b")
    _flush()
    saved_fd = os.dup(2)
    os.dup2(log_file.fileno(), 2)
    started = time.perf_counter()
    try:
        os.chdir(cwd)
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            # numpy 2 / Keras noise that has nothing to do with restoring
            warnings.simplefilter("ignore", DeprecationWarning)
            try:
                exec(compile(code, "<load_code>", "exec"), namespace)
            except Exception as exc:  # the outcome we are here to record
                outcome["raised"] = True
                outcome["exception"] = _exception_name(exc)
                outcome["message"] = shorten(normalise(str(exc)))
                namespace["error"] = exc
            outcome["seconds"] = round(time.perf_counter() - started, 3)
            if check_code:
                namespace["observed"] = observed
                try:
                    exec(compile(check_code, "<check_code>", "exec"), namespace)
                except Exception:
                    raise RuntimeError("check_code failed:\n" + traceback.format_exc())
            # Let restore-status objects die now, so the warnings TF prints on deletion are
            # captured with this snippet rather than at interpreter exit.
            namespace.clear()
            gc.collect()
    finally:
        _flush()
        os.dup2(saved_fd, 2)
        os.close(saved_fd)
        os.chdir(old_cwd)
    log_file.seek(0)
    log = normalise(log_file.read().decode("utf-8", "replace"))
    log_file.close()
    outcome["log"] = log[:LOG_LIMIT]
    outcome["observed"] = observed
    return outcome
