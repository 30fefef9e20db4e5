/**
 * `<trialogue-message>` in Chromium: markdown only for a model's text, plain text for the rest,
 * streaming state for assistive technology, the replaceable strings, an axe-core audit in light and
 * dark, and screenshots (light/dark, desktop/phone) saved under test/artifacts to be looked at.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axeViolations,
  guardNetwork,
  hasChromium,
  launchChromium,
  screenshot,
  serveStatic,
} from './support/browser.js';
import { inPageSupport } from './xss-support.js';

const richAnswer = [
  '### Bubble sort vs quick sort',
  'Both sort **in place**; ~~bubble sort is fast~~ quick sort is usually faster. See [the article](https://en.wikipedia.org/wiki/Quicksort) or <mailto:team@example.com>.',
  '| algorithm | average | worst |\n|:--|:--:|--:|\n| bubble | O(n²) | O(n²) |\n| quick | O(n log n) | O(n²) |',
  '1. pick a pivot\n2. partition\n3. recurse\n\n- [x] stable? no\n- [ ] in place? yes',
  '```ts\nfunction quickSort(xs: number[]): number[] {\n  if (xs.length < 2) return xs;\n  const [pivot, ...rest] = xs;\n  return [...quickSort(rest.filter((x) => x < pivot)), pivot, ...quickSort(rest.filter((x) => x >= pivot))];\n}\n```',
  '> A quote, with `inline code` and <b>raw html shown as text</b>.',
  '![a diagram of the partition step](https://upload.example.org/partition.png)',
  '[![the project logo](https://upload.example.org/logo.png)](https://example.org/project) links a logo.',
].join('\n\n');

describe.skipIf(!hasChromium)('<trialogue-message> (Chromium)', () => {
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

  async function openPage(
    options: { colorScheme?: 'light' | 'dark'; width?: number } = {},
  ): Promise<{ page: Page; offHost: string[] }> {
    const page = await browser.newPage({
      colorScheme: options.colorScheme ?? 'light',
      viewport: { width: options.width ?? 1280, height: 900 },
    });
    await page.addInitScript(inPageSupport);
    const { offHost } = await guardNetwork(page);
    await page.goto(`${server.url}/test/pages/message.html`);
    await page.evaluate("import('/dist/trialogue.js').then((module) => { window.trialogue = module; })");
    await page.evaluate(() => customElements.whenDefined('trialogue-message'));
    return { page, offHost };
  }

  const addMessage = (page: Page, properties: Record<string, unknown>) =>
    page.evaluate(async (properties) => {
      const message = document.createElement('trialogue-message');
      Object.assign(message, properties);
      document.querySelector('main')!.append(message);
      await message.updateComplete;
      return message.shadowRoot!.innerHTML.replace(/<!--[^>]*-->/g, '');
    }, properties);

  it("renders a model's markdown, but a user's text, a system prompt and every label as plain text", async () => {
    const { page } = await openPage();
    const assistant = await addMessage(page, {
      text: '**bold** <i>x</i>',
      label: '<img src=x onerror=__xss(1)>',
    });
    expect(assistant).toContain('<strong>bold</strong> &lt;i&gt;x&lt;/i&gt;');
    expect(assistant).toContain('<span part="label" class="label">&lt;img src=x onerror=__xss(1)&gt;</span>');
    const user = await addMessage(page, {
      role: 'user',
      text: '**not bold** <img src=x onerror=__xss(2)> [x](javascript:__xss(3))',
    });
    expect(user).toContain('**not bold** &lt;img src=x onerror=__xss(2)&gt; [x](javascript:__xss(3))');
    expect(user).toContain('>You</span>');
    const system = await addMessage(page, { role: 'system', text: '# not a heading' });
    expect(system).toContain('# not a heading');
    expect(system).toContain('>System</span>');
    const attributes = await page.evaluate(() =>
      [...document.querySelectorAll('trialogue-message')].map((m) => m.getAttribute('message-role')),
    );
    expect(attributes.slice(-3)).toEqual(['assistant', 'user', 'system']);
    // The host keeps no ARIA role from the `role` property.
    expect(
      await page.evaluate(() =>
        [...document.querySelectorAll('trialogue-message')].some((m) => m.hasAttribute('role')),
      ),
    ).toBe(false);
    expect(await page.evaluate(() => window.__xssCalls)).toEqual([]);
    await page.close();
  });

  it('is aria-busy while streaming, grows with appendText and text, and renders the final text when done', async () => {
    const { page } = await openPage();
    const states = await page.evaluate(async () => {
      const message = document.createElement('trialogue-message');
      message.label = 'gpt-4.1-mini';
      message.streaming = true;
      document.querySelector('main')!.append(message);
      await message.updateComplete;
      const body = () => message.shadowRoot!.querySelector('[part="body"]')!;
      const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
      message.appendText('Hello **wor');
      await message.updateComplete;
      await frame();
      const during = { busy: body().getAttribute('aria-busy'), html: body().innerHTML };
      message.text = 'Hello **world**\n\n- one';
      await message.updateComplete;
      await frame();
      const grown = body().innerHTML;
      message.streaming = false;
      await message.updateComplete;
      return {
        during,
        grown,
        done: { busy: body().getAttribute('aria-busy'), html: body().innerHTML, text: message.text },
      };
    });
    expect(states.during).toEqual({ busy: 'true', html: '<p>Hello **wor</p>\n' });
    expect(states.grown).toBe('<p>Hello <strong>world</strong></p>\n<ul>\n<li>one</li>\n</ul>\n');
    expect(states.done).toEqual({ busy: 'false', html: states.grown, text: 'Hello **world**\n\n- one' });
    await page.close();
  });

  it('takes imageOrigins and heading-level from its user', async () => {
    const { page } = await openPage();
    const html = await addMessage(page, {
      text: '## Title\n\n### Sub\n\n![ok](https://img.example.com/a.png) ![no](https://else.example.com/b.png)',
      imageOrigins: ['https://img.example.com'],
      headingLevel: 2,
    });
    expect(html).toContain('<h2>Title</h2>');
    expect(html).toContain('<h3>Sub</h3>');
    expect(html).toContain('>Load image “ok” from img.example.com</button>');
    expect(html).toContain('<span class="image-blocked">Image “no” from else.example.com not shown');
    const fromAttribute = await page.evaluate(async () => {
      const message = document.createElement('trialogue-message');
      message.setAttribute('heading-level', '4');
      message.setAttribute('message-role', 'assistant');
      message.setAttribute('text', '# Top');
      document.querySelector('main')!.append(message);
      await message.updateComplete;
      return message.shadowRoot!.querySelector('h4')?.textContent;
    });
    expect(fromAttribute).toBe('Top');
    await page.close();
  });

  it('uses the replaceable message map (setMessages) for its labels and buttons', async () => {
    const { page } = await openPage();
    const labels = await page.evaluate(async () => {
      const message = document.createElement('trialogue-message');
      message.text = '```\ncode\n```';
      document.querySelector('main')!.append(message);
      await message.updateComplete;
      const read = () => ({
        label: message.shadowRoot!.querySelector('[part="label"]')!.textContent,
        copy: message.shadowRoot!.querySelector('[part="copy-button"]')!.textContent,
      });
      const before = read();
      window.trialogue.setMessages({ message: { assistant: 'Modell', copyCode: 'Code kopieren' } });
      await message.updateComplete;
      const after = read();
      window.trialogue.setMessages({ message: { assistant: 'Assistant', copyCode: 'Copy code' } });
      return { before, after };
    });
    expect(labels).toEqual({
      before: { label: 'Assistant', copy: 'Copy code' },
      after: { label: 'Modell', copy: 'Code kopieren' },
    });
    await page.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`passes an axe-core audit in ${scheme} (from prefers-color-scheme and from the theme attribute), screenshots at desktop and phone width`, async () => {
      for (const width of [1280, 390]) {
        const { page, offHost } = await openPage({ colorScheme: scheme, width });
        await page.evaluate((scheme) => {
          document.body.classList.toggle('dark', scheme === 'dark');
        }, scheme);
        await addMessage(page, { text: richAnswer, label: 'claude-haiku-4-5' });
        await addMessage(page, {
          text: 'Still writing, with a [link](https://example.com) and `code',
          label: 'gemini-2.5-flash',
          streaming: true,
        });
        await page.evaluate(
          () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))),
        );
        expect(await axeViolations(page)).toEqual([]);
        await screenshot(page, `message-${scheme}-${width === 390 ? 'phone' : 'desktop'}`);
        // The same page forced the other way by the attribute must pass too.
        await page.evaluate(
          (theme) => {
            for (const message of document.querySelectorAll('trialogue-message'))
              message.setAttribute('theme', theme);
            document.body.classList.toggle('dark', theme === 'dark');
          },
          scheme === 'light' ? 'dark' : 'light',
        );
        expect(await axeViolations(page)).toEqual([]);
        expect(offHost).toEqual([]);
        await page.close();
      }
    });
  }
});
