/**
 * The built demo site in headless Chromium, served from a sub-path, against the providers' fake
 * server over loopback. Any CSP violation, page error or 404 fails the test that caused it.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { type FakeProviderServer, startFakeProviderServer } from '@trialogue/providers/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_API_ORIGINS } from '../csp.js';
import {
  artifacts,
  buildSite,
  chromiumPath,
  type DemoPage,
  demoPage,
  demoRoot,
  dist,
  launch,
  leakSurface,
  openDemo,
  sendChat,
  serveSite,
  shot,
  waitForPanes,
} from './support.js';

const canary = 'sk-canary-0123456789abcdefCANARY';
const axeSource = readFileSync(join(demoRoot, 'node_modules/axe-core/axe.min.js'), 'utf8');
const hasChromium = (() => {
  try {
    readFileSync(chromiumPath);
    return true;
  } catch {
    return false;
  }
})();

describe('the built index.html', () => {
  beforeAll(() => buildSite(), 120_000);

  it('carries a strict Content-Security-Policy and loads nothing from elsewhere', () => {
    const html = readFileSync(join(dist, 'index.html'), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
    expect(meta).not.toBeNull();
    const policy = meta![1]!.replace(/&#39;/g, "'");
    const directives = new Map(
      policy.split(';').map((part) => {
        const [name, ...values] = part.trim().split(/\s+/);
        return [name!, values] as const;
      }),
    );
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'"]);
    expect(directives.get('img-src')).toEqual(["'self'", 'data:']);
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|\*\.|https:(?!\/\/)/);
    // No inline style attribute is allowed at all: style-src-attr falls back to style-src 'self'.
    expect(directives.has('style-src-attr')).toBe(false);
    expect(policy).not.toMatch(/unsafe-hashes|sha256-/);
    const connect = directives.get('connect-src')!;
    for (const origin of PROVIDER_API_ORIGINS) expect(connect).toContain(origin);
    expect(connect).toContain('http://127.0.0.1:*');
    expect(connect).toContain('http://localhost:*');
    expect(
      connect.filter((source) => !source.startsWith('https://api.') && !source.startsWith('http://')),
    ).toEqual(["'self'", 'https://generativelanguage.googleapis.com', 'https://openrouter.ai']);
    // The policy comes before any script; every script is a file of the site (no inline code).
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
    for (const script of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
      expect(script[1]).toMatch(/src="\.\/assets\/[^"]+\.js"/);
      expect(script[2]!.trim()).toBe('');
    }
    // Relative URLs only: the folder works from any path; nothing third-party.
    for (const url of html.matchAll(/(?:src|href)="([^"]+)"/g)) expect(url[1]).toMatch(/^(\.\/|#)/);
    expect(html).not.toMatch(/https?:\/\/(?!api\.|generativelanguage|openrouter|127\.0\.0\.1|localhost)/);
    // The production build of Lit, not its development mode.
    for (const file of readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js')))
      expect(readFileSync(join(dist, 'assets', file), 'utf8')).not.toContain('Lit is in dev mode');
  });
});

describe.skipIf(!hasChromium)('the demo site in a real browser', () => {
  let site: { server: Server; url: string; notFound: string[] };
  let fake: FakeProviderServer;
  let browser: Browser;
  let opened: DemoPage[] = [];

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    site = await serveSite();
    fake = await startFakeProviderServer({ validKeys: [canary] });
    browser = await launch();
  }, 120_000);

  afterEach(async () => {
    // No test may leave a CSP violation, a page error or a missing file (favicon included) behind.
    const problems = opened.flatMap((d) => [...d.violations, ...d.errors]);
    const notFound = [...site.notFound];
    site.notFound.length = 0;
    for (const d of opened) await d.context.close();
    opened = [];
    fake.reset();
    expect(problems).toEqual([]);
    expect(notFound).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await fake?.close();
    await new Promise((resolve) => site?.server.close(resolve));
  });

  async function open(query = '?fast', options: Parameters<typeof demoPage>[1] = {}): Promise<DemoPage> {
    const d = await demoPage(browser, options);
    opened.push(d);
    await openDemo(d.page, `${site.url}${query}`);
    return d;
  }

  const fakeQuery = () => `?fast&fake=${new URL(fake.url).origin}`;

  async function screen(page: Page, name: string) {
    await page.click(`nav a[href="#${name}"]`);
    await page.waitForSelector(`#screen-${name}:not([hidden])`);
  }

  async function historyTitles(page: Page): Promise<string[]> {
    return page.locator('#history-list li[data-id] .title').allTextContents();
  }

  it('without keys, the sample models chat: markdown answers, a follow-up to one, labelled as samples, no network', async () => {
    const d = await open();
    const { page } = d;
    // The default selection is three sample models, said to be samples.
    await expect
      .poll(() => page.locator('#sample-notice').textContent())
      .toMatch(/offline sample, not a real model/);
    await sendChat(page, 'Why is the sky blue?');
    const views = await waitForPanes(
      page,
      (v) => v.length === 3 && v.every((p) => p.answers[0]?.status === 'done'),
    );
    for (const pane of views) {
      expect(pane.answers[0]!.text).toMatch(/Final answer:/);
      // Rendered markdown, not raw asterisks.
      expect(pane.answers[0]!.html).toMatch(/<(strong|table|h\d|blockquote|ol|ul)\b/);
      expect(pane.answers[0]!.text).not.toContain('**');
    }
    // A follow-up to the second model only.
    await page.locator('trialogue-chat input.target-all').uncheck();
    await page.locator(`trialogue-chat input.target[value="${views[1]!.id}"]`).check();
    await sendChat(page, 'And at sunset?');
    const after = await waitForPanes(
      page,
      (v) => v[1]!.answers.length === 2 && v[1]!.answers[1]!.status === 'done',
    );
    expect(after[0]!.answers).toHaveLength(1);
    expect(after[2]!.answers).toHaveLength(1);
    expect(after[1]!.answers[1]!.text).toMatch(/^Following up/);
    await shot(page, 'chat-samples');
    // Nothing but the site's own files was requested: the samples run in the page.
    const siteOrigin = new URL(site.url).origin;
    expect(
      d.requests.filter((r) => new URL(r.url).origin !== siteOrigin && !r.url.startsWith('blob:')),
    ).toEqual([]);
  }, 60_000);

  /** Chooses the debate's participants among the element's models (by reference). */
  async function pickDebaters(page: Page, refs: string[]) {
    for (const box of await page.locator('trialogue-debate fieldset label.check').all()) {
      const text = (await box.textContent()) ?? '';
      const input = box.locator('input[type=checkbox]');
      const wanted = refs.some((ref) => text.includes(ref));
      if ((await input.isChecked()) !== wanted) await input.click();
    }
  }

  async function startDebate(page: Page, format: string, question: string) {
    await page.selectOption('trialogue-debate #format', format);
    await page.fill('trialogue-debate #question', question);
    await expect.poll(() => page.locator('trialogue-debate #estimate').textContent()).toMatch(/\d/);
    await page.click('trialogue-debate [part="setup"] button[type="submit"]');
  }

  const lastOutcome = (page: Page) => page.locator('trialogue-debate .outcome').last();

  it('without keys, a sample roundtable debate runs to its outcome, continues with a follow-up, and is kept across a reload', async () => {
    const { page } = await open();
    await screen(page, 'debate');
    await pickDebaters(page, ['sample:ada', 'sample:basil', 'sample:cleo']);
    await startDebate(page, 'roundtable', 'What is 17 * 23?');
    await expect.poll(() => lastOutcome(page).textContent(), { timeout: 30_000 }).toMatch(/391/);
    expect(await lastOutcome(page).locator('.stop-reason').getAttribute('data-stop-reason')).toMatch(
      /consensus|completed/,
    );
    expect(await page.locator('trialogue-debate .turn.done').count()).toBeGreaterThanOrEqual(3);
    // The follow-up continues the same debate.
    await page.fill('trialogue-debate #follow-up', 'And 17 * 24?');
    await page.click('trialogue-debate .follow-up button[type="submit"]');
    await expect.poll(() => page.locator('trialogue-debate .outcome').count(), { timeout: 30_000 }).toBe(2);
    await expect.poll(() => lastOutcome(page).textContent(), { timeout: 30_000 }).toMatch(/408/);
    // One history entry holds both exchanges (written as turns end; the last write lands just after).
    const savedDebate = async () => {
      await page.click('#history-list li[data-kind="debate"] .title');
      return page.locator('#history-viewer').textContent();
    };
    await screen(page, 'history');
    await expect.poll(savedDebate).toMatch(/And 17 \* 24\?/);
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await screen(page, 'history');
    await expect.poll(() => historyTitles(page)).toEqual(['What is 17 * 23?']);
    expect(await savedDebate()).toMatch(/What is 17 \* 23\?[\s\S]*And 17 \* 24\?/);
    // Open it again in the debate screen: replayed from the saved transcript, no model called.
    await page.click('#history-list li[data-kind="debate"] .continue');
    await page.waitForSelector('#screen-debate:not([hidden])');
    await expect.poll(() => lastOutcome(page).textContent(), { timeout: 30_000 }).toMatch(/408/);
    // …and continue it after the reload: the element resolves the saved participants again.
    await page.fill('trialogue-debate #follow-up', 'And 17 * 25?');
    await page.click('trialogue-debate .follow-up button[type="submit"]');
    await expect.poll(() => lastOutcome(page).textContent(), { timeout: 30_000 }).toMatch(/425/);
    expect(await page.locator('trialogue-debate .exchange').last().getAttribute('aria-label')).toBe(
      'And 17 * 25?',
    );
    await screen(page, 'history');
    expect(await historyTitles(page)).toEqual(['What is 17 * 23?']);
    await expect.poll(savedDebate).toMatch(/And 17 \* 25\?/);
  }, 90_000);

  it('runs a council debate with a real provider over HTTP and sample models to its outcome', async () => {
    const { page } = await open(fakeQuery());
    await saveKey(page, 'openai', 'OpenAI');
    await screen(page, 'debate');
    const label = await page
      .locator('trialogue-debate fieldset label.check', { hasText: 'openai:' })
      .first()
      .textContent();
    const ref = /openai:[\w.-]+/.exec(label ?? '')![0];
    await pickDebaters(page, ['sample:ada', 'sample:basil', ref]);
    await startDebate(page, 'council', 'Is coffee good for you?');
    await expect.poll(() => lastOutcome(page).locator('.stop-reason').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.locator('trialogue-debate [part="ranking"]').count()).toBeGreaterThan(0);
    expect(await page.locator('trialogue-debate [part="round"]').count()).toBe(3);
    // The OpenAI participant's turns went to the fake server with the key in its header.
    const generations = fake.requests.filter((r) => r.route === 'generate');
    expect(generations.length).toBeGreaterThanOrEqual(2);
    for (const request of generations) expect(request.headers.authorization).toBe(`Bearer ${canary}`);
    await screen(page, 'history');
    await expect.poll(() => historyTitles(page)).toEqual(['Is coffee good for you?']);
  }, 60_000);

  it('stops a debate halfway: the outcome says aborted, and the turns finished before are saved', async () => {
    // Normal speed (no ?fast), so there is time to stop.
    const { page } = await open('');
    await screen(page, 'debate');
    await pickDebaters(page, ['sample:ada', 'sample:basil', 'sample:cleo']);
    await startDebate(page, 'society', 'Should cities ban cars from their centres?');
    await page.waitForSelector('trialogue-debate .turn.done', { timeout: 20_000 });
    await page.click('trialogue-debate #stop');
    await expect
      .poll(() => lastOutcome(page).locator('.stop-reason').getAttribute('data-stop-reason'), {
        timeout: 10_000,
      })
      .toBe('aborted');
    expect(await page.locator('trialogue-debate [part="round"]').count()).toBeLessThan(3);
    expect((await leakSurface(page)).indexedDB).toContain('Should cities ban cars');
  }, 60_000);

  async function saveKey(page: Page, id: string, label: string) {
    await screen(page, 'keys');
    const before = fake.requests.length;
    await page.fill(`trialogue-key-manager #key-${id}`, canary);
    await page.click(`trialogue-key-manager button[aria-label="Save the ${label} key"]`);
    // The manager checks the key against the model list: wait for it, so it takes no queued script.
    await expect
      .poll(() => fake.requests.slice(before).some((r) => r.route === 'models' || r.route === 'key'))
      .toBe(true);
    await expect
      .poll(() => page.locator(`trialogue-key-manager #status-${id}`).textContent())
      .not.toMatch(/check/i);
    await screen(page, 'chat');
  }

  async function setPicker(page: Page, name: string, refs: string[]) {
    const details = page.locator(`details[data-picker="${name}"]`);
    await details.locator('summary').click();
    const picker = details.locator('trialogue-model-picker');
    const chosen = picker.locator('ul[part="chosen"] button');
    while (await chosen.count()) await chosen.first().click();
    for (const ref of refs) await picker.locator(`li[data-ref="${ref}"]`).click();
    await details.locator('summary').click();
  }

  it('with keys: three providers side by side over HTTP; stop one, retry one, follow up with one', async () => {
    const { page } = await open(fakeQuery());
    await saveKey(page, 'openai', 'OpenAI');
    await saveKey(page, 'anthropic', 'Anthropic');
    await saveKey(page, 'google', 'Google Gemini');
    // The default selection follows the keys: one model per provider with a key.
    const providers = await waitForPanes(
      page,
      (v) => v.length === 3 && v.every((p) => !/sample/.test(p.label)),
    );
    const labels = providers.map((p) => p.label).join(' ');
    for (const provider of ['openai', 'anthropic', 'google']) expect(labels).toContain(provider);
    const slow = {
      text: 'Light scatters off air molecules, and blue light scatters the most of all the colours we see.',
      tokenDelayMs: 40,
    };
    fake.enqueue(slow, slow, slow);
    await sendChat(page, 'Why is the sky blue?');
    await waitForPanes(page, (v) => v.every((p) => p.answers[0]?.text.length));
    const ids = providers.map((p) => p.id);
    await page.locator(`trialogue-chat [data-pane="${ids[1]}"] button.stop`).click();
    const stopped = await waitForPanes(page, (v) =>
      v.every((p) => p.answers[0]?.status !== 'streaming' && p.answers[0]?.status !== 'waiting'),
    );
    expect(stopped.map((p) => p.answers[0]!.status)).toEqual(['done', 'stopped', 'done']);
    expect(stopped[1]!.answers[0]!.text.length).toBeGreaterThan(0);
    fake.enqueue({ text: 'Rayleigh scattering.' });
    await page.locator(`trialogue-chat [data-pane="${ids[1]}"] button.retry`).click();
    const retried = await waitForPanes(page, (v) => v[1]!.answers.at(-1)?.status === 'done');
    expect(retried[1]!.answers.at(-1)!.text).toBe('Rayleigh scattering.');
    fake.enqueue({ text: 'Because the path through air is longer.' });
    const generations = fake.requests.filter((r) => r.route === 'generate').length;
    await page.locator('trialogue-chat input.target-all').uncheck();
    await page.locator(`trialogue-chat input.target[value="${ids[2]}"]`).check();
    await sendChat(page, 'And why are sunsets red?');
    const followed = await waitForPanes(
      page,
      (v) => v[2]!.answers.length === 2 && v[2]!.answers[1]!.status === 'done',
    );
    expect(followed[2]!.answers[1]!.text).toBe('Because the path through air is longer.');
    expect(followed[0]!.answers).toHaveLength(1);
    expect(fake.requests.filter((r) => r.route === 'generate').length).toBe(generations + 1);
    await shot(page, 'chat-providers');
  }, 90_000);

  it('a failing provider (401, 429 with retry-after, 529, a cut stream) shows a readable error in its pane only; the key leaks nowhere', async () => {
    const d = await open(fakeQuery());
    const { page } = d;
    await saveKey(page, 'openai', 'OpenAI');
    await setPicker(page, 'Models', ['openai:gpt-4.1-mini', 'sample:ada']);
    await waitForPanes(page, (v) => v.length === 2);
    const cases: [string, object[], RegExp][] = [
      ['401', [{ status: 401 }], /key|401|auth/i],
      [
        '429',
        Array.from({ length: 6 }, () => ({ status: 429, headers: { 'retry-after': '0' } })),
        /rate|429|limit/i,
      ],
      ['529', Array.from({ length: 6 }, () => ({ status: 529 })), /overload|busy|529|capacity/i],
      [
        'cut',
        [
          {
            text: 'The first words arrive and then the connection drops in the middle of a long sentence',
            tokenDelayMs: 5,
            cutAfter: 7,
          },
        ],
        /network|connection|cut|ended|stream/i,
      ],
    ];
    for (const [index, [name, scripts, message]] of cases.entries()) {
      fake.reset();
      fake.enqueue(...(scripts as Parameters<FakeProviderServer['enqueue']>));
      await sendChat(page, `Case ${name}: why is the sky blue?`);
      const views = await waitForPanes(
        page,
        (v) => v.every((p) => ['done', 'failed', 'stopped'].includes(p.answers[index]?.status ?? '')),
        30_000,
      );
      expect(views[0]!.answers[index]!.status, name).toBe('failed');
      expect(views[0]!.answers[index]!.error, name).toMatch(message);
      expect(views[0]!.answers[index]!.error, name).not.toContain(canary);
      // The sample model next to it answered as usual.
      expect(views[1]!.answers[index]!.status, name).toBe('done');
      if (name === 'cut') expect(views[0]!.answers[index]!.text).toMatch(/^The first/);
    }
    await shot(page, 'chat-errors');

    // The key canary: nowhere in the page, its storage in plain text, IndexedDB, exports or other requests.
    const surface = await leakSurface(page);
    expect(surface.dom).not.toContain(canary);
    expect(surface.localStorage).not.toContain(canary);
    expect(surface.indexedDB).not.toContain(canary);
    expect(surface.indexedDB).toContain('Case 401');
    // The tab-only store keeps only ciphertext (core seals it with a CryptoKey held in IndexedDB).
    expect(surface.sessionStorage).toContain('trialogue.key.openai');
    expect(surface.sessionStorage).not.toContain(canary);
    await screen(page, 'history');
    const download = page.waitForEvent('download');
    await page.locator('#history-list li[data-id] .export-json').first().click();
    const exported = readFileSync((await (await download).path())!, 'utf8');
    expect(exported).toContain('Case cut');
    expect(exported).not.toContain(canary);
    const markdown = page.waitForEvent('download');
    await page.locator('#history-list li[data-id] .export-md').first().click();
    expect(readFileSync((await (await markdown).path())!, 'utf8')).not.toContain(canary);
    const fakeOrigin = new URL(fake.url).origin;
    const siteOrigin = new URL(site.url).origin;
    for (const request of d.requests) {
      expect(request.url).not.toContain(canary);
      expect([fakeOrigin, siteOrigin]).toContain(new URL(request.url).origin);
      if (JSON.stringify(request.headers).includes(canary))
        expect(new URL(request.url).origin).toBe(fakeOrigin);
    }
    for (const request of fake.requests) {
      // Only OpenAI has this key: it travels only on OpenAI's paths.
      if (JSON.stringify(request.headers).includes(canary)) expect(request.path).toMatch(/^\/openai\//);
      if (request.route === 'generate') expect(request.headers.authorization).toBe(`Bearer ${canary}`);
      expect(request.bodyText).not.toContain(canary);
    }
    expect(d.consoleLines.join('\n')).not.toContain(canary);
  }, 120_000);

  it('a reload mid-stream keeps every answer finished before it', async () => {
    const { page } = await open(fakeQuery());
    await saveKey(page, 'openai', 'OpenAI');
    await setPicker(page, 'Models', ['sample:ada', 'openai:gpt-4.1-mini']);
    fake.enqueue({
      text: 'This answer is still streaming when the page reloads, word by word.',
      tokenDelayMs: 300,
    });
    await sendChat(page, 'Why is the sea salty?');
    const views = await waitForPanes(
      page,
      (v) => v[0]?.answers[0]?.status === 'done' && v[1]?.answers[0]?.status === 'streaming',
    );
    expect(views[1]!.answers[0]!.text).not.toMatch(/word by word/);
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await screen(page, 'history');
    await expect.poll(() => historyTitles(page)).toEqual(['Why is the sea salty?']);
    await page.click('#history-list li[data-kind="chat"] .title');
    const saved = await page.locator('#history-viewer').textContent();
    expect(saved).toMatch(/Why is the sea salty\?/);
    // The sample's finished answer is there (rendered markdown, its text inside the message element).
    const answers = await page
      .locator('#history-viewer trialogue-message')
      .evaluateAll((els) => els.map((el) => el.shadowRoot?.textContent ?? ''));
    expect(answers.join('\n')).toMatch(/Final answer:/);
  }, 60_000);

  it('a key remembered on this device is stored only encrypted, works for calls, and "clear everything" removes it', async () => {
    const { page } = await open(fakeQuery());
    await screen(page, 'keys');
    await page.click('trialogue-key-manager input[name="storage"][value="encrypted"]');
    await page.fill('trialogue-key-manager #passphrase', 'correct horse battery staple');
    await page.click('trialogue-key-manager form.unlock button[type="submit"]');
    await page.waitForSelector('trialogue-key-manager #key-openai:not([disabled])');
    await saveKey(page, 'openai', 'OpenAI');
    const stored = await leakSurface(page);
    expect(stored.localStorage).not.toContain(canary);
    expect(stored.localStorage).toContain('trialogue.encrypted-key.openai');
    expect(stored.sessionStorage).not.toContain(canary);
    expect(stored.dom).not.toContain(canary);
    // The encrypted store feeds the calls.
    await setPicker(page, 'Models', ['openai:gpt-4.1-mini']);
    fake.enqueue({ text: 'From behind an encrypted key.' });
    await sendChat(page, 'Hello?');
    const views = await waitForPanes(page, (v) => v[0]?.answers[0]?.status === 'done');
    expect(views[0]!.answers[0]!.text).toBe('From behind an encrypted key.');
    expect(fake.requests.find((r) => r.route === 'generate')?.headers.authorization).toBe(`Bearer ${canary}`);
    await screen(page, 'history');
    // It reloads the page once everything is gone.
    await Promise.all([page.waitForEvent('load'), page.click('#clear-everything')]);
    await page.waitForSelector('body[data-ready="true"]');
    const cleared = await leakSurface(page);
    expect(cleared.localStorage).toBe('[]');
    expect(cleared.sessionStorage).toBe('[]');
  }, 60_000);

  it('arena: five anonymous votes, names shown only after each vote, the leaderboard counts them', async () => {
    const { page } = await open();
    await screen(page, 'arena');
    const names = /Ada|Basil|Cleo|Dara|sample:/;
    for (let round = 0; round < 5; round++) {
      await page.fill('#arena-prompt', `Arena question ${round}: is tea better than coffee?`);
      await page.press('#arena-prompt', 'Enter');
      await page.waitForSelector('#arena-vote button[data-vote="A"]:not([disabled])', { timeout: 15_000 });
      // Before the vote: letters only.
      const before = await page.locator('#arena-panes').evaluate((el) => el.outerHTML);
      expect(before).not.toMatch(names);
      expect(await page.locator('#arena-panes .pane-title').allTextContents()).toEqual([
        'Model A',
        'Model B',
      ]);
      await page.click(`#arena-vote button[data-vote="${['A', 'B', 'tie', 'A', 'both-bad'][round]}"]`);
      await expect
        .poll(() => page.locator('#arena-reveal').textContent())
        .toMatch(/Revealed: A = \w+.*B = \w+/);
      expect(await page.locator('#arena-panes').textContent()).toMatch(names);
    }
    const rows = await page.locator('#leaderboard tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({
        votes: Number(tr.querySelector('.votes')?.textContent),
        rating: Number(tr.querySelector('.rating')?.textContent),
        record: tr.querySelectorAll('td')[4]?.textContent ?? '',
      })),
    );
    expect(rows.reduce((sum, row) => sum + row.votes, 0)).toBe(10);
    const wins = rows.reduce((sum, row) => sum + Number(row.record.split(' / ')[0]), 0);
    const ties = rows.reduce((sum, row) => sum + Number(row.record.split(' / ')[2]), 0);
    expect(wins).toBe(3);
    expect(ties).toBe(4);
    expect(rows.map((r) => r.rating)).toEqual([...rows.map((r) => r.rating)].sort((a, b) => b - a));
    // Three contenders: the winner beats both others (two more votes each for it).
    await page.selectOption('#arena-count', '3');
    await page.fill('#arena-prompt', 'Arena question with three models');
    await page.press('#arena-prompt', 'Enter');
    await page.waitForSelector('#arena-vote button[data-vote="C"]:not([disabled])', { timeout: 15_000 });
    expect(await page.locator('#arena-panes .pane-title').allTextContents()).toEqual([
      'Model A',
      'Model B',
      'Model C',
    ]);
    await page.click('#arena-vote button[data-vote="C"]');
    await expect
      .poll(async () =>
        (await page.locator('#leaderboard tbody .votes').allTextContents()).reduce(
          (sum, n) => sum + Number(n),
          0,
        ),
      )
      .toBe(14);
    await screen(page, 'history');
    expect(await page.locator('#history-list li[data-kind="arena"]').count()).toBe(6);
    await screen(page, 'arena');
    await shot(page, 'arena');
  }, 90_000);

  it('arena: a failed answer names no provider before the vote, and shows its real error after', async () => {
    const { page } = await open(fakeQuery());
    await saveKey(page, 'openai', 'OpenAI');
    await screen(page, 'arena');
    await setPicker(page, 'Arena pool', ['openai:gpt-4.1-mini', 'sample:ada']);
    fake.reset();
    fake.enqueue({ status: 401 });
    await page.fill('#arena-prompt', 'Which is bigger, 9.11 or 9.9?');
    await page.press('#arena-prompt', 'Enter');
    await page.waitForSelector('#arena-vote button[data-vote="A"]:not([disabled])', { timeout: 15_000 });
    const failed = page.locator('#arena-panes .answer[data-status="failed"] .error');
    expect(await failed.count()).toBe(1);
    expect(await failed.textContent()).toBe(
      'This answer failed. What went wrong (and which model it was) is shown after your vote.',
    );
    // Nothing on the page, its stats or its announcements tells the models apart by name.
    const giveaway = /openai|gpt|anthropic|Ada\b|sample:|offline sample/i;
    expect(await page.locator('#arena-panes').evaluate((el) => el.outerHTML)).not.toMatch(giveaway);
    expect(await page.locator('#announce, #announce-alert').allTextContents()).not.toEqual(
      expect.arrayContaining([expect.stringMatching(giveaway)]),
    );
    await page.click('#arena-vote button[data-vote="tie"]');
    await expect.poll(() => page.locator('#arena-reveal').textContent()).toMatch(/Revealed/);
    expect(await failed.textContent()).toMatch(/key|401|auth/i);
    expect(await failed.textContent()).not.toContain(canary);
  }, 60_000);

  it('history: search, rename, delete, export and re-import, then clear everything (history, leaderboard, keys)', async () => {
    const { page } = await open(fakeQuery());
    await saveKey(page, 'groq', 'Groq');
    await setPicker(page, 'Models', ['sample:ada', 'sample:cleo']);
    await sendChat(page, 'Why do cats purr?');
    await waitForPanes(page, (v) => v.length === 2 && v.every((p) => p.answers[0]?.status === 'done'));
    await screen(page, 'arena');
    await page.fill('#arena-prompt', 'Tabs or spaces?');
    await page.press('#arena-prompt', 'Enter');
    await page.click('#arena-vote button[data-vote="B"]:not([disabled])', { timeout: 15_000 });
    await expect.poll(() => page.locator('#leaderboard tbody tr[data-model]').count()).toBe(2);
    await screen(page, 'history');
    await expect.poll(() => historyTitles(page)).toEqual(['Tabs or spaces?', 'Why do cats purr?']);
    await page.fill('#history-search', 'purr');
    await expect.poll(() => historyTitles(page)).toEqual(['Why do cats purr?']);
    // Search reaches the answers' text too.
    await page.fill('#history-search', 'Final answer');
    await expect.poll(() => historyTitles(page)).toHaveLength(2);
    await page.fill('#history-search', '');
    await page.click('#history-list li[data-kind="chat"] button:has-text("Rename")');
    await page.fill('#history-list .rename-field', 'Cats');
    await page.press('#history-list .rename-field', 'Enter');
    await expect.poll(() => historyTitles(page)).toContain('Cats');

    const download = page.waitForEvent('download');
    await page.click('#history-list li[data-kind="chat"] .export-json');
    const file = (await (await download).path())!;
    const exported = JSON.parse(readFileSync(file, 'utf8'));
    expect(exported).toMatchObject({ format: 'trialogue.transcript', kind: 'chat', title: 'Cats' });
    await page.click('#history-list li[data-kind="chat"] .delete');
    await expect.poll(() => historyTitles(page)).toEqual(['Tabs or spaces?']);
    await page.setInputFiles('#history-import', file);
    await expect.poll(() => historyTitles(page)).toContain('Cats');
    expect(await page.locator('#history-status').textContent()).toMatch(/Imported "Cats"/);
    expect(await page.locator('#history-viewer').textContent()).toMatch(/Why do cats purr\?/);
    // A file that is not a transcript is refused with a readable message.
    await page.setInputFiles('#history-import', {
      name: 'notes.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"hello":1}'),
    });
    await expect
      .poll(() => page.locator('#history-status').textContent())
      .toMatch(/Could not import notes\.json/);
    // Continue the imported chat in the chat screen.
    await page.click('#history-list li[data-kind="chat"] .continue');
    await waitForPanes(page, (v) => v.length === 2 && v.every((p) => p.answers.length === 1));

    await screen(page, 'history');
    // It reloads the page once everything is gone.
    await Promise.all([page.waitForEvent('load'), page.click('#clear-everything')]);
    await page.waitForSelector('body[data-ready="true"]');
    await screen(page, 'history');
    await expect.poll(() => page.locator('#history-list li.empty').count()).toBe(1);
    await screen(page, 'arena');
    await expect.poll(() => page.locator('#leaderboard tbody').textContent()).toMatch(/No votes yet/);
    const surface = await leakSurface(page);
    expect(surface.sessionStorage).not.toContain(canary);
    expect(surface.indexedDB).not.toContain('cats');
    expect(await page.locator('#sample-notice').textContent()).toMatch(/offline sample/);
  }, 90_000);

  it('every screen, light and dark, desktop and phone: answers in view without scrolling past a key form', async () => {
    const sizes = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };
    for (const [size, viewport] of Object.entries(sizes)) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const { page } = await open('?fast', { ...viewport, colorScheme });
        await sendChat(page, 'What makes a good cup of tea?');
        const views = await waitForPanes(page, (v) => v.every((p) => p.answers[0]?.status === 'done'));
        expect(views[0]!.answers[0]!.text).toMatch(/Final answer/);
        // The first answer's text starts inside the viewport, and the composer is reachable.
        const answerTop = await page.evaluate(() => {
          const root = document.querySelector('trialogue-chat')!.shadowRoot!;
          return root.querySelector('.turn.assistant trialogue-message')!.getBoundingClientRect().top;
        });
        expect(answerTop).toBeLessThan(viewport.height - 100);
        const composerBottom = await page.evaluate(() => {
          const root = document.querySelector('trialogue-chat')!.shadowRoot!;
          return root.querySelector('textarea')!.getBoundingClientRect().bottom;
        });
        expect(composerBottom).toBeLessThanOrEqual(viewport.height);
        await shot(page, `chat-${size}-${colorScheme}`);
        await screen(page, 'debate');
        await pickDebaters(page, ['sample:ada', 'sample:basil', 'sample:cleo']);
        await startDebate(page, 'roundtable', 'What is 6 * 7?');
        await expect.poll(() => lastOutcome(page).textContent(), { timeout: 30_000 }).toMatch(/42/);
        await shot(page, `debate-${size}-${colorScheme}`);
        await screen(page, 'arena');
        await page.fill('#arena-prompt', 'Write a haiku about rain');
        await page.click('#arena-go');
        await page.click('#arena-vote button[data-vote="A"]:not([disabled])', { timeout: 15_000 });
        await expect.poll(() => page.locator('#arena-reveal').textContent()).toMatch(/Revealed/);
        await shot(page, `arena-${size}-${colorScheme}`);
        for (const name of ['history', 'keys', 'privacy']) {
          await screen(page, name);
          await shot(page, `${name}-${size}-${colorScheme}`);
        }
        const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        expect(background).toBe(colorScheme === 'dark' ? 'rgb(22, 24, 28)' : 'rgb(255, 255, 255)');
        // An axe-core audit of every screen (the elements' shadow DOM included) finds nothing: both
        // themes on the desktop (contrast), and the phone (layout); the fourth pairing would add time, not findings.
        if (size === 'phone' && colorScheme === 'dark') continue;
        await page.evaluate(axeSource);
        for (const name of ['chat', 'debate', 'arena', 'history', 'keys', 'privacy']) {
          await screen(page, name);
          const violations = await page.evaluate(async () => {
            const axe = (
              window as unknown as {
                axe: {
                  run(
                    context: Document,
                  ): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }>;
                };
              }
            ).axe;
            const result = await axe.run(document);
            return result.violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
          });
          expect(violations, `${name} ${size} ${colorScheme}`).toEqual([]);
        }
      }
    }
  }, 180_000);
});
