/** Vitest global setup: build the CLI bundle once, so tests can run the command as users do. */
import { buildCli } from '../../scripts/build-cli.mjs';

export default async function setup(): Promise<void> {
  await buildCli();
}
