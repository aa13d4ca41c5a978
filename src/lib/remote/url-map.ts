/**
 * Which addresses the remote reader accepts and where it fetches them: https:// (and http://,
 * for servers on the reader's own network) as given, presigned query strings included; the
 * gs:// and s3:// forms of public objects mapped to their HTTPS endpoints.
 */
import { RemoteError } from './remote-error.ts';

/** Looks like an address rather than a path on disk (`C:\` is a path: one-letter schemes are not addresses). */
export function isRemoteAddress(text: string): boolean {
  return /^[a-z][a-z0-9+.-]+:\/\//i.test(text);
}

/** The HTTP(S) URL for an address: gs://b/p -> https://storage.googleapis.com/b/p, s3://b/p -> https://b.s3.amazonaws.com/p. */
export function httpUrlOf(address: string): string {
  const match = /^([a-z][a-z0-9+.-]+):\/\/([^/?#]*)(.*)$/i.exec(address);
  if (!match) throw new RemoteError(address, 'is not a URL (expected https://, gs://bucket/path or s3://bucket/path)');
  const scheme = match[1]!.toLowerCase();
  const host = match[2]!;
  const rest = match[3]!;
  if (scheme === 'https' || scheme === 'http') {
    if (host === '') throw new RemoteError(address, 'has no host');
    return address;
  }
  if (scheme === 'gs' || scheme === 's3') {
    if (!/^[a-z0-9][a-z0-9._-]{1,221}[a-z0-9]$/i.test(host)) throw new RemoteError(address, `"${host}" is not a bucket name`);
    const path = rest.startsWith('/') ? rest : `/${rest}`;
    return scheme === 'gs' ? `https://storage.googleapis.com/${host}${path}` : `https://${host}.s3.amazonaws.com${path}`;
  }
  throw new RemoteError(address, `the ${scheme}:// scheme is not supported (use https://, gs:// or s3://)`);
}

export function stripQuery(url: string): string {
  return url.replace(/[?#].*$/, '');
}

/** True for a URL with a query string: presigned URLs are signed for one object and used as given. */
export function hasQuery(url: string): boolean {
  return /\?/.test(url.replace(/#.*$/, ''));
}

/** The path segments of a URL (decoded where they are valid percent-encoding). */
export function pathSegments(url: string): string[] {
  const path = stripQuery(url).replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  return path.split('/').map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
}
