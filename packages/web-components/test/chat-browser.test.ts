/**
 * `<trialogue-chat>` in real Chromium, on a plain page that loads only dist/trialogue.js, against
 * the providers' fake server over loopback (one fake server per provider, so each pane's script
 * queue is its own and parallel requests cannot take each other's answers).
 */
import { type FakeProviderServer, fakeError, startFakeProviderServer } from '@trialogue/providers/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TrialogueChat } from '../src/chat/index.js';
import {
  axeViolations,
  guardNetwork,
  hasChromium,
  launchChromium,
  screenshot,
  serveStatic,
} from './support/browser.js';
import { leakSurface, liveRegions, panes, recordedEvents, waitForPanes } from './support/chat-page.js';

const CANARY = {
  openai: 'sk-canary-openai-7f3a9c1e5b2d4f6a8c0e',
  anthropic: 'sk-ant-canary-anthropic-2b4d6f8a0c1e3a5c',
  google: 'AIza-canary-google-9e8d7c6b5a4f3e2d1c0b',
  groq: 'gsk_canary-groq-1a2b3c4d5e6f7a8b9c0d',
};
const LONG = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');

describe.skipIf(!hasChromium)('<trialogue-chat> from the script tag, against the fake providers', () => {
  let browser: Browser;
  let site: Awaited<ReturnType<typeof serveStatic>>;
  const servers: Record<string, FakeProviderServer> = {};
  let page: Page;
  let offHost: string[];

  beforeAll(async () => {
    [browser, site] = await Promise.all([launchChromium(), serveStatic()]);
    for (const provider of ['openai', 'anthropic', 'google', 'groq']) {
      servers[provider] = await startFakeProviderServer();
    }
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await Promise.all(Object.values(servers).map((server) => server.close()));
  });
  afterEach(async () => {
    expect(offHost).toEqual([]);
    const surface = await leakSurface(page);
    for (const key of Object.values(CANARY)) expect(surface).not.toContain(key);
    await page.context().close();
    for (const server of Object.values(servers)) server.reset();
  });

  async function open(
    options: {
      models?: string;
      theme?: string;
      request?: object;
      viewport?: { width: number; height: number };
      /** The page under test/pages (default chat.html). */
      file?: string;
    } = {},
  ) {
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } });
    page = await context.newPage();
    ({ offHost } = await guardNetwork(page));
    const errors: string[] = [];
    // Every Content-Security-Policy violation on the page, as `directive blocked-uri`.
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __violations: string[] }).__violations = seen;
      document.addEventListener('securitypolicyviolation', (event) =>
        seen.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`.trim()),
      );
    });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    const bases = Object.fromEntries(Object.entries(servers).map(([p, s]) => [p, s.baseURL(p as 'openai')]));
    const query = new URLSearchParams({ bases: JSON.stringify(bases) });
    if (options.models) query.set('models', options.models);
    if (options.theme) query.set('theme', options.theme);
    await page.goto(`${site.url}/test/pages/${options.file ?? 'chat.html'}?${query}`);
    await page
      .waitForFunction(() => (window as unknown as { __ready?: boolean }).__ready === true, undefined, {
        timeout: 10_000,
      })
      .catch((error: Error) => {
        throw new Error(`the page did not start: ${error.message}; page errors: ${errors.join('; ')}`);
      });
    await page.evaluate(
      ([keys, request]) =>
        (window as unknown as { configure(keys: object, request?: object): void }).configure(keys, request),
      [CANARY, options.request] as const,
    );
    return { errors };
  }

  async function sendFromComposer(text: string) {
    const box = page.locator('trialogue-chat textarea');
    await box.fill(text);
    await box.press('Enter');
  }

  it('streams three models side by side; stop one, retry one, follow up to one; the others are unaffected', async () => {
    const { errors } = await open();
    servers.openai!.enqueue({ text: `GPT says ${LONG}`, tokenDelayMs: 15 });
    servers.anthropic!.enqueue({ text: `Claude says ${LONG} ${LONG}`, tokenDelayMs: 40 });
    servers.google!.enqueue({ text: `Gemini says ${LONG}`, tokenDelayMs: 15 });
    await sendFromComposer('Why is the sky <b>blue</b>?');

    // All three stream at once: each pane busy with some text.
    const streaming = await waitForPanes(
      page,
      (v) => v.length === 3 && v.every((p) => p.busy === 'true' && p.answers[0]!.text.length > 0),
    );
    expect(streaming.map((p) => p.label)).toEqual([
      'gpt-4.1-mini openai',
      'claude-haiku-4-5 anthropic',
      'gemini-2.5-flash google',
    ]);
    expect(await page.locator('trialogue-chat textarea').inputValue()).toBe('');
    // The person's text is text: the tag shows, nothing is parsed.
    expect(await page.locator('trialogue-chat [data-pane="p1"] .turn.user').textContent()).toContain(
      'Why is the sky <b>blue</b>?',
    );
    expect(await page.locator('trialogue-chat .turn.user b').count()).toBe(0);

    await page.locator('trialogue-chat [data-pane="p2"] button.stop').click();
    const afterStop = await waitForPanes(page, (v) => v.every((p) => p.busy === 'false'));
    expect(afterStop[1]!.status).toBe('stopped');
    expect(afterStop[1]!.error).toBe('');
    expect(afterStop[1]!.answers[0]!.text.startsWith('Claude says')).toBe(true);
    expect(afterStop[1]!.answers[0]!.text.length).toBeLessThan(`Claude says ${LONG} ${LONG}`.length);
    expect(afterStop[0]).toMatchObject({ status: 'done', answers: [{ text: `GPT says ${LONG}` }] });
    expect(afterStop[2]).toMatchObject({ status: 'done', answers: [{ text: `Gemini says ${LONG}` }] });
    expect(afterStop[0]!.stats).toMatch(/first token \d+ ms · 12 in \/ \d+ out tokens · \$/);
    // The stopped pane's connection was released.
    await servers.anthropic!.waitForClose();

    servers.anthropic!.enqueue({ text: 'Claude, second try.' });
    await page.locator('trialogue-chat [data-pane="p2"] button.retry').click();
    const retried = await waitForPanes(page, (v) => v[1]!.status === 'done');
    expect(retried[1]!.answers).toEqual([{ text: 'Claude, second try.', status: 'done' }]);
    expect(retried[0]!.answers).toEqual(afterStop[0]!.answers);
    expect(retried[2]!.answers).toEqual(afterStop[2]!.answers);

    // Follow up to Gemini only: untick "all", tick Gemini.
    await page.locator('trialogue-chat input.target-all').uncheck();
    await page.locator('trialogue-chat input.target[value="p3"]').check();
    servers.google!.enqueue({ text: 'Shorter: scattering.' });
    const before = { openai: servers.openai!.requests.length, anthropic: servers.anthropic!.requests.length };
    await sendFromComposer('Shorter, please.');
    const followed = await waitForPanes(page, (v) => v[2]!.answers.length === 2 && v[2]!.status === 'done');
    expect(followed[2]!.answers[1]!.text).toBe('Shorter: scattering.');
    expect(followed[0]!.answers).toHaveLength(1);
    expect(followed[1]!.answers).toHaveLength(1);
    expect(servers.openai!.requests.length).toBe(before.openai);
    expect(servers.anthropic!.requests.length).toBe(before.anthropic);
    const body = servers.google!.requests.at(-1)!.body as { contents: { role: string }[] };
    expect(body.contents.map((c) => c.role)).toEqual(['user', 'model', 'user']);

    // Screen readers heard starts and ends, never the tokens.
    const events = await recordedEvents(page);
    const ends = events
      .filter((e) => e.type === 'trialogue-turn-end')
      .map((e) => `${e.detail.paneId} ${e.detail.status}`);
    expect(ends.sort()).toEqual(['p1 done', 'p2 done', 'p2 stopped', 'p3 done', 'p3 done']);
    expect(events.some((e) => e.type === 'trialogue-error')).toBe(false);
    // Deltas are gathered per frame: joined, they are the whole answer, each before its turn's end.
    const firstTurn = events.find(
      (e) => e.type === 'trialogue-turn-start' && e.detail.paneId === 'p1',
    )!.detail;
    const p1 = events.filter((e) => e.detail.turnId === firstTurn.turnId);
    const deltas = p1.filter((e) => e.type === 'trialogue-turn-delta');
    expect(deltas.map((e) => e.detail.text).join('')).toBe(`GPT says ${LONG}`);
    expect(deltas.length).toBeLessThan(LONG.split(' ').length);
    expect(p1.at(-1)!.type).toBe('trialogue-turn-end');
    expect(events.find((e) => e.type === 'trialogue-stop')!.detail).toEqual({ paneIds: ['p2'] });
    const regions = await liveRegions(page);
    expect(regions.polite).toMatch(/gemini-2\.5-flash finished/);
    expect(regions.polite).not.toMatch(/word\d/);
    expect(errors).toEqual([]);
  });

  it('under a strict CSP (no inline style attribute, Trusted Types): chats with no violation; the column count is a class', async () => {
    const { errors } = await open({ file: 'chat-csp.html' });
    for (const provider of ['openai', 'anthropic', 'google'])
      servers[provider]!.enqueue({ text: `**${provider}** answers` });
    await sendFromComposer('Hello under a strict policy');
    const done = await waitForPanes(page, (v) => v.length === 3 && v.every((p) => p.status === 'done'));
    expect(done.map((p) => p.answers[0]!.text)).toEqual([
      'openai answers',
      'anthropic answers',
      'google answers',
    ]);
    const violationsOf = () =>
      page.evaluate(() => [...(window as unknown as { __violations: string[] }).__violations]);
    expect(await violationsOf()).toEqual([]);
    expect(errors).toEqual([]);
    const layout = await page.evaluate(() => {
      const panes = document
        .querySelector('trialogue-chat')!
        .shadowRoot!.querySelector<HTMLElement>('.panes')!;
      return {
        columns: getComputedStyle(panes).gridTemplateColumns.split(' ').length,
        custom: getComputedStyle(panes).getPropertyValue('--_columns').trim(),
        attribute: panes.getAttribute('style'),
        enforced: (() => {
          // Control: the page really refuses an inline style attribute.
          const probe = document.createElement('div');
          probe.setAttribute('style', 'width: 7px');
          document.body.append(probe);
          const blocked = probe.getBoundingClientRect().width !== 7;
          probe.remove();
          return blocked;
        })(),
      };
    });
    expect(layout).toEqual({ columns: 3, custom: '3', attribute: null, enforced: true });
    // Removing a pane re-counts the columns, still without a violation.
    await page.locator('trialogue-chat [data-pane="p3"] button.remove').click();
    await waitForPanes(page, (v) => v.length === 2);
    expect(
      await page.evaluate(
        () =>
          getComputedStyle(
            document.querySelector('trialogue-chat')!.shadowRoot!.querySelector('.panes')!,
          ).gridTemplateColumns.split(' ').length,
      ),
    ).toBe(2);
    // The control above is the only violation: an inline style attribute of the test's own.
    expect(await violationsOf()).toEqual(['style-src-attr inline']);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^Applying inline style violates/);
  });

  it('shows an imported transcript by its next update, with its labels (no frame and no requestUpdate needed)', async () => {
    await open();
    const shown = await page.evaluate(async () => {
      const chat = document.querySelector('trialogue-chat') as TrialogueChat;
      await chat.updateComplete;
      chat.importTranscript({
        format: 'trialogue.transcript',
        version: 1,
        id: 'imported',
        kind: 'chat',
        createdAt: '2026-12-01T10:00:00.000Z',
        mode: 'side-by-side',
        participants: [
          { id: 'p1', provider: 'sample', modelId: 'ada', label: 'Ada (offline sample, not a real model)' },
          { id: 'p2', provider: 'openai', modelId: 'gpt-4.1-mini' },
        ],
        turns: [
          { id: 's1', participantId: 'user', role: 'user', text: 'Saved question' },
          { id: 't2', participantId: 'p1', role: 'assistant', text: 'Saved answer one' },
          { id: 't3', participantId: 'p2', role: 'assistant', text: 'Saved answer two' },
        ],
      });
      await chat.updateComplete;
      const root = chat.shadowRoot!;
      const titles = [...root.querySelectorAll('.pane-title')].map((t) =>
        t.textContent!.replace(/\s+/g, ' ').trim(),
      );
      const users = [...root.querySelectorAll('.turn.user')].map((t) =>
        t.textContent!.replace(/\s+/g, ' ').trim(),
      );
      chat.describeModel = (ref) => (ref === 'openai:gpt-4.1-mini' ? 'GPT, house label' : undefined);
      await chat.updateComplete;
      const relabelled = [...root.querySelectorAll('.pane-title')].map((t) =>
        t.textContent!.replace(/\s+/g, ' ').trim(),
      );
      return { titles, users, relabelled };
    });
    expect(shown.titles).toEqual(['Ada (offline sample, not a real model) sample', 'gpt-4.1-mini openai']);
    expect(shown.users).toEqual(['YouSaved question', 'YouSaved question']);
    expect(shown.relabelled).toEqual([
      'Ada (offline sample, not a real model) sample',
      'GPT, house label openai',
    ]);
  });

  it('a 401, a 429 with retry-after, a 529 and a cut stream each stay in their pane, with a readable message and a retry', async () => {
    await open({
      models:
        'openai:gpt-4.1-mini groq:llama-3.3-70b-versatile anthropic:claude-haiku-4-5 google:gemini-2.5-flash',
      request: { retry: { maxRetries: 0 } },
    });
    // The provider's message is untrusted text too: it must show as text, never as HTML.
    servers.openai!.enqueue(
      fakeError('openai', 'auth', {
        message: 'Incorrect API key <img src=x onerror="window.__xss()"> provided',
      }),
    );
    servers.groq!.enqueue(fakeError('groq', 'rate-limit', { retryAfterSeconds: 120 }));
    servers.anthropic!.enqueue(fakeError('anthropic', 'overloaded'));
    // Slow enough that the page reads each chunk before the cut (an errored body stream drops what it has not handed out).
    servers.google!.enqueue({ text: `Gemini starts ${LONG}`, cutAfter: 6, tokenDelayMs: 40 });
    await sendFromComposer('Hello?');
    const views = await waitForPanes(
      page,
      (v) => v.length === 4 && v.every((p) => p.busy === 'false' && p.status !== 'idle'),
    );
    expect(views.map((p) => p.status)).toEqual(['failed', 'failed', 'failed', 'failed']);
    expect(views[0]!.error).toMatch(/Check the openai API key in your key store/);
    expect(views[0]!.error).toContain('<img src=x onerror="window.__xss()">');
    expect(
      await page.evaluate(() => document.querySelector('trialogue-chat')!.shadowRoot!.querySelector('img')),
    ).toBe(null);
    expect(views[1]!.error).toMatch(/groq asks to wait 120 s/);
    expect(views[2]!.error).toMatch(/anthropic is overloaded right now/);
    expect(views[3]!.error).toMatch(/connection broke off/i);
    expect(views[3]!.answers[0]!.text.startsWith('Gemini starts')).toBe(true);
    const regions = await liveRegions(page);
    expect(regions.assertive).toMatch(/failed/);

    // Each has its own retry; the 401 pane answers once the key problem is gone.
    servers.openai!.enqueue({ text: 'Now it works.' });
    await page.locator('trialogue-chat [data-pane="p1"] button.retry-inline').click();
    const after = await waitForPanes(page, (v) => v[0]!.status === 'done');
    expect(after[0]!.answers).toEqual([{ text: 'Now it works.', status: 'done' }]);
    expect(after.slice(1).map((p) => p.status)).toEqual(['failed', 'failed', 'failed']);
    const events = await recordedEvents(page);
    expect(
      events
        .filter((e) => e.type === 'trialogue-error')
        .map((e) => e.detail.error?.kind)
        .sort(),
    ).toEqual(['auth', 'network', 'overloaded', 'rate-limit']);
  });

  it('the same model twice is two panes; keyboard only: Enter sends, Shift+Enter adds a line, Esc stops', async () => {
    await open({ models: 'openai:gpt-4.1-mini openai:gpt-4.1-mini' });
    const labels = (await panes(page)).map((p) => p.label);
    expect(labels).toEqual(['gpt-4.1-mini openai', 'gpt-4.1-mini #2 openai']);
    servers.openai!.enqueue({ text: LONG, tokenDelayMs: 50 }, { text: LONG, tokenDelayMs: 50 });
    const box = page.locator('trialogue-chat textarea');
    await box.focus();
    await page.keyboard.type('line one');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('line two');
    expect(await box.inputValue()).toBe('line one\nline two');
    await page.keyboard.press('Enter');
    await waitForPanes(page, (v) => v.every((p) => p.answers[0]?.text.length));
    await page.keyboard.press('Escape');
    const stopped = await waitForPanes(page, (v) => v.every((p) => p.busy === 'false'));
    expect(stopped.map((p) => p.status)).toEqual(['stopped', 'stopped']);
    const sent = servers
      .openai!.requests.filter((r) => r.route === 'generate')
      .map((r) => (r.body as { messages: unknown }).messages);
    expect(sent[0]).toEqual([{ role: 'user', content: 'line one\nline two' }]);
    // Tab reaches the pane buttons with a visible focus ring.
    await page.locator('trialogue-chat [data-pane="p1"] button.retry').focus();
    const outline = await page.evaluate(() => {
      const button = document.querySelector('trialogue-chat')!.shadowRoot!.activeElement as HTMLElement;
      return getComputedStyle(button).outlineStyle;
    });
    expect(outline).toBe('solid');
  });

  it('exports JSON and Markdown without a key, and imports the JSON back into the same panes', async () => {
    await open();
    servers.openai!.enqueue({ text: 'Rayleigh scattering.' });
    servers.anthropic!.enqueue({ text: 'Short wavelengths scatter.' });
    servers.google!.enqueue({ text: 'Blue scatters most.' });
    await sendFromComposer('Why is the sky blue?');
    await waitForPanes(page, (v) => v.every((p) => p.status === 'done'));
    const [json, markdown] = await page.evaluate(() => {
      const chat = document.querySelector('trialogue-chat') as TrialogueChat;
      return [chat.exportTranscript('json'), chat.exportTranscript('markdown')];
    });
    for (const key of Object.values(CANARY)) {
      expect(json).not.toContain(key);
      expect(markdown).not.toContain(key);
    }
    expect(markdown).toContain('Rayleigh scattering.');
    const transcript = JSON.parse(json);
    expect(transcript.participants.map((p: { modelId: string }) => p.modelId)).toEqual([
      'gpt-4.1-mini',
      'claude-haiku-4-5',
      'gemini-2.5-flash',
    ]);
    // Import through the file input, as a user would.
    await page.evaluate(() => (document.querySelector('trialogue-chat') as TrialogueChat).controller.clear());
    await page.locator('trialogue-chat input#import').setInputFiles({
      name: 'chat.json',
      mimeType: 'application/json',
      buffer: Buffer.from(json),
    });
    const views = await waitForPanes(page, (v) => v.length === 3 && v.every((p) => p.answers.length === 1));
    expect(views.map((p) => p.answers[0]!.text)).toEqual([
      'Rayleigh scattering.',
      'Short wavelengths scatter.',
      'Blue scatters most.',
    ]);
    // A broken file says what is wrong and changes nothing.
    await page.locator('trialogue-chat input#import').setInputFiles({
      name: 'bad.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"format":"something else"}'),
    });
    await expect
      .poll(() => page.locator('trialogue-chat .problem').textContent())
      .toMatch(/not a Trialogue transcript/);
    expect((await panes(page)).length).toBe(3);
    const exportEvents = (await recordedEvents(page)).filter((e) => e.type === 'trialogue-export');
    expect(exportEvents.map((e) => e.detail.format)).toEqual(['json', 'markdown']);
  });

  it('switches a model, removes a pane, copies an answer, and focuses one pane full width', async () => {
    await open();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.evaluate(() => {
      (document.querySelector('trialogue-chat') as TrialogueChat).choices = ['groq:llama-3.3-70b-versatile'];
    });
    servers.openai!.enqueue({ text: 'GPT first.' });
    servers.anthropic!.enqueue({ text: 'Claude first.', tokenDelayMs: 200 });
    servers.google!.enqueue({ text: 'Gemini first.' });
    await sendFromComposer('Hello');
    await waitForPanes(page, (v) => v[0]!.status === 'done' && v[1]!.answers[0]!.text.length > 0);

    // Remove the pane still answering: its stream stops, the others stay.
    await page.locator('trialogue-chat [data-pane="p2"] button.remove').click();
    await servers.anthropic!.waitForClose();
    const two = await waitForPanes(page, (v) => v.length === 2 && v.every((p) => p.status === 'done'));
    expect(two.map((p) => p.id)).toEqual(['p1', 'p3']);

    // Copy the first answer.
    await page.locator('trialogue-chat [data-pane="p1"] button.copy').click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('GPT first.');

    // Switch p1 to Groq: the thread continues with the new model.
    await page
      .locator('trialogue-chat [data-pane="p1"] select.switch')
      .selectOption('groq:llama-3.3-70b-versatile');
    servers.groq!.enqueue({ text: 'Llama continues.' });
    servers.google!.enqueue({ text: 'Gemini again.' });
    await sendFromComposer('Go on');
    const switched = await waitForPanes(page, (v) =>
      v.every((p) => p.answers.length === 2 && p.status === 'done'),
    );
    expect(switched[0]!.label).toBe('llama-3.3-70b-versatile groq');
    expect(switched[0]!.answers.map((a) => a.text)).toEqual(['GPT first.', 'Llama continues.']);
    const groqBody = servers.groq!.requests.at(-1)!.body as { messages: { role: string; content: string }[] };
    expect(groqBody.messages.map((m) => m.content)).toEqual(['Hello', 'GPT first.', 'Go on']);

    // Focus one pane: only it is shown; "Show all" brings the others back.
    await page.locator('trialogue-chat [data-pane="p3"] button.focus').click();
    expect((await panes(page)).map((p) => p.id)).toEqual(['p3']);
    await page.locator('trialogue-chat [data-pane="p3"] button.focus').click();
    expect((await panes(page)).map((p) => p.id)).toEqual(['p1', 'p3']);
  });

  it('with history-key, a reload keeps the conversation (an answer cut by the reload shows as stopped), never a key', async () => {
    await open();
    await page.evaluate(() => document.querySelector('trialogue-chat')!.setAttribute('history-key', 'test'));
    servers.openai!.enqueue({ text: 'Kept after reload.' });
    servers.anthropic!.enqueue({ text: 'Also kept.' });
    servers.google!.enqueue({ text: `Still streaming ${LONG}`, tokenDelayMs: 200 });
    await sendFromComposer('Remember this');
    await waitForPanes(
      page,
      (v) => v[0]!.status === 'done' && v[1]!.status === 'done' && v[2]!.answers[0]!.text.length > 0,
    );
    await page.waitForTimeout(1200); // the save runs at most once a second
    await page.reload();
    await page.waitForFunction(() => (window as unknown as { __ready?: boolean }).__ready === true);
    await page.evaluate(() => document.querySelector('trialogue-chat')!.setAttribute('history-key', 'test'));
    const restored = await waitForPanes(
      page,
      (v) => v.length === 3 && v.every((p) => p.answers.length === 1),
    );
    expect(restored.map((p) => p.status)).toEqual(['done', 'done', 'stopped']);
    expect(restored[0]!.answers[0]!.text).toBe('Kept after reload.');
    expect(restored[2]!.answers[0]!.text).toMatch(/^Still streaming/);
    const stored = await page.evaluate(() => localStorage.getItem('trialogue-chat:test') ?? '');
    expect(stored).toContain('Remember this');
    await page.evaluate(
      ([keys]) => (window as unknown as { configure(keys: object): void }).configure(keys),
      [CANARY] as const,
    );
  });

  it('tabs layout: one pane at a time, arrow keys move between tabs, no axe violations', async () => {
    await open();
    await page.locator('trialogue-chat select').first().selectOption('tabs');
    expect((await panes(page)).map((p) => p.id)).toEqual(['p1']);
    await page.locator('trialogue-chat [role="tab"][aria-selected="true"]').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await panes(page)).map((p) => p.id)).toEqual(['p2']);
    const focused = await page.evaluate(
      () => document.querySelector('trialogue-chat')!.shadowRoot!.activeElement?.textContent?.trim() ?? '',
    );
    expect(focused).toBe('claude-haiku-4-5');
    await page.keyboard.press('End');
    await expect.poll(async () => (await panes(page)).map((p) => p.id)).toEqual(['p3']);
    expect(await page.locator('trialogue-chat [role="tabpanel"]').getAttribute('aria-labelledby')).toBe(
      'tab-p3',
    );
    expect(await axeViolations(page)).toEqual([]);
  });

  it('refuses a seventh model and an empty message with a readable problem, before any call', async () => {
    await open({
      models: Array.from({ length: 7 }, () => 'openai:gpt-4.1-mini').join(' '),
    });
    await expect
      .poll(() => page.locator('trialogue-chat .problem').textContent())
      .toMatch(/at most 6 models/);
    await page.evaluate(() => {
      (document.querySelector('trialogue-chat') as TrialogueChat).models = ['openai:gpt-4.1-mini'];
    });
    await sendFromComposer('   ');
    await expect
      .poll(() => page.locator('trialogue-chat .problem').textContent())
      .toMatch(/message is empty/);
    expect(servers.openai!.requests).toHaveLength(0);
  });

  it('every string comes from the replaceable message map', async () => {
    await open();
    // A string, so the test runner leaves the page's own dynamic import alone.
    await page.evaluate(
      "import('/dist/trialogue.js').then((m) => m.setMessages({ chat: { send: 'Senden', stopAll: 'Alle stoppen' } }))",
    );
    await expect.poll(() => page.locator('trialogue-chat button.send').textContent()).toMatch(/Senden/);
    expect(await page.locator('trialogue-chat button.stop-all').textContent()).toMatch(/Alle stoppen/);
  });

  it('is themed from outside: CSS custom properties and ::part', async () => {
    await open();
    await page.addStyleTag({
      content: `trialogue-chat { --trialogue-color-accent: rgb(10, 120, 30); }
        trialogue-chat::part(pane) { border-color: rgb(200, 0, 0); }
        trialogue-chat::part(composer) { gap: 21px; }`,
    });
    const styles = await page.evaluate(() => {
      const root = document.querySelector('trialogue-chat')!.shadowRoot!;
      return {
        send: getComputedStyle(root.querySelector('button.send')!).backgroundColor,
        pane: getComputedStyle(root.querySelector('.pane')!).borderTopColor,
        composer: getComputedStyle(root.querySelector('.composer')!).rowGap,
      };
    });
    expect(styles).toEqual({ send: 'rgb(10, 120, 30)', pane: 'rgb(200, 0, 0)', composer: '21px' });
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`has no axe violations (${theme}) and is screenshotted at desktop and phone width`, async () => {
      for (const [device, viewport] of [
        ['desktop', { width: 1280, height: 800 }],
        ['phone', { width: 390, height: 844 }],
      ] as const) {
        await open({
          theme,
          viewport,
          models: 'openai:gpt-4.1-mini anthropic:claude-haiku-4-5 google:gemini-2.5-flash',
        });
        servers.openai!.enqueue({
          text: 'Sunlight scatters off air molecules; **blue** light scatters most.',
        });
        servers.anthropic!.enqueue(fakeError('anthropic', 'auth'));
        servers.google!.enqueue({ text: `Gemini: ${LONG}`, tokenDelayMs: 400 });
        await sendFromComposer('Why is the sky blue?');
        await waitForPanes(
          page,
          (v) => v[0]!.status === 'done' && v[1]!.status === 'failed' && v[2]!.answers[0]!.text.length > 0,
        );
        const violations = await axeViolations(page);
        expect(violations).toEqual([]);
        // Side by side on a desktop, one under the other on a phone.
        const lefts = await page
          .locator('trialogue-chat .pane')
          .evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().left)));
        expect(new Set(lefts).size).toBe(device === 'desktop' ? 3 : 1);
        await screenshot(page, `chat-${theme}-${device}`);
        await page.evaluate(() => (document.querySelector('trialogue-chat') as TrialogueChat).stopAll());
        if (device === 'desktop') {
          await page.context().close();
          for (const server of Object.values(servers)) server.reset();
        }
      }
    });
  }
});
