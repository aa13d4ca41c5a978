/**
 * The optional Node sandbox: a WebContainer (StackBlitz's in-browser Node) with the doctor CLI
 * and the cell's sample mounted, for trying the commands in a real shell. It needs cross-origin
 * isolation and the network (WebContainer loads its runtime from stackblitz.com), so it starts
 * only when the reader asks, with explicit states and a timeout: offline, `boot()` neither
 * resolves nor rejects. Whatever happens, the cell's own worker runtime keeps working.
 */
import type { WebContainer as WebContainerType } from '@webcontainer/api';

export type SandboxProblem = 'not-isolated' | 'offline' | 'timeout' | 'failed';

export class SandboxUnavailable extends Error {
  readonly problem: SandboxProblem;
  constructor(problem: SandboxProblem, message: string) {
    super(message);
    this.problem = problem;
  }
}

/** Long enough for a cold start on a slow line; tests shorten it through globalThis. */
function bootTimeoutMs(): number {
  return (globalThis as { __SANDBOX_TIMEOUT_MS?: number }).__SANDBOX_TIMEOUT_MS ?? 20_000;
}

let booted: Promise<WebContainerType> | null = null;

export interface Sandbox {
  run(command: string, onOutput: (chunk: string) => void): Promise<number>;
}

export async function openSandbox(files: { url: string; path: string }[]): Promise<Sandbox> {
  if (!globalThis.crossOriginIsolated)
    throw new SandboxUnavailable('not-isolated', 'This page is not cross-origin isolated, which the Node sandbox needs.');
  if (!navigator.onLine)
    throw new SandboxUnavailable('offline', 'You are offline: the Node sandbox loads its runtime from stackblitz.com.');
  booted ??= boot();
  let container: WebContainerType;
  try {
    container = await booted;
  } catch (error) {
    booted = null;
    throw error;
  }
  const tree: Record<string, { file: { contents: Uint8Array } } | { directory: Record<string, unknown> }> = {};
  const put = (path: string, contents: Uint8Array) => {
    const parts = path.split('/');
    let dir = tree as Record<string, unknown>;
    for (const part of parts.slice(0, -1)) {
      dir[part] ??= { directory: {} };
      dir = (dir[part] as { directory: Record<string, unknown> }).directory;
    }
    dir[parts[parts.length - 1]!] = { file: { contents } };
  };
  put('doctor.mjs', await fetchBytes('/sandbox/doctor.mjs'));
  for (const f of files) put(`sample/${f.path}`, await fetchBytes(f.url));
  await container.mount(tree as Parameters<WebContainerType['mount']>[0]);
  return {
    async run(command, onOutput) {
      const process = await container.spawn('jsh', ['-c', command]);
      void process.output.pipeTo(new WritableStream({ write: (chunk) => onOutput(chunk) }));
      return process.exit;
    },
  };
}

async function boot(): Promise<WebContainerType> {
  const { WebContainer } = await import('@webcontainer/api');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new SandboxUnavailable(
            'timeout',
            `The Node sandbox did not start within ${bootTimeoutMs() / 1000} s (stackblitz.com unreachable or blocked).`,
          ),
        ),
      bootTimeoutMs(),
    );
  });
  try {
    return await Promise.race([WebContainer.boot({ coep: 'require-corp' }), timeout]);
  } catch (error) {
    if (error instanceof SandboxUnavailable) throw error;
    throw new SandboxUnavailable('failed', `The Node sandbox failed to start: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok)
    throw new SandboxUnavailable('failed', `${url} could not be fetched (${response.status}); the sandbox needs the built site.`);
  return new Uint8Array(await response.arrayBuffer());
}
