/**
 * The README's first example is browser code (```ts fragment, so the Node README runner skips it):
 * here it is bundled exactly as written (esbuild, our packages from their sources) and run in
 * Chromium, and what it promises is checked.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildScriptTag } from '../scripts/build-script-tag.mjs';
import { artifactsDir, guardNetwork, hasChromium, launchChromium, serveStatic } from './support/browser.js';
import { inPageSupport } from './xss-support.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const example = /```ts fragment\n([\s\S]*?)```/.exec(readme)![1]!;

describe.skipIf(!hasChromium)("the README's first example (Chromium)", () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveStatic>>;

  beforeAll(async () => {
    mkdirSync(artifactsDir, { recursive: true });
    const entry = join(artifactsDir, 'readme-example.ts');
    writeFileSync(entry, example);
    await buildScriptTag({ entry, outfile: join(artifactsDir, 'readme-example.js'), minify: false });
    server = await serveStatic();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('imports the element and the module by subpath, streams a message safely, renders a table', async () => {
    expect(example).toContain("import '@trialogue/web-components/message';");
    const page = await browser.newPage();
    await page.addInitScript(inPageSupport);
    const { offHost } = await guardNetwork(page);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/test/pages/message.html`);
    await page.addScriptTag({ url: '/test/artifacts/readme-example.js', type: 'module' });
    await page.waitForFunction(() => document.querySelector('body > table'));
    const shown = await page.evaluate(async () => {
      const message =
        document.querySelector<HTMLElementTagNameMap['trialogue-message']>('body > trialogue-message')!;
      await message.updateComplete;
      const root = message.shadowRoot!;
      return {
        label: root.querySelector('[part="label"]')!.textContent,
        busy: root.querySelector('[part="body"]')!.getAttribute('aria-busy'),
        strong: root.querySelector('strong')?.textContent,
        text: root.querySelector('[part="body"]')!.textContent,
        link: root.querySelector('a')?.getAttribute('href'),
        scan: window.__scan(document.body),
        cells: [...document.querySelectorAll('body > table td')].map((cell) => cell.textContent),
      };
    });
    expect(shown).toMatchObject({
      label: 'claude-haiku-4-5',
      busy: 'false',
      strong: 'Hello',
      link: 'https://example.com/',
      scan: [],
      cells: ['1', '2'],
    });
    expect(shown.text).toContain('<img src=x onerror=alert(1)>');
    expect(shown.text).toContain('(example.com)');
    expect(await page.evaluate(() => window.__xssCalls)).toEqual([]);
    expect(offHost).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
