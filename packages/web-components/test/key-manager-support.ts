/**
 * Shared by the key-manager, model-picker and debate browser tests: a test bed (static site, fake
 * provider server, Chromium) and what a page holds that a key must never reach, gathered inside the page: every node of the
 * document and of every shadow root (text and attributes, input values apart), Web Storage and
 * IndexedDB contents, checked with a canary key.
 */
import { type FakeProviderServer, startFakeProviderServer } from '@trialogue/providers/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { guardNetwork, launchChromium, serveStatic } from './support/browser.js';

/** A canary key: long enough for core's redaction, unlike anything else on the page. */
export const canary = 'sk-canary-KM-7f3a9c21e4b8d06f5a1bCANARY';

export interface PageSecrets {
  /** Every text node and attribute, document and shadow roots, as one string. */
  dom: string;
  /** Values of inputs and textareas, by id (the one place a key may be while typed). */
  inputs: Record<string, string>;
  localStorage: string;
  sessionStorage: string;
  indexedDB: string;
}

/** Collects {@link PageSecrets} from the page. */
export function pageSecrets(page: Page): Promise<PageSecrets> {
  return page.evaluate(async () => {
    const parts: string[] = [];
    const inputs: Record<string, string> = {};
    const walk = (root: Node) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
      for (let node: Node | null = walker.currentNode; node; node = walker.nextNode()) {
        if (node.nodeType === Node.TEXT_NODE) {
          parts.push(node.textContent ?? '');
          continue;
        }
        if (node.nodeType !== Node.ELEMENT_NODE) continue;
        const element = node as Element;
        for (const attribute of Array.from(element.attributes))
          parts.push(`${attribute.name}=${attribute.value}`);
        if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) {
          inputs[element.id || element.name || String(Object.keys(inputs).length)] = element.value;
        }
        if (element.shadowRoot) walk(element.shadowRoot);
      }
    };
    walk(document.documentElement);
    const dump = (storage: Storage) =>
      JSON.stringify(
        Array.from({ length: storage.length }, (_, i) => [storage.key(i), storage.getItem(storage.key(i)!)]),
      );
    const databases: string[] = [];
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(info.name!);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      for (const name of Array.from(db.objectStoreNames)) {
        const all = await new Promise<unknown[]>((resolve) => {
          const request = db.transaction(name).objectStore(name).getAll();
          request.onsuccess = () => resolve(request.result);
        });
        databases.push(`${info.name}/${name}:${JSON.stringify(all)}`);
      }
      db.close();
    }
    return {
      dom: parts.join('\n'),
      inputs,
      localStorage: dump(localStorage),
      sessionStorage: dump(sessionStorage),
      indexedDB: databases.join('\n'),
    };
  });
}

/** What {@link elementTestBed} gives a test: the servers, the browser, and a page opener. */
export interface ElementTestBed {
  readonly fake: FakeProviderServer;
  readonly site: { url: string };
  readonly browser: Browser;
  /**
   * Opens `test/pages/<page>.html?fake=…&key=<canary><query>` in a fresh context, with the network
   * guard on and page errors collected, and waits for the page's `window.__ready`.
   */
  open(
    page: string,
    query?: string,
    viewport?: { width: number; height: number },
  ): Promise<{ page: Page; guard: { offHost: string[] }; errors: string[]; context: BrowserContext }>;
}

/**
 * Starts the static site, the fake provider server (the canary as its one valid key) and Chromium
 * before the tests of a `describe`, and stops them after.
 */
export function elementTestBed(): ElementTestBed {
  let site: Awaited<ReturnType<typeof serveStatic>>;
  let fake: FakeProviderServer;
  let browser: Browser;
  beforeAll(async () => {
    [site, fake, browser] = await Promise.all([
      serveStatic(),
      startFakeProviderServer({ validKeys: [canary] }),
      launchChromium(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await fake?.close();
    await site?.close();
  });
  return {
    get fake() {
      return fake;
    },
    get site() {
      return site;
    },
    get browser() {
      return browser;
    },
    async open(name, query = '', viewport = { width: 1200, height: 900 }) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      const guard = await guardNetwork(page);
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(
        `${site.url}/test/pages/${name}.html?fake=${encodeURIComponent(fake.url)}&key=${canary}${query}`,
      );
      await page.waitForFunction(() => (window as unknown as { __ready?: boolean }).__ready);
      return { page, guard, errors, context };
    },
  };
}
