import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { canary, elementTestBed, pageSecrets } from './key-manager-support.js';
import { axeViolations, hasChromium, screenshot } from './support/browser.js';

const wrongKey = 'sk-wrong-KM-00000000000000000000WRONG';

describe.skipIf(!hasChromium)('<trialogue-key-manager> in Chromium', () => {
  const bed = elementTestBed();

  async function open(query = '', viewport = { width: 1100, height: 900 }) {
    const opened = await bed.open('key-manager', query, viewport);
    await opened.page.locator('trialogue-key-manager #key-openai').waitFor();
    return opened;
  }

  const status = (page: Page, provider: string) =>
    page.locator(`trialogue-key-manager #status-${provider}`).textContent();

  it('saves a key for this tab, checks it against its own provider, and shows no part of it anywhere', async () => {
    const { page, guard, errors, context } = await open();
    bed.fake.reset();
    await page.fill('trialogue-key-manager #key-openai', canary);
    await page.click('trialogue-key-manager button[aria-label="Save the OpenAI key"]');
    await expect.poll(() => status(page, 'openai')).toContain('Key works');

    // The check went to the OpenAI wire of the fake, with the key only in its auth header.
    const withKey = bed.fake.requests.filter((r) => JSON.stringify(r.headers).includes(canary));
    expect(withKey.length).toBeGreaterThan(0);
    for (const request of withKey) {
      expect(request.wire).toBe('openai');
      expect(request.route).not.toBe('generate');
      expect(request.headers.authorization).toBe(`Bearer ${canary}`);
      expect(request.url).not.toContain(canary);
    }
    expect(guard.offHost).toEqual([]);

    const secrets = await pageSecrets(page);
    expect(secrets.inputs['key-openai']).toBe('');
    expect(secrets.dom).not.toContain(canary);
    expect(secrets.dom).not.toContain(canary.slice(-8));
    expect(secrets.localStorage).not.toContain(canary);
    expect(secrets.indexedDB).not.toContain(canary);
    // "This tab only" is core's browserSessionKeyStore: its sessionStorage item holds only ciphertext
    // (beside the tab id); the AES key is a non-extractable CryptoKey in IndexedDB.
    expect(secrets.sessionStorage).not.toContain(canary);
    expect((JSON.parse(secrets.sessionStorage) as [string, string][]).map(([name]) => name).sort()).toEqual([
      'trialogue.key.',
      'trialogue.key.openai',
    ]);
    const events = await page.evaluate(() =>
      JSON.stringify((window as unknown as { __events: unknown[] }).__events),
    );
    expect(events).toContain('"action":"saved"');
    expect(events).toContain('"ok":true');
    expect(events).not.toContain(canary);
    expect(await page.locator('trialogue-key-manager [role="status"]').textContent()).toContain(
      'OpenAI key works',
    );

    // A reload keeps the key for this tab; forgetting removes it from storage.
    await page.reload();
    await page.locator('trialogue-key-manager #key-openai').waitFor();
    await expect.poll(() => status(page, 'openai')).toBe('Saved for this tab');
    await page.click('trialogue-key-manager button[aria-label="Forget the OpenAI key"]');
    await expect.poll(() => status(page, 'openai')).toBe('No key');
    expect((await pageSecrets(page)).sessionStorage).not.toContain('trialogue.key.');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('reports a 401 from the key check assertively, in the provider row, without the key', async () => {
    const { page, guard, context } = await open();
    await page.fill('trialogue-key-manager #key-openai', wrongKey);
    await page.keyboard.press('Enter');
    // Wait for the check's outcome (the status reads "No key" until the key is saved, which also matches /key/).
    await expect
      .poll(() => page.locator('trialogue-key-manager [role="alert"]').textContent())
      .toContain('OpenAI key check failed');
    const text = (await status(page, 'openai')) ?? '';
    expect(text).toMatch(/key|API/i);
    expect(text).not.toContain('Key works');
    const check = await page.evaluate(() =>
      (
        window as unknown as {
          __events: { type: string; detail: { ok: boolean; error?: { kind: string; status?: number } } }[];
        }
      ).__events.find((e) => e.type === 'trialogue-key-check'),
    );
    expect(check?.detail).toMatchObject({ ok: false, error: { kind: 'auth', status: 401 } });
    const secrets = await pageSecrets(page);
    expect(secrets.dom).not.toContain(wrongKey);
    // Not even the masked echo the provider sends back (its last characters are the key's).
    expect(secrets.dom).not.toContain('RONG');
    expect(text).toContain('(key hidden)');
    expect(JSON.stringify(check)).not.toContain(wrongKey);
    expect(guard.offHost).toEqual([]);
    await context.close();
  });

  it('refuses a pasted key with white space before any request, naming the problem', async () => {
    const { page, context } = await open();
    bed.fake.reset();
    await page.locator('trialogue-key-manager #key-groq').evaluate((input, key) => {
      (input as HTMLInputElement).value = `${key} `;
    }, canary);
    await page.click('trialogue-key-manager button[aria-label="Save the Groq key"]');
    await expect.poll(() => status(page, 'groq')).toContain('white space');
    expect(bed.fake.requests).toEqual([]);
    expect((await pageSecrets(page)).inputs['key-groq']).toBe('');
    await context.close();
  });

  it('remembers keys on this device only encrypted, and unlocks them again after a reload', async () => {
    const { page, context } = await open('&iterations=1000');
    await page.fill('trialogue-key-manager #key-anthropic', canary);
    await page.click('trialogue-key-manager button[aria-label="Save the Anthropic key"]');
    await expect.poll(() => status(page, 'anthropic')).toContain('Key works');

    await page.check('trialogue-key-manager input[value="encrypted"]');
    await page.fill('trialogue-key-manager #passphrase', 'correct horse battery staple');
    await page.keyboard.press('Enter');
    await expect.poll(() => status(page, 'anthropic')).toBe('Saved on this device (encrypted)');
    let secrets = await pageSecrets(page);
    // Moved out of the tab's storage, into an encrypted record.
    expect(secrets.sessionStorage).not.toContain(canary);
    expect(secrets.localStorage).toContain('trialogue.encrypted-key.anthropic');
    expect(secrets.localStorage).not.toContain(canary);
    expect(secrets.localStorage).not.toContain(btoa(canary).slice(0, 16));
    expect(secrets.localStorage).not.toContain('correct horse');
    expect(secrets.dom).not.toContain('correct horse');

    await page.reload();
    await page.locator('trialogue-key-manager #passphrase').waitFor();
    await expect.poll(() => status(page, 'anthropic')).toBe('Saved on this device, locked');
    await page.fill('trialogue-key-manager #passphrase', 'wrong passphrase');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('trialogue-key-manager #passphrase-hint').textContent())
      .toContain('passphrase is wrong');
    await page.fill('trialogue-key-manager #passphrase', 'correct horse battery staple');
    await page.keyboard.press('Enter');
    await expect.poll(() => status(page, 'anthropic')).toBe('Saved on this device (encrypted)');
    await page.click('trialogue-key-manager button[aria-label="Check the Anthropic key"]');
    await expect.poll(() => status(page, 'anthropic')).toContain('Key works');

    await page.click('trialogue-key-manager button:has-text("Forget all keys")');
    await expect.poll(() => status(page, 'anthropic')).toBe('No key');
    secrets = await pageSecrets(page);
    expect(secrets.localStorage).not.toContain('trialogue.encrypted-key.');
    expect(secrets.dom).not.toContain(canary);
    await context.close();
  });

  it('shows and hides the typed key, links to where keys are made, and checks a local server', async () => {
    const { page, context } = await open();
    const field = page.locator('trialogue-key-manager #key-google');
    await field.fill('AIza-typed-but-not-saved');
    expect(await field.getAttribute('type')).toBe('password');
    await page.click('trialogue-key-manager button[aria-label="Show the Google Gemini key"]');
    expect(await field.getAttribute('type')).toBe('text');
    expect(
      await page
        .locator('trialogue-key-manager button[aria-label="Show the Google Gemini key"]')
        .getAttribute('aria-pressed'),
    ).toBe('true');
    await page.click('trialogue-key-manager button[aria-label="Show the Google Gemini key"]');
    expect(await field.getAttribute('type')).toBe('password');

    const link = page.locator('trialogue-key-manager a[href*="groq"]');
    expect(await link.getAttribute('href')).toBe('https://console.groq.com/keys');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    const free = await page.locator('trialogue-key-manager .badge.free').allTextContents();
    expect(free.length).toBeGreaterThanOrEqual(3);

    await page.click('trialogue-key-manager button[aria-label="Check the Ollama server"]');
    await expect.poll(() => status(page, 'ollama')).toContain('Reachable');
    await page.fill('trialogue-key-manager #url-lmstudio', 'http://127.0.0.1:9/v1');
    await page.locator('trialogue-key-manager #url-lmstudio').press('Tab');
    const settings = await page.evaluate(
      () => (document.querySelector('trialogue-key-manager') as unknown as { settings: unknown }).settings,
    );
    expect(settings).toMatchObject({ lmstudio: { baseURL: 'http://127.0.0.1:9/v1' } });
    await context.close();
  });

  it('pastes a key from the clipboard into the field, and only there', async () => {
    const { page, context } = await open();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: bed.site.url });
    await page.evaluate((key) => navigator.clipboard.writeText(`  ${key}  `), canary);
    await page.click('trialogue-key-manager button[aria-label="Paste the Groq key from the clipboard"]');
    await expect.poll(() => page.locator('trialogue-key-manager #key-groq').inputValue()).toBe(canary);
    expect((await pageSecrets(page)).dom).not.toContain(canary);
    await page.click('trialogue-key-manager button[aria-label="Save the Groq key"]');
    await expect.poll(() => status(page, 'groq')).toContain('Key works');
    expect(await page.locator('trialogue-key-manager #key-groq').inputValue()).toBe('');
    await context.close();
  });

  it('works from the keyboard alone', async () => {
    const { page, context } = await open();
    await page.focus('trialogue-key-manager input[value="session"]');
    // Tab from the storage choice to the first provider: its key link, then its field.
    const reached: string[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      reached.push(
        await page.evaluate(() => {
          const active = document.querySelector('trialogue-key-manager')?.shadowRoot?.activeElement;
          return active
            ? `${active.tagName.toLowerCase()}#${active.id}${active.getAttribute('aria-label') ?? ''}`
            : '';
        }),
      );
    }
    expect(reached).toContain('input#key-openai');
    await page.focus('trialogue-key-manager #key-openai');
    await page.keyboard.type(canary);
    await page.keyboard.press('Enter');
    await expect.poll(() => status(page, 'openai')).toContain('Key works');
    // The focus ring is visible on the focused field.
    await page.focus('trialogue-key-manager button[aria-label="Check the OpenAI key"]');
    const outline = await page.evaluate(() => {
      const active = document.querySelector('trialogue-key-manager')?.shadowRoot
        ?.activeElement as HTMLElement;
      return getComputedStyle(active).outlineStyle;
    });
    expect(outline).toBe('solid');
    await context.close();
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`has no axe violations and is screenshotted (${theme})`, async () => {
      for (const [name, viewport] of [
        ['desktop', { width: 1100, height: 900 }],
        ['phone', { width: 390, height: 844 }],
      ] as const) {
        const { page, context } = await open(`&theme=${theme}`, viewport);
        await page.fill('trialogue-key-manager #key-openai', wrongKey);
        await page.keyboard.press('Enter');
        await expect.poll(() => status(page, 'openai')).not.toBe('No key');
        await expect.poll(() => status(page, 'openai')).not.toBe('Checking…');
        expect(await axeViolations(page)).toEqual([]);
        await screenshot(page, `key-manager-${theme}-${name}`);
        await context.close();
      }
    });
  }
});
