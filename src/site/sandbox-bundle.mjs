// The Node sandbox (WebContainer) runs the same `doctor` CLI as a terminal would. After the build
// this integration bundles src/cli/doctor.ts into one file, dist/sandbox/doctor.mjs, which the
// sandbox mounts next to the samples.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

export function sandboxBundle() {
  return {
    name: 'sandbox-bundle',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const outfile = fileURLToPath(new URL('sandbox/doctor.mjs', dir));
        await build({
          entryPoints: [fileURLToPath(new URL('../cli/doctor.ts', import.meta.url))],
          bundle: true,
          platform: 'node',
          format: 'esm',
          target: 'node18',
          outfile,
          logLevel: 'warning',
          // Bundled CommonJS dependencies call require(); give the ESM bundle one.
          banner: {
            js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
          },
        });
        logger.info('bundled the doctor CLI for the Node sandbox: sandbox/doctor.mjs');
      },
    },
  };
}
