/**
 * Core's default browser key store ("this tab only") in real Chromium, loaded from the script-tag
 * file: sessionStorage holds only ciphertext, the tab's AES key is a non-extractable CryptoKey in
 * IndexedDB, a reload reads the key back, another tab cannot, and forgetting leaves nothing behind.
 */
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canary, pageSecrets } from './key-manager-support.js';
import { chromiumPath, hasChromium, launchChromium, serveStatic } from './support/browser.js';

type KeyStoreCall = ['get' | 'set' | 'delete' | 'list', string?, string?];

/** Runs key store calls in the page, each on a new `browserSessionKeyStore()`; returns the results. */
function inPage(page: Page, ...calls: KeyStoreCall[]): Promise<unknown[]> {
  return page.evaluate(async (calls) => {
    // biome-ignore lint/suspicious/noExplicitAny: the script-tag module, set by the page.
    const { browserSessionKeyStore } = (window as any).trialogue;
    const results: unknown[] = [];
    for (const [method, ...args] of calls) results.push(await browserSessionKeyStore()[method](...args));
    return results;
  }, calls);
}

/** The tab-key database as the page sees it: tab ids, and whether each CryptoKey can be exported. */
function tabKeys(page: Page): Promise<{ ids: string[]; extractable: boolean[]; exported: string[] }> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('trialogue-keys');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const read = <T>(request: IDBRequest<T>) =>
      new Promise<T>((resolve) => {
        request.onsuccess = () => resolve(request.result);
      });
    const store = db.transaction('tab-keys').objectStore('tab-keys');
    const [ids, records] = await Promise.all([read(store.getAllKeys()), read(store.getAll())]);
    db.close();
    const exported: string[] = [];
    for (const { key } of records as { key: CryptoKey }[]) {
      exported.push(
        await crypto.subtle.exportKey('raw', key).then(
          () => 'exported',
          (error: Error) => error.name,
        ),
      );
    }
    return {
      ids: ids.map(String),
      extractable: (records as { key: CryptoKey }[]).map((r) => r.key.extractable),
      exported,
    };
  });
}

