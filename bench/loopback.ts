/**
 * The benchmark's loopback server: the generated checkpoint's files served from disk with Range
 * support (the tests' server, with files read in pieces from their file descriptors), in the
 * orchestrating process so the measured task process only does the client's work.
 */
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type RangeServer, startRangeServer } from '../test/helpers/range-server.ts';

export async function serveDirectory(dir: string, at: string): Promise<RangeServer & { stop(): Promise<void> }> {
  const server = await startRangeServer();
  const fds: number[] = [];
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
  for (const file of walk(dir)) {
    const fd = openSync(file, 'r');
    fds.push(fd);
    server.files.set(`${at}/${relative(dir, file)}`, {
      size: statSync(file).size,
      read(start, end) {
        const out = new Uint8Array(end - start);
        let done = 0;
        while (done < out.byteLength) {
          const n = readSync(fd, out, done, out.byteLength - done, start + done);
          if (n === 0) break;
          done += n;
        }
        return out.subarray(0, done);
      },
    });
  }
  return Object.assign(server, {
    async stop() {
      await server.close();
      for (const fd of fds) closeSync(fd);
    },
  });
}
