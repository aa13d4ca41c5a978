// Runs a Node program (argv[2], the rest its arguments) in this process and, at exit, writes this
// process's peak resident memory (KiB, from getrusage) to file descriptor 3: the memory a command
// really took, measured by the kernel rather than estimated from heap statistics.
import { writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const program = resolve(process.argv[2]);
process.argv.splice(1, 1); // the program sees itself as argv[1], as when run directly
process.on('exit', () => writeSync(3, `${process.resourceUsage().maxRSS}\n`));
await import(pathToFileURL(program).href);
