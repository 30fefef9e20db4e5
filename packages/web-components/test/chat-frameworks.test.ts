/**
 * `<trialogue-chat>` inside a minimal React page and a minimal Vue page, each bundled here with
 * esbuild from a small source (test/pages/react-chat.jsx, vue-chat.js), the element and registry
 * coming from dist/trialogue.js. Properties and events are wired the way each framework does it.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type FakeProviderServer, fakeError, startFakeProviderServer } from '@trialogue/providers/testing';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  artifactsDir,
  guardNetwork,
  hasChromium,
  launchChromium,
  packageRoot,
  screenshot,
  serveStatic,
} from './support/browser.js';
import { leakSurface, waitForPanes } from './support/chat-page.js';

const KEYS = {
  openai: 'sk-canary-framework-openai-5d7e9f1a3c',
  anthropic: 'sk-ant-canary-framework-8b6a4c2e0f',
  google: 'AIza-canary-framework-google-1f3e5d7c',
};

async function bundle(name: string): Promise<void> {
  mkdirSync(artifactsDir, { recursive: true });
  await build({
    entryPoints: [join(packageRoot, 'test', 'pages', name)],
    outfile: join(artifactsDir, name.replace(/\.jsx?$/, '.js')),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    // The page loads the script-tag file itself; the bundle imports it by URL.
    external: ['/dist/trialogue.js'],
    define: {
      'process.env.NODE_ENV': '"production"',
      __VUE_OPTIONS_API__: 'true',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    },
    logLevel: 'warning',
  });
}

describe.skipIf(!hasChromium)('<trialogue-chat> inside framework pages', () => {
  let browser: Browser;
  let site: Awaited<ReturnType<typeof serveStatic>>;
  const servers: Record<string, FakeProviderServer> = {};

  beforeAll(async () => {
    await Promise.all([bundle('react-chat.jsx'), bundle('vue-chat.js')]);
    [browser, site] = await Promise.all([launchChromium(), serveStatic()]);
    for (const provider of ['openai', 'anthropic', 'google'])
      servers[provider] = await startFakeProviderServer();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await Promise.all(Object.values(servers).map((server) => server.close()));
  });

  const frameworkLog = (page: Page) => page.locator('#framework-log li').allTextContents();

  for (const framework of ['react', 'vue'] as const) {
    it(`${framework}: properties and events wired the ${framework} way; a framework re-render keeps the threads`, async () => {
      for (const server of Object.values(servers)) server.reset();
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const { offHost } = await guardNetwork(page);
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${site.url}/test/pages/${framework}-chat.html`);
      await page.waitForFunction(() => (window as unknown as { __ready?: boolean }).__ready === true);
      const settings = {
        openai: { baseURL: servers.openai!.baseURL('openai') },
        anthropic: { baseURL: servers.anthropic!.baseURL('anthropic'), dangerouslyAllowBrowser: true },
        google: { baseURL: servers.google!.baseURL('google') },
      };
      await page.evaluate(
        ([keys, settings]) =>
          (window as unknown as { start(keys: object, settings: object): void }).start(keys, settings),
        [KEYS, settings] as const,
      );
      await waitForPanes(page, (v) => v.length === 2);

      servers.openai!.enqueue({ text: `${framework} hello from GPT` });
      servers.anthropic!.enqueue(fakeError('anthropic', 'auth'));
      const box = page.locator('trialogue-chat textarea');
      await box.fill('Hi');
      await box.press('Enter');
      const views = await waitForPanes(page, (v) =>
        v.every((p) => p.status === 'done' || p.status === 'failed'),
      );
      expect(views.map((p) => p.status)).toEqual(['done', 'failed']);
      expect(views[0]!.answers[0]!.text).toBe(`${framework} hello from GPT`);
      // The framework heard the events and re-rendered its own state from them.
      await expect
        .poll(() => frameworkLog(page).then((lines) => lines.sort()))
        .toEqual(['claude-haiku-4-5 error auth', 'claude-haiku-4-5 failed', 'gpt-4.1-mini done']);

      // The framework sets a new models array: a third pane appears, the first two keep their threads.
      await page.locator('#add-model').click();
      const three = await waitForPanes(page, (v) => v.length === 3);
      expect(three[0]!.answers[0]!.text).toBe(`${framework} hello from GPT`);
      expect(three[2]!.answers).toEqual([]);
      servers.google!.enqueue({ text: 'Gemini joins.' });
      await page.locator('trialogue-chat input.target-all').uncheck();
      await page.locator('trialogue-chat input.target[value="p3"]').check();
      await box.fill('Welcome');
      await box.press('Enter');
      const after = await waitForPanes(page, (v) => v[2]!.status === 'done');
      expect(after[2]!.answers[0]!.text).toBe('Gemini joins.');
      expect(servers.openai!.requests.filter((r) => r.route === 'generate')).toHaveLength(1);

      await screenshot(page, `chat-${framework}`);
      const surface = await leakSurface(page);
      for (const key of Object.values(KEYS)) expect(surface).not.toContain(key);
      expect(offHost).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});
