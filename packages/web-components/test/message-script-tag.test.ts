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

  it('works under a strict Content-Security-Policy with Trusted Types (no inline script or style, no violation)', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __violations: string[] }).__violations = seen;
      document.addEventListener('securitypolicyviolation', (event) =>
        seen.push(`${event.violatedDirective} ${event.blockedURI}`),
      );
    });
    await page.goto(`${server.url}/test/pages/message-csp.html`);
    await page.waitForFunction(() =>
      document.querySelector('trialogue-message')?.shadowRoot?.querySelector('strong'),
    );
    const shown = await page.evaluate(async () => {
      const root = document.querySelector('trialogue-message')!.shadowRoot!;
      (root.querySelector('.copy') as HTMLButtonElement).focus();
      return {
        strong: root.querySelector('strong')!.textContent,
        link: root.querySelector('a')!.getAttribute('href'),
        code: root.querySelector('pre code')!.textContent,
        placeholder: root.querySelector('.image-placeholder')?.textContent,
        raw: root.querySelector('[part="body"]')!.textContent!.includes('<img src=x onerror=alert(1)>'),
        // The element's styles apply (adopted style sheets need no inline style).
        border: getComputedStyle(root.querySelector('.message')!).borderTopStyle,
        violations: [...(window as unknown as { __violations: string[] }).__violations],
        // Control: the page really enforces Trusted Types (a plain innerHTML is refused).
        enforced: (() => {
          try {
            document.createElement('div').innerHTML = '<b>x</b>';
            return false;
          } catch {
            return true;
          }
        })(),
      };
    });
    expect(shown).toEqual({
      strong: 'Hello',
      link: 'https://example.com/guide',
      code: 'const answer = 42;',
      placeholder: 'Load image “chart” from img.example.com',
      raw: true,
      border: 'solid',
      violations: [],
      enforced: true,
    });
    expect(errors).toEqual([]);
    await page.close();
  });
});
