/**
 * One long-lived Python (the oracle's TF 2.21 / Keras 3.15 interpreter) that runs many snippets:
 * importing TensorFlow and Keras takes tens of seconds on a busy machine, so a suite with dozens of
 * loads pays it once. Each snippet runs in a fresh namespace with its own sys.argv, its stdout is
 * captured and its last line parsed as JSON (as python() does); Keras' session state and custom
 * object registry are cleared after each, so snippets do not see each other's objects.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { TF_PYTHON } from './python.ts';

const DRIVER = `
import os, sys, io, json, contextlib, traceback
os.environ['TF_CPP_MIN_LOG_LEVEL'] = '3'
import numpy as np, tensorflow as tf, keras
real_stdout = sys.stdout
for line in sys.stdin:
    request = json.loads(line)
    sys.argv = ['-c'] + request['args']
    captured = io.StringIO()
    try:
        with contextlib.redirect_stdout(captured):
            exec(request['code'], {'__name__': '__main__'})
        answer = {'ok': True, 'stdout': captured.getvalue()}
    except BaseException:
        answer = {'ok': False, 'stdout': captured.getvalue(), 'error': traceback.format_exc()}
    finally:
        keras.backend.clear_session()
        keras.saving.get_custom_objects().clear()
    real_stdout.write(json.dumps(answer) + '\\n')
    real_stdout.flush()
`;

export class PythonSession {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = '';
  private waiting: ((line: string) => void)[] = [];
  private chain: Promise<unknown> = Promise.resolve();
  private stderr = '';

  constructor() {
    this.child = spawn(TF_PYTHON, ['-u', '-c', DRIVER], {
      env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3', CUDA_VISIBLE_DEVICES: '', PYTHONHASHSEED: '0' },
    });
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => {
      this.buffer += chunk;
      for (let nl = this.buffer.indexOf('\n'); nl >= 0; nl = this.buffer.indexOf('\n')) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        this.waiting.shift()?.(line);
      }
    });
    this.child.on('exit', () => {
      for (const w of this.waiting.splice(0))
        w(JSON.stringify({ ok: false, stdout: '', error: `the Python session exited: ${this.stderr.slice(-2000)}` }));
    });
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-20_000);
    });
  }

  /** Runs `code` with `args` in sys.argv[1:]; the last line of its output, parsed as JSON. A Python exception rejects with its traceback. */
  run<T = unknown>(code: string, ...args: string[]): Promise<T> {
    const next = this.chain.then(
      () =>
        new Promise<T>((resolve, reject) => {
          if (this.child.exitCode !== null) {
            reject(new Error(`the Python session has exited: ${this.stderr.slice(-2000)}`));
            return;
          }
          this.waiting.push((line) => {
            const answer = JSON.parse(line) as { ok: boolean; stdout: string; error?: string };
            if (!answer.ok) {
              reject(new Error(`Python failed:\n${answer.error}\n${answer.stdout}`));
              return;
            }
            const lines = answer.stdout.trim().split('\n');
            resolve(JSON.parse(lines[lines.length - 1] ?? 'null') as T);
          });
          this.child.stdin.write(`${JSON.stringify({ code, args })}\n`);
        }),
    );
    this.chain = next.catch(() => undefined);
    return next;
  }

  close(): void {
    this.child.stdin.end();
    this.child.kill();
  }
}
