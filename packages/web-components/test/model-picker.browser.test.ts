import { describe, expect, it } from 'vitest';
import { canary, elementTestBed, pageSecrets } from './key-manager-support.js';
import { axeViolations, hasChromium, screenshot } from './support/browser.js';

describe.skipIf(!hasChromium)('<trialogue-model-picker> in Chromium', () => {
  const bed = elementTestBed();

  async function open(query = '', viewport = { width: 1000, height: 900 }) {
    const opened = await bed.open('model-picker', query, viewport);
    await opened.page.locator('trialogue-model-picker [role="option"]').first().waitFor();
    return opened;
  }

  const option = (ref: string) => `trialogue-model-picker [role="option"][data-ref="${ref}"]`;
  const selectedRefs = (page: import('playwright-core').Page) =>
    page.evaluate(() => document.querySelector('trialogue-model-picker')?.selected);

  it("lists the catalogue and the account's models, marking price, context, free tier and missing keys", async () => {
    bed.fake.reset();
    bed.fake.enqueue({ models: ['gpt-4.1-mini-2025-04-14', 'gpt-4o-mini', 'ft:gpt-4o-mini:acme:custom'] });
    const { page, guard, context } = await open();
    await page.locator(option('openai:ft:gpt-4o-mini:acme:custom')).waitFor();

    const dated = await page.locator(option('openai:gpt-4.1-mini-2025-04-14')).textContent();
    expect(dated).toContain('From your account');
    expect(dated).toContain('$0.40 in · $1.60 out per 1M tokens'); // the catalogued gpt-4.1-mini price
    expect(dated).not.toContain('Key missing');
    const custom = await page.locator(option('openai:ft:gpt-4o-mini:acme:custom')).textContent();
    expect(custom).toContain('Price not listed');

    const claude = await page.locator(option('anthropic:claude-sonnet-4-5')).textContent();
    expect(claude).toContain('Key missing');
    expect(claude).toContain('200K context');
    expect(claude).toContain('$3 in · $15 out');
    const groq = await page.locator(option('groq:llama-3.3-70b-versatile')).textContent();
    expect(groq).toContain('Free tier');
    expect(groq).toContain('Key missing');
    const local = await page.locator(option('ollama:llama3.2')).textContent();
    expect(local).toContain('On this machine');
    expect(local).not.toContain('Key missing');

    // Only the provider with a key was asked, on its own origin, with the key in its auth header.
    const lists = bed.fake.requests.filter((r) => r.route === 'models');
    expect(lists).toHaveLength(1);
    expect(lists[0]).toMatchObject({ wire: 'openai', headers: { authorization: `Bearer ${canary}` } });
    expect(guard.offHost).toEqual([]);
    expect((await pageSecrets(page)).dom).not.toContain(canary);
    await context.close();
  });

  it('knows providers that need no key (keyless, or a factory without requiresKey) and lists their models through the registry', async () => {
    const { page, context } = await open();
    const marks = await page.evaluate(async () => {
      // The page's own script-tag file (written as a string: the test runner would rewrite an import()).
      const load = new Function('url', 'return import(url)') as (url: string) => Promise<unknown>;
      const { memoryKeyStore } = (await load('/dist/trialogue.js')) as typeof import('../src/script-tag.js');
      const picker = document.querySelector('trialogue-model-picker')!;
      // A provider of one's own that needs no key, with a model list (like the offline sample).
      const house = Object.assign(
        () => ({
          id: 'house',
          model: () => {
            throw new Error('not used');
          },
          listModels: async () => [{ id: 'house-1', provider: 'house', label: 'House model one' }],
          validateKey: async () => ({ ok: true as const, provider: 'house' }),
        }),
        { id: 'house', requiresKey: false },
      );
      const keys = memoryKeyStore({});
      picker.keyStore = keys;
      picker.providers = [house];
      // A registry that knows it (the providers' createRegistry holds the shipped providers only).
      picker.registry = {
        providerIds: ['house', 'openai'],
        provider: async (id: string) => {
          if (id !== 'house') throw new Error(`no key for ${id}`);
          return house() as never;
        },
        resolve: async () => {
          throw new Error('not used');
        },
      };
      // The property changes start a refresh of their own: wait for the listed model to show.
      for (let i = 0; i < 100 && !picker.shadowRoot!.querySelector('[data-ref="house:house-1"]'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const text = (ref: string) =>
        picker
          .shadowRoot!.querySelector(`[role="option"][data-ref="${ref}"]`)
          ?.textContent?.replace(/\s+/g, ' ') ?? '';
      const before = { house: text('house:house-1'), openai: text('openai:gpt-4.1-mini') };
      picker.setAttribute('keyless', 'openai');
      await picker.updateComplete;
      return { ...before, openaiKeyless: text('openai:gpt-4.1-mini'), keyless: [...picker.keyless] };
    });
    expect(marks.house).toContain('House model one');
    expect(marks.house).toContain('From your account');
    expect(marks.house).not.toContain('Key missing');
    expect(marks.openai).toContain('Key missing');
    expect(marks.openaiKeyless).not.toContain('Key missing');
    expect(marks.keyless).toEqual(['openai']);
    await context.close();
  });

  it('searches and chooses from the keyboard, announcing each change and firing trialogue-models-change', async () => {
    const { page, context } = await open();
    await page.focus('trialogue-model-picker #search');
    await page.keyboard.type('groq free');
    const names = await page
      .locator('trialogue-model-picker [role="option"]')
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-ref')));
    expect(names.length).toBeGreaterThan(1);
    expect(names.every((ref) => ref?.startsWith('groq:'))).toBe(true);
    expect(await page.locator('trialogue-model-picker #count').textContent()).toBe(`${names.length} models`);

    await page.keyboard.press('ArrowDown');
    const active = await page.locator('trialogue-model-picker #search').getAttribute('aria-activedescendant');
    expect(active).toBe('option-1');
    await page.keyboard.press('Enter');
    expect(await selectedRefs(page)).toEqual([names[1]]);
    expect(await page.locator(`trialogue-model-picker #option-1`).getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('trialogue-model-picker [role="status"]').textContent()).toContain('added');

    await page.keyboard.press('Escape');
    expect(await page.locator('trialogue-model-picker #search').inputValue()).toBe('');
    await page.keyboard.type('claude haiku 4.5');
    await page.keyboard.press('Enter');
    expect(await selectedRefs(page)).toEqual([names[1], 'anthropic:claude-haiku-4-5']);

    // Enter again on the same option removes it.
    await page.keyboard.press('Enter');
    expect(await selectedRefs(page)).toEqual([names[1]]);
    const events = await page.evaluate(() => (window as unknown as { __events: unknown[] }).__events);
    expect(events).toEqual([
      { models: [names[1]], added: names[1] },
      { models: [names[1], 'anthropic:claude-haiku-4-5'], added: 'anthropic:claude-haiku-4-5' },
      { models: [names[1]], removed: 'anthropic:claude-haiku-4-5' },
    ]);
    // The focused search field shows the focus ring.
    const outline = await page
      .locator('trialogue-model-picker #search')
      .evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).toBe('solid');
    await context.close();
  });

  it('stops at max, says so, and frees a place when a chosen model is removed', async () => {
    const { page, context } = await open('&max=2');
    await page.click(option('openai:gpt-4.1-mini'));
    await page.click(option('google:gemini-2.5-flash'));
    // The third is marked disabled; a click on it anyway is refused by the element.
    await page.click(option('groq:llama-3.1-8b-instant'), { force: true });
    expect(await selectedRefs(page)).toEqual(['openai:gpt-4.1-mini', 'google:gemini-2.5-flash']);
    expect(await page.locator('trialogue-model-picker [role="status"]').textContent()).toContain(
      'At most 2 models',
    );
    expect(await page.locator(option('groq:llama-3.1-8b-instant')).getAttribute('aria-disabled')).toBe(
      'true',
    );
    await page.click('trialogue-model-picker button[aria-label="Remove GPT-4.1 mini"]');
    await page.click(option('groq:llama-3.1-8b-instant'));
    expect(await selectedRefs(page)).toEqual(['google:gemini-2.5-flash', 'groq:llama-3.1-8b-instant']);
    await context.close();
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`has no axe violations and is screenshotted (${theme})`, async () => {
      for (const [name, viewport] of [
        ['desktop', { width: 1000, height: 900 }],
        ['phone', { width: 390, height: 844 }],
      ] as const) {
        const { page, context } = await open(`&theme=${theme}`, viewport);
        await page.click(option('openai:gpt-4.1-mini'));
        await page.click(option('anthropic:claude-sonnet-4-5'));
        await page.focus('trialogue-model-picker #search');
        await page.keyboard.press('ArrowDown');
        expect(await axeViolations(page)).toEqual([]);
        await screenshot(page, `model-picker-${theme}-${name}`);
        await context.close();
      }
    });
  }
});
