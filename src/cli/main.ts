/** Runs the command line in this process and sets its exit status (the bin loads this lazily). */
import { execute } from './execute.ts';
import { processIo } from './io.ts';

// `tf-restore-doctor ... | head` closes the pipe early: that is the reader being done, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

export async function main(argv: readonly string[]): Promise<void> {
  process.exitCode = await execute(argv, processIo());
}
