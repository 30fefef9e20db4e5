/**
 * Helpers for the demo's browser tests: the built site served from a sub-path, Chromium, a page
 * that fails on any CSP violation, and readers for the chat element's panes and for every place a
 * key could leak into (DOM with shadow roots, storage, IndexedDB).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const demoRoot = fileURLToPath(new URL('..', import.meta.url));
export const dist = join(demoRoot, 'dist');
export const artifacts = join(demoRoot, 'test', 'artifacts');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where the built folder is served: not the root, so relative URLs are tested. */
export const SUB_PATH = '/some/sub/path/';

const types: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

/** Builds the site (always: a stale dist would test old code). */
export function buildSite(): void {
  // NODE_ENV is `test` under vitest, which would make Vite pick Lit's development build: test the real one.
  execFileSync('pnpm', ['exec', 'vite', 'build', '--logLevel', 'error'], {
    cwd: demoRoot,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

/** Serves `dist` under {@link SUB_PATH}; records every path that got a 404. */
export async function serveSite(): Promise<{ server: Server; url: string; notFound: string[] }> {
  const notFound: string[] = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const inside = path.startsWith(SUB_PATH) ? path.slice(SUB_PATH.length - 1) : undefined;
    const file = inside === undefined ? '' : join(dist, normalize(inside === '/' ? '/index.html' : inside));
    if (!file?.startsWith(dist) || !existsSync(file)) {
      notFound.push(path);
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${SUB_PATH}`, notFound };
}

export function launch(): Promise<Browser> {
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

/** A page that records CSP violations, page errors, console lines and every request URL. */
export interface DemoPage {
  page: Page;
  context: BrowserContext;
  violations: string[];
  errors: string[];
  consoleLines: string[];
  requests: { url: string; headers: Record<string, string> }[];
}

export async function demoPage(
  browser: Browser,
  options: { width?: number; height?: number; colorScheme?: 'light' | 'dark' } = {},
): Promise<DemoPage> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    colorScheme: options.colorScheme ?? 'light',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const result: DemoPage = { page, context, violations: [], errors: [], consoleLines: [], requests: [] };
  await page.exposeFunction('__reportViolation', (text: string) => result.violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { __reportViolation(text: string): void }).__reportViolation(
        `${event.violatedDirective} ${event.blockedURI}`,
      );
    });
  });
  page.on('pageerror', (error) => result.errors.push(String(error)));
  page.on('console', (message) => {
    result.consoleLines.push(message.text());
    if (/Content Security Policy/i.test(message.text())) result.violations.push(message.text());
  });
  page.on('request', (request) => result.requests.push({ url: request.url(), headers: request.headers() }));
  return result;
}

/** Opens the demo and waits until its screens are ready. */
export async function openDemo(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
}

/** What a chat pane shows, read from `<trialogue-chat>`'s shadow DOM. */
export interface PaneState {
  id: string;
  label: string;
  status: string;
  answers: { text: string; html: string; status: string; error: string }[];
  error: string;
}

export function panes(page: Page): Promise<PaneState[]> {
  return page.evaluate(() => {
    const root = document.querySelector('trialogue-chat')?.shadowRoot;
    if (!root) return [];
    return [...root.querySelectorAll<HTMLElement>('.pane')].map((pane) => ({
      id: pane.dataset.pane ?? '',
      label: pane.querySelector('.pane-title')?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
      status: pane.dataset.status ?? '',
      answers: [...pane.querySelectorAll<HTMLElement>('.turn.assistant')].map((turn) => {
        const body = turn.querySelector('trialogue-message')?.shadowRoot?.querySelector('.body');
        return {
          text: body?.textContent?.trim() ?? '',
          html: body?.innerHTML ?? '',
          status: turn.dataset.status ?? '',
          error: turn.querySelector('.error')?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
        };
      }),
      error: pane.querySelector('.error')?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
    }));
  });
}

/** Polls the chat panes until `check` holds, or fails showing the last state. */
export async function waitForPanes(
  page: Page,
  check: (views: PaneState[]) => boolean,
  timeoutMs = 20_000,
): Promise<PaneState[]> {
  const deadline = Date.now() + timeoutMs;
  let views: PaneState[] = [];
  while (Date.now() < deadline) {
    views = await panes(page);
    if (views.length && check(views)) return views;
    await page.waitForTimeout(50);
  }
  throw new Error(
    `the panes never reached the expected state: ${JSON.stringify(views, null, 1).slice(0, 4000)}`,
  );
}

/** Types into the chat element's composer and sends with Enter. */
export async function sendChat(page: Page, text: string): Promise<void> {
  const box = page.locator('trialogue-chat textarea');
  await box.fill(text);
  await box.press('Enter');
}

/**
 * Everything a key could leak into, as one string per place: the DOM with every open shadow root
 * (markup and input values), localStorage, sessionStorage, IndexedDB and the URL.
 */
export function leakSurface(
  page: Page,
): Promise<Record<'dom' | 'localStorage' | 'sessionStorage' | 'indexedDB', string>> {
  return page.evaluate(async () => {
    const dom: string[] = [document.title, location.href];
    const walk = (root: Document | ShadowRoot) => {
      for (const element of root.querySelectorAll('*')) {
        dom.push(element.outerHTML.slice(0, 100_000));
        if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement)
          dom.push(element.value);
        if (element.shadowRoot) walk(element.shadowRoot);
      }
    };
    walk(document);
    const storage = (s: Storage) => JSON.stringify(Object.entries(s));
    const databases = await indexedDB.databases();
    const dumps: string[] = [];
    for (const info of databases) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(info.name!);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      for (const store of db.objectStoreNames) {
        const all = await new Promise<unknown[]>((resolve) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result);
        });
        dumps.push(JSON.stringify(all));
      }
      db.close();
    }
    return {
      dom: dom.join('\n'),
      localStorage: storage(localStorage),
      sessionStorage: storage(sessionStorage),
      indexedDB: dumps.join('\n'),
    };
  });
}

/** Saves a screenshot under test/artifacts. */
export function shot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: join(artifacts, `${name}.png`) });
}
