import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FakeProviderServer, startFakeProviderServer } from '@trialogue/providers/testing';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const demoRoot = fileURLToPath(new URL('..', import.meta.url));
const dist = join(demoRoot, 'dist');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const canary = 'sk-canary-0123456789abcdefCANARY';
const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

function serveStatic(root: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = join(root, normalize(path === '/' ? '/index.html' : path));
    if (!file.startsWith(root) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe.skipIf(!existsSync(chromiumPath))('the demo site in a real browser', () => {
  let site: Server;
  let fake: FakeProviderServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(join(dist, 'index.html'))) {
      execFileSync('pnpm', ['exec', 'vite', 'build', '--logLevel', 'error'], {
        cwd: demoRoot,
        stdio: 'inherit',
      });
    }
    site = await serveStatic(dist);
    fake = await startFakeProviderServer({ validKeys: [canary] });
    browser = await chromium.launch({
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
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await fake?.close();
    await new Promise((resolve) => site?.close(resolve));
  });

  it('streams two models side by side, shows a missing key in its own column, and never shows the key', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const consoleLines: string[] = [];
    page.on('console', (message) => consoleLines.push(message.text()));
    const fakeOrigin = new URL(fake.url).origin;
    await page.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/?fake=${fakeOrigin}`);

    for (const provider of ['openai', 'anthropic']) {
      await page.selectOption('#key-provider', provider);
      await page.fill('#key-value', canary);
      await page.click('#key-form button[type=submit]');
      await page.waitForSelector(`#key-list li:has-text("${provider}")`);
    }
    fake.enqueue(
      { text: 'The sky is blue because of Rayleigh scattering.' },
      { text: 'Short wavelengths scatter more.' },
    );
    await page.fill('#models', 'openai:gpt-4.1-mini\nanthropic:claude-haiku-4-5\ngoogle:gemini-2.5-flash');
    await page.fill('#question', 'Why is the sky blue?');
    await page.click('#ask-button');

    const done = page.locator('article.answer .status', { hasText: 'done' });
    await expect.poll(() => done.count(), { timeout: 20_000 }).toBe(2);
    const texts = await page.locator('article.answer:not(.failed) .text').allTextContents();
    expect(texts.sort()).toEqual([
      'Short wavelengths scatter more.',
      'The sky is blue because of Rayleigh scattering.',
    ]);
    const failed = page.locator('article.answer.failed');
    await expect.poll(() => failed.count()).toBe(1);
    expect(await failed.getAttribute('data-model')).toBe('google:gemini-2.5-flash');
    expect(await failed.locator('.status').textContent()).toMatch(
      /No key for google\. Choose google under Keys above/,
    );
    // Usage comes with its cost where the price is known.
    expect(await done.first().textContent()).toMatch(/tokens · <?\$/);

    await page.screenshot({ path: join(demoRoot, 'test', 'demo.png'), fullPage: true });
    const html = await page.content();
    expect(html).not.toContain(canary);
    expect(consoleLines.join('\n')).not.toContain(canary);
    // The key went only to the fake server, only in the auth header.
    for (const request of fake.requests) expect(request.url).not.toContain(canary);
  }, 60_000);
});
