// Headers that make pages cross-origin isolated (needed by @webcontainer/api and
// SharedArrayBuffer). Every asset the site loads is its own, so require-corp is safe.
export const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * Astro writes this policy into each page's <meta http-equiv="content-security-policy"> with
 * hashes of every inline script and style it emits. 'wasm-unsafe-eval' lets the checker compile
 * the HDF5 reader (WebAssembly); nothing allows eval of JavaScript or other origins.
 */
/** @type {Exclude<NonNullable<import('astro').AstroUserConfig['security']>['csp'], boolean | undefined>} */
export const contentSecurityPolicy = {
  directives: [
    "default-src 'self'",
    "connect-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "worker-src 'self'",
    // Only the opt-in Node sandbox (WebContainer) frames stackblitz.com; nothing connects elsewhere.
    'frame-src https://stackblitz.com',
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ],
  scriptDirective: { resources: ["'self'", "'wasm-unsafe-eval'"] },
};
