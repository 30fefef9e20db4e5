/**
 * Browser-test support for the elements: Debian's Chromium through playwright-core, a static server
 * for this package (so a page can load `/dist/trialogue.js` and `/test/pages/*.html`), a guard that
 * records any request to a non-loopback host, axe-core run inside the page, and screenshots saved
 * under `test/artifacts/` (git-ignored) to be looked at.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

export const packageRoot = fileURLToPath(new URL('../..', import.meta.url));
export const artifactsDir = join(packageRoot, 'test', 'artifacts');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** `describe.skipIf(!hasChromium)`: the browser tests need Debian's chromium (scripts/ensure-tools.sh --browser). */
export const hasChromium = existsSync(chromiumPath);

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.png': 'image/png',
};

/** A static server for `root` (default: this package) on 127.0.0.1, random port. */
export async function serveStatic(root = packageRoot): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = join(root, normalize(path === '/' ? '/index.html' : path));
    if (!file.startsWith(root) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Headless Chromium with the flags this machine needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const loopback = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Aborts and records every request from `page` to a host that is not loopback (a remote image, a
 * tracking pixel, a key sent somewhere): `offHost` lists them, so a test can require it to stay empty.
 */
export async function guardNetwork(page: Page): Promise<{ offHost: string[] }> {
  const offHost: string[] = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    let host = '';
    try {
      host = new URL(url).hostname;
    } catch {
      // data:, blob: and about: never leave the machine.
    }
    if (host && !loopback.has(host)) {
      offHost.push(url);
      return route.abort();
    }
    return route.continue();
  });
  return { offHost };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core inside the page (on `selector`, default the whole document); returns the violations. */
export async function axeViolations(
  page: Page,
  selector?: string,
): Promise<{ id: string; impact: string | null; help: string; nodes: string[] }[]> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async (context) => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected as a global.
    const axe = (window as any).axe;
    const result = await axe.run(context ?? document, { resultTypes: ['violations'] });
    // biome-ignore lint/suspicious/noExplicitAny: axe's result types are not imported into the page.
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      // biome-ignore lint/suspicious/noExplicitAny: as above.
      nodes: v.nodes.map((n: any) => n.target.join(' ')),
    }));
  }, selector ?? null);
}

/** Saves a screenshot under test/artifacts/NAME.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const path = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
