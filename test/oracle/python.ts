/**
 * Runs Python with TensorFlow 2.21 for the oracle suite. The interpreter is $TF_PYTHON, or
 * .venv-tf/bin/python at the repository root (made by .ci/run or by hand:
 * `python3 -m venv .venv-tf && .venv-tf/bin/pip install --retries 0 tensorflow-cpu==2.21.0`).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const TF_PYTHON = process.env.TF_PYTHON ?? resolve(import.meta.dirname, '../../.venv-tf/bin/python');

if (!existsSync(TF_PYTHON)) {
  throw new Error(`The oracle suite needs Python with tensorflow-cpu==2.21.0 at ${TF_PYTHON} (set TF_PYTHON or create .venv-tf).`);
}

/**
 * Runs `code` with `args` in sys.argv[1:], and parses the last line of stdout as JSON.
 * TensorFlow's log noise is silenced; a Python exception fails the test with its stderr.
 */
export async function python<T = unknown>(code: string, ...args: string[]): Promise<T> {
  const { stdout } = await run(TF_PYTHON, ['-c', code, ...args], {
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3', CUDA_VISIBLE_DEVICES: '', PYTHONHASHSEED: '0' },
  });
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] ?? 'null') as T;
}
