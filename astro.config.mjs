// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import mdx from '@astrojs/mdx';
import { unified } from '@astrojs/markdown-remark';
import { contentSecurityPolicy, crossOriginIsolation } from './src/site/headers.mjs';
import { cspInlineHashes } from './src/site/csp-inline-hashes.mjs';
import { sandboxBundle } from './src/site/sandbox-bundle.mjs';
import { sidebar } from './src/site/sidebar.mjs';
import { remarkHeadingIds } from './src/site/remark-heading-ids.mjs';
import { SITE_ENV, siteAddress } from './src/site/address.ts';

// The site is static: every page is prerendered, every check runs in the reader's browser.
export default defineConfig({
  // One address for canonical URLs, link cards and share links (TF_RESTORE_DOCTOR_SITE; a local
  // build links to the preview server `npm start` runs).
  site: siteAddress(process.env[SITE_ENV]),
  // 'ignore': sample files without an extension (a checkpoint's `checkpoint` state file) must be served as files.
  trailingSlash: 'ignore',
  // COOP/COEP in dev and preview so WebContainer (cross-origin isolation) can start;
  // public/_headers carries the same for static hosts.
  server: { host: '127.0.0.1', headers: crossOriginIsolation },
  // A Content-Security-Policy in every page: scripts only from this site (and the hashes Astro
  // computes for the few inline ones), no connections anywhere else, no plugins, no framing.
  security: { csp: contentSecurityPolicy },
  // Guides' steps need stable anchors (`## Fix it \\{#fix\\}`): a remark plugin, so the unified processor.
  markdown: { processor: unified({ remarkPlugins: [remarkHeadingIds] }) },
  // ES-module workers can split: the checker's worker loads h5wasm (~4 MB) only when an HDF5
  // file is given, instead of carrying it for every checkpoint and SavedModel.
  vite: { worker: { format: 'es' } },
  integrations: [
    starlight({
      title: 'TF Restore Doctor',
      description: 'Why your TensorFlow or Keras model will not load, and how to fix it.',
      sidebar,
      lastUpdated: false,
      pagefind: true,
      customCss: ['./src/styles/site.css'],
      expressiveCode: {
        themes: ['github-dark', 'github-light'],
        // Long lines wrap: a code block never becomes a sideways-scrolling region (keyboard users
        // could not reach it, and phones would scroll the page).
        defaultProps: { wrap: true },
      },
    }),
    mdx(),
    cspInlineHashes(),
    sandboxBundle(),
  ],
});
