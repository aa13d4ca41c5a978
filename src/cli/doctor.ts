#!/usr/bin/env node
/**
 * tf-restore-doctor: the command-line face of the library, for servers and CI.
 *
 *   tf-restore-doctor inspect <path>... [options]
 *   tf-restore-doctor diff <saved-path> <expected-path> [options]
 *   tf-restore-doctor verify <checkpoint-prefix | .index | folder> [options]
 *   tf-restore-doctor triage [file | -] [options]
 *
 * Exit status: 0 no error findings, 1 error findings, 2 nothing to check or bad arguments (one
 * line on stderr, never a stack trace). `--version` and `--help` answer before the library loads.
 */
import { GLOBAL_HELP } from './usage.ts';
import { VERSION } from './version.ts';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${VERSION}\n`);
} else if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h')) {
  process.stdout.write(`${GLOBAL_HELP}\n`);
} else {
  const { main } = await import('./main.ts');
  await main(argv);
}
