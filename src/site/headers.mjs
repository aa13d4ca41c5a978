// Headers that make pages cross-origin isolated (needed by @webcontainer/api and
// SharedArrayBuffer). Every asset the site loads is its own, so require-corp is safe.
export const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
