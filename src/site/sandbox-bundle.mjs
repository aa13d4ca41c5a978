// The Node sandbox (WebContainer) runs the same CLI as a terminal would. After the build this
// integration bundles it into one file, dist/sandbox/doctor.mjs, which the sandbox mounts next
// to the samples (one file: the sandbox mounts files, not a package).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { cliBuildOptions } from '../../scripts/build-cli.mjs';

export function sandboxBundle() {
  return {
    name: 'sandbox-bundle',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const { entryPoints, legalComments: _legal, ...options } = cliBuildOptions();
        await build({
          ...options,
          entryPoints: Object.values(entryPoints),
          outfile: fileURLToPath(new URL('sandbox/doctor.mjs', dir)),
          legalComments: 'none',
        });
        logger.info('bundled the CLI for the Node sandbox: sandbox/doctor.mjs');
      },
    },
  };
}
