/**
 * A loopback HTTP server for the remote-reading tests: serves files (real bytes or generated on
 * the fly, so a 2 GiB shard never exists on disk or in memory) with or without Range support,
 * logs every request with the bytes it sent, and injects faults per request: a delay before
 * answering, a stall or a dropped connection after N body bytes, an HTTP status.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface ServedFile {
  size: number;
  /** Bytes [start, end) of the file. */
  read(start: number, end: number): Uint8Array;
}

export interface Fault {
  /** Wait this long before the status line. */
  delayMs?: number;
  /** Answer with this status and no body. */
  status?: number;
  /** Send this many body bytes, then nothing more (the connection stays open). */
  stallAfter?: number;
  /** Send this many body bytes, then destroy the connection. */
  dropAfter?: number;
}

export interface LoggedRequest {
  path: string;
  range: string | null;
  status: number;
  /** Body bytes written to the socket. */
  sent: number;
  remote: string;
  /** Date.now() when the request arrived and when its answer ended (null while open). */
  started: number;
  finished: number | null;
}

export interface RangeServer {
  url: string;
  files: Map<string, ServedFile>;
  log: LoggedRequest[];
  /** Decides the fault for each request (by path, range and how many came before); none by default. */
  fault: (path: string, range: string | null, index: number) => Fault | null;
  /** When false the server ignores Range and always answers 200 with the whole file. */
  ranges: boolean;
  /** Allow cross-origin reads (CORS) from any page, exposing Content-Range; off by default, like a bucket. */
  cors: boolean;
  bytesSent(): number;
  close(): Promise<void>;
}

export function bytesFile(bytes: Uint8Array): ServedFile {
  return { size: bytes.byteLength, read: (start, end) => bytes.subarray(start, end) };
}

const PIECE = 64 * 1024;

/** `tls`: serve https:// with this key and certificate (the Inspect page may only connect to https://). */
export async function startRangeServer(options: { tls?: { key: string; cert: string } } = {}): Promise<RangeServer> {
  const sockets = new Set<import('node:net').Socket>();
  const state: RangeServer = {
    url: '',
    files: new Map(),
    log: [],
    fault: () => null,
    ranges: true,
    cors: false,
    bytesSent: () => state.log.reduce((n, r) => n + r.sent, 0),
    close: () =>
      new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
  };
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(state, req, res).catch(() => res.destroy());
  };
  const server: Server = options.tls ? createTlsServer(options.tls, listener) : createServer(listener);
  server.on(options.tls ? 'secureConnection' : 'connection', (socket: import('node:net').Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  state.url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

async function handle(state: RangeServer, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (state.cors) {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-expose-headers', 'content-range, content-length');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-headers': 'range', 'access-control-allow-methods': 'GET' }).end();
      return;
    }
  }
  const path = decodeURIComponent((req.url ?? '/').replace(/\?.*$/, ''));
  const range = state.ranges ? (req.headers.range ?? null) : null;
  const entry: LoggedRequest = {
    path,
    range,
    status: 0,
    sent: 0,
    remote: req.socket.remoteAddress ?? '',
    started: Date.now(),
    finished: null,
  };
  res.on('close', () => {
    entry.finished = Date.now();
  });
  state.log.push(entry);
  const fault = state.fault(path, range, state.log.length - 1) ?? {};
  if (fault.delayMs) await new Promise((done) => setTimeout(done, fault.delayMs));
  const file = state.files.get(path);
  const status = fault.status ?? (file ? (range ? 206 : 200) : 404);
  entry.status = status;
  if (!file || (status !== 200 && status !== 206)) {
    res.writeHead(status, { 'content-length': '0' }).end();
    return;
  }
  let start = 0;
  let end = file.size;
  if (status === 206) {
    const m = /^bytes=(\d+)-(\d*)$/.exec(range ?? '');
    if (!m || Number(m[1]) >= file.size) {
      entry.status = 416;
      res.writeHead(416, { 'content-range': `bytes */${file.size}`, 'content-length': '0' }).end();
      return;
    }
    start = Number(m[1]);
    end = m[2] === '' ? file.size : Math.min(file.size, Number(m[2]) + 1);
    res.writeHead(206, { 'content-range': `bytes ${start}-${end - 1}/${file.size}`, 'content-length': String(end - start) });
  } else {
    res.writeHead(200, { 'content-length': String(file.size) });
  }
  const limit = fault.stallAfter ?? fault.dropAfter ?? Number.POSITIVE_INFINITY;
  for (let at = start; at < end; at += PIECE) {
    if (res.destroyed) return;
    let piece = file.read(at, Math.min(end, at + PIECE));
    const room = limit - entry.sent;
    if (piece.byteLength > room) piece = piece.subarray(0, room);
    if (piece.byteLength > 0) {
      entry.sent += piece.byteLength;
      if (!res.write(piece))
        await new Promise<void>((done) => {
          const finish = () => {
            res.off('drain', finish);
            res.off('close', finish);
            done();
          };
          res.on('drain', finish);
          res.on('close', finish);
        });
    }
    if (entry.sent >= limit) {
      if (fault.dropAfter !== undefined) res.destroy();
      return; // a stall: nothing more, the connection left open
    }
  }
  res.end();
}
