/**
 * The README's `<trialogue-chat>` examples are browser code (an html block and a ```ts fragment, so
 * the Node README runner skips them): here each runs as written in Chromium. The html page gets the
 * local script-tag file instead of the CDN URL; the npm example is bundled with esbuild (our
 * packages from their sources). No key is stored, so every pane must say which key is missing,
 * in its own pane, without any request leaving the machine.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildScriptTag } from '../scripts/build-script-tag.mjs';
import { artifactsDir, guardNetwork, hasChromium, launchChromium, serveStatic } from './support/browser.js';
import { waitForPanes } from './support/chat-page.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('## `<trialogue-chat>`'));
const htmlExample = /```html\n([\s\S]*?)```/.exec(section)![1]!;
const npmExample = /```ts fragment\n([\s\S]*?)```/.exec(section)![1]!;
const CDN = 'https://unpkg.com/@trialogue/web-components/dist/trialogue.js';

describe.skipIf(!hasChromium)("the README's <trialogue-chat> examples (Chromium)", () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveStatic>>;

  beforeAll(async () => {
    mkdirSync(artifactsDir, { recursive: true });
    writeFileSync(
      join(artifactsDir, 'chat-readme.html'),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>README</title></head><body>${htmlExample.replaceAll(CDN, '/dist/trialogue.js')}</body></html>`,
    );
    const entry = join(artifactsDir, 'chat-readme-npm.ts');
    writeFileSync(entry, npmExample);
    await buildScriptTag({ entry, outfile: join(artifactsDir, 'chat-readme-npm.js'), minify: false });
    writeFileSync(
      join(artifactsDir, 'chat-readme-npm.html'),
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>README npm</title><script type="module" src="./chat-readme-npm.js"></script></head><body></body></html>',
    );
    server = await serveStatic();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(path: string) {
    const page = await browser.newPage();
    const { offHost } = await guardNetwork(page);
    const errors: string[] = [];
    const logs: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => logs.push(message.text()));
    await page.goto(`${server.url}${path}`);
    return { page, offHost, errors, logs };
  }

  const failures = (page: Page) =>
    page.evaluate(() =>
      [...document.querySelector('trialogue-chat')!.shadowRoot!.querySelectorAll('.error')].map(
        (error) => error.textContent?.replace(/\s+/g, ' ').trim() ?? '',
      ),
    );

  it('the script-tag example: two panes from the models attribute, the registry from a key store', async () => {
    expect(htmlExample).toContain(`<script type="module" src="${CDN}"></script>`);
    const { page, offHost, errors, logs } = await open('/test/artifacts/chat-readme.html');
    const views = await waitForPanes(page, (v) => v.length === 2);
    expect(views.map((p) => p.label)).toEqual(['gpt-4.1-mini openai', 'claude-haiku-4-5 anthropic']);
    await page.waitForFunction(() => document.querySelector('trialogue-chat')?.registry !== undefined);
    const box = page.locator('trialogue-chat textarea');
    await box.fill('Hello');
    await box.press('Enter');
    await waitForPanes(page, (v) => v.every((p) => p.status === 'failed'));
    const shown = await failures(page);
    expect(shown[0]).toMatch(/No key for openai.*Check the openai API key in your key store/);
    expect(shown[1]).toMatch(/No key for anthropic.*Check the anthropic API key/);
    await expect
      .poll(() => logs.filter((line) => line.endsWith('failed')).sort())
      .toEqual(['claude-haiku-4-5 failed', 'gpt-4.1-mini failed']);
    expect(offHost).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the npm example: three panes (the same model twice is #2), a follow-up to p2 only', async () => {
    expect(npmExample).toContain("import '@trialogue/web-components/chat';");
    const { page, offHost, errors, logs } = await open('/test/artifacts/chat-readme-npm.html');
    const views = await waitForPanes(page, (v) => v.length === 3 && v[1]!.answers.length === 2);
    expect(views.map((p) => p.label)).toEqual([
      'gpt-4.1-mini openai',
      'gpt-4.1-mini #2 openai',
      'claude-haiku-4-5 anthropic',
    ]);
    expect(views.map((p) => p.answers.length)).toEqual([1, 2, 1]);
    expect(views.map((p) => p.status)).toEqual(['failed', 'failed', 'failed']);
    await expect
      .poll(() => logs.filter((line) => line.startsWith('gpt-4.1-mini #2')))
      .toEqual(['gpt-4.1-mini #2 failed', 'gpt-4.1-mini #2 failed']);
    expect(offHost).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
