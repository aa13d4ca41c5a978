/**
 * The site's address: one setting for every link the CLI prints, every share link and the
 * site's own canonical URLs. `TF_RESTORE_DOCTOR_SITE` is read when the site and the CLI bundle are
 * built, and again by the CLI when it runs (`--site` overrides both). Without it, a local build
 * links to the local preview server that `npm start` runs.
 */
export const SITE_ENV = 'TF_RESTORE_DOCTOR_SITE';
export const LOCAL_SITE = 'http://127.0.0.1:4321';

/**
 * Checks an address and returns it without a trailing slash. The site is served at the root of
 * its address (every page links to `/failures/...`), so an address with a path is refused.
 */
export function siteAddress(value: string | undefined | null, from = SITE_ENV): string {
  const text = (value ?? '').trim() || LOCAL_SITE;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`${from}: "${text}" is not a URL (expected e.g. https://doctor.example.org)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`${from}: "${text}" must be an http(s) address`);
  if (url.pathname !== '/' || url.search || url.hash) {
    throw new Error(`${from}: "${text}" has a path; the site must be served at the root of its address (e.g. a custom domain)`);
  }
  return url.origin;
}
