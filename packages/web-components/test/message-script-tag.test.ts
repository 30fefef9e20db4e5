/**
 * The script-tag way in: test/pages/message.html is a plain page whose only script is
 * `<script type="module" src="/dist/trialogue.js">` (rebuilt by the global setup). It must render
 * its messages with nothing else fetched.
 */
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, serveStatic } from './support/browser.js';

describe.skipIf(!hasChromium)('dist/trialogue.js in a plain page (Chromium)', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveStatic>>;

  beforeAll(async () => {
    server = await serveStatic();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("the page loads nothing but the script-tag file, and holds the README's snippet", () => {
    const html = readFileSync(new URL('./pages/message.html', import.meta.url), 'utf8');
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const snippet =
      /```html\n<script type="module" src="[^"]+"><\/script>\n(<trialogue-message[^\n]+)\n```/.exec(readme);
    expect(snippet).not.toBeNull();
    expect(html).toContain(snippet![1]);
    expect([...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0])).toEqual([
      '<script type="module" src="/dist/trialogue.js">',
    ]);
  });

  it('renders the messages written as HTML attributes, fetching only the page and the file', async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (request) => requests.push(new URL(request.url()).pathname));
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/test/pages/message.html`);
    await page.waitForFunction(() =>
      document.querySelectorAll('trialogue-message')[1]?.shadowRoot?.querySelector('strong'),
    );
    const shown = await page.evaluate(() =>
      [...document.querySelectorAll('trialogue-message')].map((message) => ({
        label: message.shadowRoot!.querySelector('[part="label"]')!.textContent,
        body: message.shadowRoot!.querySelector('[part="body"]')!.innerHTML.replace(/<!--[^>]*-->/g, ''),
      })),
    );
    expect(shown[0]).toEqual({
      label: 'You',
      body: 'Compare **bubble sort** and &lt;b&gt;quick sort&lt;/b&gt;, please.',
    });
    expect(shown[1]!.label).toBe('claude-haiku-4-5');
    expect(shown[1]!.body).toContain(
      '<strong>Hello</strong> from <a href="https://example.com/guide" rel="noopener noreferrer nofollow" target="_blank"',
    );
    expect(requests.filter((path) => path !== '/favicon.ico')).toEqual([
      '/test/pages/message.html',
      '/dist/trialogue.js',
    ]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
