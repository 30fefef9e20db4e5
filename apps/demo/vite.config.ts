import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { contentSecurityPolicy, devContentSecurityPolicy } from './csp.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The workspace packages from source: the site never runs on a stale `dist`, and needs no build of them first. */
const alias = [
  {
    find: /^@trialogue\/(core|providers|debate|web-components)$/,
    replacement: here('../../packages/$1/src/index.ts'),
  },
  {
    find: /^@trialogue\/(core|providers|debate|web-components)\/(.+)$/,
    replacement: here('../../packages/$1/src/$2/index.ts'),
  },
];

/** Puts the Content-Security-Policy meta tag first in `<head>` (strict in the build, relaxed for Vite's dev client). */
function csp(): Plugin {
  return {
    name: 'trialogue-csp',
    transformIndexHtml: {
      order: 'post',
      handler: (_html, context) => [
        {
          tag: 'meta',
          attrs: {
            'http-equiv': 'Content-Security-Policy',
            content: context.server ? devContentSecurityPolicy : contentSecurityPolicy,
          },
          injectTo: 'head-prepend',
        },
      ],
    },
  };
}

export default defineConfig({
  // Relative URLs: the built folder works from any path (a sub-folder, a file server, a CDN prefix).
  base: './',
  resolve: { alias },
  plugins: [csp()],
  build: { target: 'es2022', modulePreload: { polyfill: false } },
  // Port 5173, or the next free one when it is taken (no strictPort).
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 5173 },
});