describe.skipIf(!hasChromium)("core's browserSessionKeyStore in Chromium", () => {
  let site: Awaited<ReturnType<typeof serveStatic>>;
  let browser: Browser;
  beforeAll(async () => {
    [site, browser] = await Promise.all([serveStatic(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  async function newTab(context: Awaited<ReturnType<Browser['newContext']>>) {
    const page = await context.newPage();
    await page.goto(`${site.url}/test/pages/key-store.html`);
    await page.waitForFunction(() => (window as unknown as { __ready?: boolean }).__ready);
    return page;
  }

  it('keeps only ciphertext in storage, reads the key back after a reload, and not from another tab', async () => {
    const context = await browser.newContext();
    const page = await newTab(context);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await inPage(page, ['set', 'openai', canary], ['set', 'groq', 'gsk_sealed_browser_0000000001']);

    const secrets = await pageSecrets(page);
    for (const stored of [secrets.sessionStorage, secrets.indexedDB, secrets.localStorage]) {
      expect(stored).not.toContain(canary);
      expect(stored).not.toContain(btoa(canary).slice(0, 16));
      expect(stored).not.toContain('gsk_sealed');
    }
    const items = Object.fromEntries(JSON.parse(secrets.sessionStorage) as [string, string][]);
    expect(Object.keys(items).sort()).toEqual([
      'trialogue.key.',
      'trialogue.key.groq',
      'trialogue.key.openai',
    ]);
    expect(JSON.parse(items['trialogue.key.openai']!)).toEqual({
      v: 1,
      iv: expect.any(String),
      ct: expect.any(String),
    });
    const keys = await tabKeys(page);
    expect(keys.ids).toEqual([items['trialogue.key.']]);
    expect(keys.extractable).toEqual([false]);
    expect(keys.exported).toEqual(['InvalidAccessError']);

    await page.reload();
    await page.waitForFunction(() => (window as unknown as { __ready?: boolean }).__ready);
    const [reread, listed] = await inPage(page, ['get', 'openai'], ['list']);
    expect(reread).toBe(canary);
    expect((listed as string[]).sort()).toEqual(['groq', 'openai']);

    // Another tab of the same browser: its own sessionStorage, so no tab id and no key, even with
    // the first tab's record copied into it.
    const other = await newTab(context);
    expect(await inPage(other, ['get', 'openai'], ['list'])).toEqual([undefined, []]);
    await inPage(other, ['set', 'mistral', 'mistral-sealed-000000000001']);
    await other.evaluate(
      (record) => sessionStorage.setItem('trialogue.key.openai', record),
      items['trialogue.key.openai']!,
    );
    expect(await inPage(other, ['get', 'openai'], ['list'])).toEqual([undefined, ['mistral']]);
    expect((await tabKeys(other)).ids).toHaveLength(2);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("forgetting the tab's keys leaves no record and no CryptoKey behind", async () => {
    const context = await browser.newContext();
    const page = await newTab(context);
    await inPage(page, ['set', 'openai', canary], ['set', 'anthropic', 'sk-ant-sealed-00000000000001']);
    expect((await tabKeys(page)).ids).toHaveLength(1);
    expect(await inPage(page, ['delete', 'openai'], ['list'], ['delete', 'anthropic'], ['list'])).toEqual([
      undefined,
      ['anthropic'],
      undefined,
      [],
    ]);
    const secrets = await pageSecrets(page);
    expect(secrets.sessionStorage).toBe('[]');
    expect((await tabKeys(page)).ids).toEqual([]);

    // sessionStorage cleared behind the store's back: no key, nothing thrown, and a new key works.
    await inPage(page, ['set', 'openai', canary]);
    await page.evaluate(() => sessionStorage.clear());
    await page.reload();
    await page.waitForFunction(() => (window as unknown as { __ready?: boolean }).__ready);
    expect(
      await inPage(page, ['get', 'openai'], ['list'], ['set', 'openai', canary], ['get', 'openai']),
    ).toEqual([undefined, [], undefined, canary]);
    await context.close();
  });

  it('on a plain http:// page (no crypto.subtle) refuses with a typed error instead of storing the key', async () => {
    // A non-loopback host name over http is not a secure context; it resolves to the local server.
    const insecure = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--host-resolver-rules=MAP keys.example 127.0.0.1',
      ],
    });
    try {
      const page = await insecure.newPage();
      await page.goto(`${site.url.replace('127.0.0.1', 'keys.example')}/test/pages/key-store.html`);
      await page.waitForFunction(() => (window as unknown as { __ready?: boolean }).__ready);
      const outcome = await page.evaluate(() => {
        // biome-ignore lint/suspicious/noExplicitAny: the script-tag module, set by the page.
        const { browserSessionKeyStore, TrialogueError } = (window as any).trialogue;
        try {
          browserSessionKeyStore();
          return { secure: isSecureContext, created: true };
        } catch (error) {
          return {
            secure: isSecureContext,
            typed: TrialogueError.is(error),
            kind: (error as { kind: string }).kind,
            code: (error as { code: string }).code,
            message: (error as Error).message,
          };
        }
      });
      expect(outcome).toMatchObject({
        secure: false,
        typed: true,
        kind: 'invalid-request',
        code: 'no-webcrypto',
      });
      expect(outcome.message).toMatch(/https:\/\/ or localhost.*memoryKeyStore\(\)/);
      expect(await page.evaluate(() => sessionStorage.length)).toBe(0);

      // The key manager on such a page says so where a sighted user sees it, not only to a screen reader.
      await page.goto(`${site.url.replace('127.0.0.1', 'keys.example')}/test/pages/key-manager.html`);
      const shown = page.locator('trialogue-key-manager [part="error"]');
      await shown.waitFor({ state: 'visible', timeout: 10_000 });
      expect(await shown.textContent()).toMatch(/https:\/\/ or localhost/);
    } finally {
      await insecure.close();
    }
  });
});
