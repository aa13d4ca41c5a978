/** `--timeout SECONDS` as the remote reader's settings. */
import type { RemoteSettings } from './open-inputs.ts';
import { UsageError } from './usage-error.ts';

export function remoteSettings(timeout: string | undefined): RemoteSettings {
  if (timeout === undefined) return {};
  const seconds = Number(timeout);
  if (!/^\d+(\.\d+)?$/.test(timeout.trim()) || !(seconds > 0) || seconds > 3600) {
    throw new UsageError(`--timeout: "${timeout}" is not a number of seconds between 0 and 3600`);
  }
  return { timeoutSeconds: seconds };
}
