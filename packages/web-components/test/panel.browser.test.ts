/**
 * The README's key manager + model picker + debate block, run as written (the script-tag file
 * served locally): a key typed in, models picked, a debate run, and the key nowhere it must not be.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canary, elementTestBed, pageSecrets } from './key-manager-support.js';
import { artifactsDir, guardNetwork, hasChromium, packageRoot } from './support/browser.js';

/** The html block of the README's "Keys, models and debates" section. */
function readmeBlock(): string {
  const readme = readFileSync(join(packageRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Keys, models and debates'));
  const match = /```html\n([\s\S]*?)```/.exec(section);
  if (!match?.[1]) throw new Error('README block not found');
  return match[1];
}

describe.skipIf(!hasChromium)('the README panel (key manager, model picker, debate) in Chromium', () => {
  const bed = elementTestBed();

  it('takes a key, lifts its "key missing" marks, and runs a debate between the models picked', async () => {
    const block = readmeBlock().replaceAll(
      'https://unpkg.com/@trialogue/web-components/dist/trialogue.js',
      '/dist/trialogue.js',
    );
    // The one addition: the key manager's providers point at the fake server, before the block's script runs.
    const pointAtFake = `<script type="module">document.querySelector('trialogue-key-manager').baseURLs = { openai: '${bed.fake.url}/openai/v1' };</script>\n`;
    const page$ = block.replace('<script type="module">\n', `${pointAtFake}<script type="module">\n`);
    expect(page$).toContain(pointAtFake);
    mkdirSync(artifactsDir, { recursive: true });
    writeFileSync(
      join(artifactsDir, 'panel.html'),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Panel</title></head><body><main>\n${page$}</main></body></html>`,
    );

    const context = await bed.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const guard = await guardNetwork(page);
    const logs: string[] = [];
    const errors: string[] = [];
    page.on('console', (message) => logs.push(message.text()));
    page.on('pageerror', (error) => errors.push(error.message));
    bed.fake.reset();
    await page.goto(`${bed.site.url}/test/artifacts/panel.html`);
    await page.locator('trialogue-key-manager #key-openai').waitFor();
    const mini = 'trialogue-model-picker [role="option"][data-ref="openai:gpt-4.1-mini"]';
    expect(await page.locator(mini).textContent()).toContain('Key missing');

    await page.fill('trialogue-key-manager #key-openai', canary);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('trialogue-key-manager #status-openai').textContent())
      .toContain('Key works');
    await expect.poll(() => page.locator(mini).textContent()).not.toContain('Key missing');
    await expect
      .poll(() =>
        page.locator('trialogue-model-picker [role="option"][data-ref="openai:gpt-4.1-nano"]').textContent(),
      )
      .toContain('From your account');

    for (const ref of ['openai:gpt-4.1-mini', 'openai:gpt-4.1-nano', 'openai:gpt-5-nano'])
      await page.click(`trialogue-model-picker [role="option"][data-ref="${ref}"]`);
    await expect.poll(() => page.locator('trialogue-debate fieldset input[type="checkbox"]').count()).toBe(3);

    bed.fake.enqueue(
      { text: 'Final answer: 391' },
      { text: 'Final answer: 391' },
      { text: 'Final answer: 401' },
    );
    await page.fill('trialogue-debate #question', 'What is 17 * 23?');
    await page.selectOption('trialogue-debate #format', 'vote');
    await expect
      .poll(() => page.locator('trialogue-debate #estimate').textContent())
      .toContain('Up to 3 model calls');
    await page.click('trialogue-debate button[type="submit"]');
    await page.locator('trialogue-debate .stop-reason').waitFor({ timeout: 30_000 });
    expect(await page.locator('trialogue-debate .final').textContent()).toContain('Answer: 391');
    await expect.poll(() => logs.join('\n')).toContain('391');

    const generations = bed.fake.requests.filter((r) => r.route === 'generate');
    expect(generations.map((r) => (r.body as { model: string }).model).sort()).toEqual([
      'gpt-4.1-mini',
      'gpt-4.1-nano',
      'gpt-5-nano',
    ]);
    expect(guard.offHost).toEqual([]);
    const secrets = await pageSecrets(page);
    expect(secrets.dom).not.toContain(canary);
    expect(secrets.localStorage + secrets.indexedDB).not.toContain(canary);
    expect(logs.join('\n')).not.toContain(canary);
    expect(errors).toEqual([]);
    await context.close();
  });
});
