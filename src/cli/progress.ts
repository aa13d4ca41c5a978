/** A one-line progress bar on stderr for long work (checksum verification); only on a terminal. */
import type { CheckProgress } from '../lib/check.ts';
import type { Io } from './io.ts';
import { terminalSafe } from './terminal-text.ts';

export interface ProgressBar {
  update: (progress: CheckProgress) => void;
  done: () => void;
}

export function progressBar(io: Io): ProgressBar | null {
  if (!io.errIsTTY) return null;
  const started = Date.now();
  let last = 0;
  let drawn = false;
  return {
    update({ stage, path, done, total }) {
      if (stage !== 'verifying') return;
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      drawn = true;
      const fraction = total > 0 ? done / total : 1;
      const width = 30;
      const filled = Math.round(fraction * width);
      const seconds = ((now - started) / 1000).toFixed(1);
      io.err(
        `\r${terminalSafe(`verify ${path ?? ''}`)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0)}% ${mib(done)}/${mib(total)} MiB ${seconds}s`,
      );
    },
    done() {
      if (drawn) io.err('\n');
    },
  };
}

function mib(bytes: number): string {
  return (bytes / 1048576).toFixed(1);
}
