/**
 * `doctor`: the command-line face of the library, for servers and CI.
 *
 *   npm run -s doctor -- inspect <path>... [--tf X.Y] [--keras X.Y] [--input-dtype T] [--expect <path-or-text-file>] [--json]
 *   npm run -s doctor -- diff <saved-path> <expected-path-or-text-file> [--json]
 *   npm run -s doctor -- verify <checkpoint-prefix-or-dir> [--json]
 *   npm run -s doctor -- triage [file|-] [--json]
 *
 * Exit status: 0 no error findings, 1 error findings, 2 unusable input or arguments (one line on
 * stderr, never a stack trace).
 */
import { UsageError, runCommand } from './commands.ts';

// `doctor ... | head` closes the pipe early: that is the reader being done, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

async function main(argv: string[]): Promise<number> {
  try {
    return await runCommand(argv);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`doctor: ${message.split('\n')[0]}\n`);
    if (error instanceof UsageError) process.stderr.write('usage: doctor <inspect|diff|verify|triage> ... (see README "CLI")\n');
    return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 2;
  },
);
