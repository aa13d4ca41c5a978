/** A one-line progress bar on stderr for long work (checksum verification); silent when stderr is not a terminal. */
export interface ProgressBar {
  update: (done: number, total: number) => void;
  done: () => void;
}

export function progressBar(label: string): ProgressBar | null {
  if (!process.stderr.isTTY) return null;
  const started = Date.now();
  let last = 0;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      const fraction = total > 0 ? done / total : 1;
      const width = 30;
      const filled = Math.round(fraction * width);
      const seconds = ((now - started) / 1000).toFixed(1);
      process.stderr.write(
        `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0)}% ${mib(done)}/${mib(total)} MiB ${seconds}s`,
      );
    },
    done() {
      process.stderr.write('\n');
    },
  };
}

function mib(bytes: number): string {
  return (bytes / 1048576).toFixed(1);
}
