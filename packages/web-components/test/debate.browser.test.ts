import { serializeTranscript } from '@trialogue/core';
import { scriptedModel } from '@trialogue/core/testing';
import { estimateDebate, runDebate } from '@trialogue/debate';
import { catalogue } from '@trialogue/providers';
import type { FakeScript } from '@trialogue/providers/testing';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { canary, elementTestBed, pageSecrets } from './key-manager-support.js';
import { axeViolations, hasChromium, screenshot } from './support/browser.js';

const answer = (n: string, note = 'I multiplied 17 by 23 step by step.'): FakeScript => ({
  text: `${note}\n\n**Check:** 17 × 20 = 340, 17 × 3 = 51.\n\nFinal answer: ${n}\nConfidence: 0.9`,
});

type Recorded = { type: string; detail: Record<string, unknown> & { event?: { type: string } } };

describe.skipIf(!hasChromium)('<trialogue-debate> in Chromium', () => {
  const bed = elementTestBed();
  let savedJson = '';

  async function open(query = '', viewport = { width: 1280, height: 900 }) {
    const opened = await bed.open('debate', query, viewport);
    await opened.page.locator('trialogue-debate #question').waitFor();
    return opened;
  }

  const events = (page: Page) =>
    page.evaluate(() => (window as unknown as { __events: Recorded[] }).__events);
  const stopReason = (page: Page, index = 0) =>
    page.locator('trialogue-debate .stop-reason').nth(index).getAttribute('data-stop-reason');

  async function runRoundtable(page: Page, question = 'What is 17 * 23?') {
    await page.fill('trialogue-debate #question', question);
    await expect
      .poll(() => page.locator('trialogue-debate #estimate').textContent())
      .toContain('Up to 9 model calls');
    await page.click('trialogue-debate button[type="submit"]');
    await page.locator('trialogue-debate .stop-reason').first().waitFor({ timeout: 30_000 });
  }

  it('shows the pre-flight estimate before start and refuses a set-up the format cannot run', async () => {
    const { page, context } = await open();
    const estimate = page.locator('trialogue-debate #estimate');
    await expect
      .poll(() => estimate.textContent())
      .toMatch(/Up to 9 model calls, about [\d,]+ input and 4,500 output tokens, at most about \$0\.\d+\./);
    expect(await page.locator('trialogue-debate button[type="submit"]').isDisabled()).toBe(true); // no question yet

    await page.selectOption('trialogue-debate #format', 'adversarial');
    await page.fill('trialogue-debate #question', 'Is a hot dog a sandwich?');
    // Adversarial needs a judge: the start button waits for one.
    expect(await page.locator('trialogue-debate button[type="submit"]').isDisabled()).toBe(true);
    await page.selectOption('trialogue-debate #role', 'anthropic:claude-haiku-4-5');
    await expect.poll(() => page.locator('trialogue-debate button[type="submit"]').isDisabled()).toBe(false);
    await page.fill('trialogue-debate #count', '2');
    await page.locator('trialogue-debate #count').press('Tab');
    // The same number estimateDebate gives for that set-up.
    const named = (ref: string) => {
      const [provider = '', modelId = ''] = ref.split(':');
      return scriptedModel({ provider, modelId, reply: '' });
    };
    const expected = estimateDebate({
      question: 'Is a hot dog a sandwich?',
      format: 'adversarial',
      formatOptions: { rounds: 2 },
      participants: ['openai:gpt-4.1-mini', 'anthropic:claude-haiku-4-5', 'groq:llama-3.3-70b-versatile'].map(
        (ref, i) => ({ id: `p${i}`, model: named(ref) }),
      ),
      judge: { id: 'judge', model: named('anthropic:claude-haiku-4-5') },
      catalogue,
    });
    await expect.poll(() => estimate.textContent()).toContain(`Up to ${expected.calls} model calls`);
    expect(await estimate.textContent()).toContain(
      `${expected.outputTokens.toLocaleString('en-US')} output tokens`,
    );

    // Vote over one model is fine; unchecking every participant is not.
    await page.selectOption('trialogue-debate #format', 'council');
    for (const box of await page.locator('trialogue-debate fieldset input[type="checkbox"]').all())
      await box.uncheck();
    await expect.poll(() => estimate.textContent()).toContain('Cannot start yet');
    expect(bed.fake.requests.filter((r) => r.route === 'generate')).toEqual([]);
    await context.close();
  });

  it('runs a roundtable to its outcome: rounds as sections, turns as cards, votes, consensus, the stop reason', async () => {
    bed.fake.reset();
    bed.fake.enqueue(...Array.from({ length: 9 }, () => answer('391')));
    const { page, guard, errors, context } = await open();
    // Record every text the polite live region takes during the run.
    await page.evaluate(() => {
      const region = document.querySelector('trialogue-debate')?.shadowRoot?.querySelector('[role="status"]');
      const said: string[] = [];
      (window as unknown as { __said: string[] }).__said = said;
      new MutationObserver(() => said.push(region?.textContent ?? '')).observe(region!, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    await runRoundtable(page);

    // Every consensus answer is the same: the roundtable ends on consensus.
    expect(await stopReason(page)).toBe('consensus');
    // The focus moved to the outcome (the Stop button it was on is gone).
    await expect
      .poll(() =>
        page.evaluate(
          () => document.querySelector('trialogue-debate')?.shadowRoot?.activeElement?.textContent,
        ),
      )
      .toBe('Outcome');
    expect(await page.locator('trialogue-debate .final').textContent()).toContain('Answer: 391');
    const rounds = page.locator('trialogue-debate section.round');
    expect(await rounds.count()).toBe(3);
    for (let i = 0; i < 3; i++) expect(await rounds.nth(i).locator('.turn').count()).toBe(3);
    expect(await page.locator('trialogue-debate .turn .status.done').count()).toBe(9);
    expect(await page.locator('trialogue-debate table.votes tr.winner td').first().textContent()).toBe('391');
    expect(await page.locator('trialogue-debate .consensus').count()).toBeGreaterThan(0);
    // Model output is rendered by the safe markdown renderer: bold stays bold, as an element.
    const strong = await page
      .locator('trialogue-debate .turn trialogue-message')
      .first()
      .evaluate((el) => el.shadowRoot?.querySelector('strong')?.textContent);
    expect(strong).toBe('Check:');

    // Every call went to its own provider's path on the fake, with the key in its own header only.
    const generations = bed.fake.requests.filter((r) => r.route === 'generate');
    expect(generations).toHaveLength(9);
    expect(new Set(generations.map((r) => r.wire))).toEqual(new Set(['openai', 'anthropic', 'groq']));
    for (const request of generations) {
      expect(request.url).not.toContain(canary);
      expect(request.bodyText).not.toContain(canary);
    }
    expect(guard.offHost).toEqual([]);

    const recorded = await events(page);
    expect(recorded[0]?.type).toBe('trialogue-debate-start');
    expect(recorded.at(-1)?.type).toBe('trialogue-debate-end');
    expect(recorded.at(-1)?.detail).toMatchObject({ stopReason: 'consensus', outcome: { answer: '391' } });
    const kinds = new Set(recorded.map((e) => e.detail.event?.type).filter(Boolean));
    for (const kind of [
      'run-start',
      'round-start',
      'turn-start',
      'turn-delta',
      'turn-end',
      'vote',
      'consensus-check',
      'run-end',
    ])
      expect(kinds).toContain(kind);
    expect(JSON.stringify(recorded)).not.toContain(canary);

    const announced = await page.locator('trialogue-debate [role="status"]').textContent();
    expect(announced).toContain('Debate ended');
    // Starts and finishes are announced, never the streamed text.
    const said = await page.evaluate(() => (window as unknown as { __said: string[] }).__said);
    expect(said.length).toBeGreaterThan(0);
    expect(said.length).toBeLessThanOrEqual(2 * 9 + 2);
    // The three parallel starts of round 1 are all said, not overwritten by one another.
    const round1 = said.join('\n');
    for (const name of ['GPT-4.1 mini', 'Claude Haiku 4.5', 'Llama 3.3 70B'])
      expect(round1).toContain(`${name} started round 1.`);
    expect(said.join('\n')).not.toMatch(/multiplied|Check:|Final answer/);

    // Export: the project's JSON transcript and Markdown, neither holding the key.
    await page.click('trialogue-debate button:has-text("Export JSON")');
    await page.click('trialogue-debate button:has-text("Export Markdown")');
    const exports = await page.evaluate(
      () =>
        (window as unknown as { __exports: { format: string; content: string; filename: string }[] })
          .__exports,
    );
    expect(exports.map((e) => e.format)).toEqual(['json', 'markdown']);
    const transcript = JSON.parse(exports[0]!.content);
    expect(transcript).toMatchObject({
      format: 'trialogue.transcript',
      kind: 'debate',
      mode: 'roundtable',
      outcome: { answer: '391' },
    });
    expect(exports[1]!.content).toContain('391');
    expect(exports[1]!.filename).toMatch(/^debate-\d+\.md$/);
    expect(JSON.stringify(exports)).not.toContain(canary);
    savedJson = exports[0]!.content;

    const secrets = await pageSecrets(page);
    expect(secrets.dom).not.toContain(canary);
    expect(secrets.localStorage + secrets.sessionStorage + secrets.indexedDB).not.toContain(canary);

    // A follow-up to the same panel continues with the first exchange as history.
    bed.fake.enqueue(
      ...Array.from({ length: 9 }, () => ({ ...answer('782', 'Twice 391.'), tokenDelayMs: 10 })),
    );
    await page.fill('trialogue-debate #follow-up', 'And twice that?');
    await page.click('trialogue-debate button:has-text("Continue the debate")');
    // While the follow-up runs, only Stop is offered: no export of a transcript that is about to change.
    await page.locator('trialogue-debate #stop').waitFor();
    expect(await page.locator('trialogue-debate button:has-text("Export JSON")').count()).toBe(0);
    await page.locator('trialogue-debate .stop-reason').nth(1).waitFor({ timeout: 30_000 });
    expect(await page.locator('trialogue-debate .final').nth(1).textContent()).toContain('Answer: 782');
    expect(await page.locator('trialogue-debate article.exchange').count()).toBe(2);
    const followUpCall = bed.fake.requests.filter((r) => r.route === 'generate')[9]!;
    expect(followUpCall.bodyText).toContain('What is 17 * 23?');
    expect(followUpCall.bodyText).toContain('And twice that?');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps a failed participant in its card, announced assertively, while the others finish', async () => {
    bed.fake.reset();
    // The first call to arrive is refused (a 400 is not retried); every other call answers.
    bed.fake.enqueue(
      {
        status: 400,
        body: { error: { message: 'This model does not take that request.', type: 'invalid_request_error' } },
      },
      ...Array.from({ length: 6 }, () => answer('391')),
    );
    const { page, context } = await open();
    await runRoundtable(page);
    expect(await page.locator('trialogue-debate .turn.failed').count()).toBe(1);
    const failed = page.locator('trialogue-debate .turn.failed');
    expect(await failed.locator('.turn-error').textContent()).toContain('does not take that request');
    expect(await page.locator('trialogue-debate [role="alert"]').textContent()).toContain('failed');
    // The two others answered all three rounds, and decided.
    expect(await page.locator('trialogue-debate .turn .status.done').count()).toBe(6);
    expect(await page.locator('trialogue-debate .final').textContent()).toContain('Answer: 391');
    // Turn costs come from the catalogue's prices.
    expect(await page.locator('trialogue-debate .turn .facts').first().textContent()).toMatch(
      /\$0\.\d+|<\$0\.0001/,
    );
    await context.close();
  });

  it("ends on the token budget set in the form, and folds each turn's visible reasoning away", async () => {
    bed.fake.reset();
    bed.fake.enqueue(
      ...Array.from({ length: 9 }, () => ({ ...answer('391'), reasoning: 'First 17 × 20, then 17 × 3.' })),
    );
    const { page, context } = await open();
    await page.fill('trialogue-debate #question', 'What is 17 * 23?');
    await page.fill('trialogue-debate #max-tokens', '100');
    await page.locator('trialogue-debate #max-tokens').press('Tab');
    await page.click('trialogue-debate button[type="submit"]');
    await page.locator('trialogue-debate .stop-reason').waitFor({ timeout: 30_000 });
    expect(await stopReason(page)).toBe('budget');
    expect(await page.locator('trialogue-debate .stop-reason').textContent()).toContain('the budget ran out');
    expect(bed.fake.requests.filter((r) => r.route === 'generate').length).toBeLessThan(9);
    const reasoning = page.locator('trialogue-debate .turn details.reasoning').first();
    expect(await reasoning.getAttribute('open')).toBeNull();
    await reasoning.locator('summary').click();
    const text = await reasoning
      .locator('trialogue-message')
      .evaluate((n) => (n as unknown as { text: string }).text);
    expect(text).toBe('First 17 × 20, then 17 × 3.');
    await context.close();
  });

  it('lets the user speak between turns of a conversation; the next speaker hears it', async () => {
    bed.fake.reset();
    const words = Array.from({ length: 12 }, (_, i) => `point${i}`).join(' ');
    bed.fake.enqueue(...Array.from({ length: 6 }, () => ({ text: words, tokenDelayMs: 40 })));
    const { page, context } = await open();
    await page.fill('trialogue-debate #question', 'Should cities ban cars from their centres?');
    await page.selectOption('trialogue-debate #format', 'conversation');
    await page.click('trialogue-debate button[type="submit"]');
    await page.locator('trialogue-debate #interject').waitFor();
    await page.fill('trialogue-debate #interject', 'Please consider delivery vans too.');
    await page.click('trialogue-debate button:has-text("Say it")');
    await page.locator('trialogue-debate .stop-reason').waitFor({ timeout: 30_000 });
    expect(await page.locator('trialogue-debate .interjection').textContent()).toContain(
      'You: Please consider delivery vans too.',
    );
    const bodies = bed.fake.requests.filter((r) => r.route === 'generate').map((r) => r.bodyText);
    expect(bodies).toHaveLength(6);
    expect(bodies[0]).not.toContain('delivery vans');
    expect(bodies.at(-1)).toContain('delivery vans');
    await context.close();
  });

  it('refuses to start when a participant has no key, saying which, before any call', async () => {
    bed.fake.reset();
    const { page, context } = await open(
      `&models=${encodeURIComponent('openai:gpt-4.1-mini google:gemini-2.5-flash')}`,
    );
    await page.fill('trialogue-debate #question', 'What is 17 * 23?');
    await page.click('trialogue-debate button[type="submit"]');
    await expect
      .poll(() => page.locator('trialogue-debate [role="alert"]').textContent())
      .toMatch(/Could not start: No key for google/);
    expect(bed.fake.requests).toEqual([]);
    const error = (await events(page)).find((e) => e.type === 'trialogue-debate-error');
    expect(error?.detail).toMatchObject({ kind: 'auth', code: 'missing-key' });
    // The set-up stays, ready for another try once the key is added.
    expect(await page.locator('trialogue-debate #question').inputValue()).toBe('What is 17 * 23?');
    await context.close();
  });

  it('stops halfway: turns in flight keep their partial text, marked stopped, and the outcome says why', async () => {
    bed.fake.reset();
    const long = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ');
    bed.fake.enqueue(...Array.from({ length: 3 }, () => ({ text: long, tokenDelayMs: 60 })));
    const { page, context } = await open();
    await page.fill('trialogue-debate #question', 'Explain slowly.');
    await page.click('trialogue-debate button[type="submit"]');
    // Wait until every card has streamed some text, then stop from the keyboard (Esc).
    await expect
      .poll(() =>
        page
          .locator('trialogue-debate .turn trialogue-message')
          .evaluateAll(
            (nodes) => nodes.filter((n) => (n as unknown as { text: string }).text.includes('word3')).length,
          ),
      )
      .toBe(3);
    await expect
      .poll(() =>
        page.evaluate(() => document.querySelector('trialogue-debate')?.shadowRoot?.activeElement?.id),
      )
      .toBe('stop');
    await page.keyboard.press('Escape');
    await page.locator('trialogue-debate .stop-reason').waitFor();
    expect(await stopReason(page)).toBe('aborted');
    expect(await page.locator('trialogue-debate .turn.stopped').count()).toBe(3);
    const partial = await page
      .locator('trialogue-debate .turn trialogue-message')
      .first()
      .evaluate((n) => (n as unknown as { text: string }).text);
    expect(partial).toContain('word3');
    expect(partial).not.toContain('word79');
    // Only round 1 ran: nothing was sent after the stop.
    const generations = bed.fake.requests.flatMap((r, index) => (r.route === 'generate' ? [index] : []));
    expect(generations).toHaveLength(3);
    // The stop aborted the fetches: each streaming connection was closed.
    for (const index of generations) await bed.fake.waitForClose({ index, timeoutMs: 5000 });
    const recorded = await events(page);
    expect(recorded.map((e) => e.type)).toContain('trialogue-debate-stop');
    // A stop the user asked for is not an error: nothing was announced assertively.
    expect(await page.locator('trialogue-debate [role="alert"]').textContent()).toBe('');
    await context.close();
  });

  it('opens a saved transcript, replays it with no model called, and continues it with a follow-up', async () => {
    expect(savedJson).not.toBe('');
    bed.fake.reset();
    const { page, guard, context } = await open();
    await page.setInputFiles('trialogue-debate #open', {
      name: 'debate.json',
      mimeType: 'application/json',
      buffer: Buffer.from(savedJson),
    });
    await page.locator('trialogue-debate .stop-reason').waitFor({ timeout: 30_000 });
    expect(await stopReason(page)).toBe('consensus');
    expect(await page.locator('trialogue-debate .final').textContent()).toContain('Answer: 391');
    expect(await page.locator('trialogue-debate section.round').count()).toBe(3);
    expect(await page.locator('trialogue-debate .exchange').textContent()).toContain('no model is called');
    expect(bed.fake.requests).toEqual([]);
    expect(guard.offHost).toEqual([]);
    const start = (await events(page)).find((e) => e.type === 'trialogue-debate-start');
    expect(start?.detail).toMatchObject({ replay: true, question: 'What is 17 * 23?' });

    // The page's registry resolves every participant: the replayed debate can be continued, with the
    // saved exchange as history, by the same panel under the same ids.
    bed.fake.enqueue(
      ...Array.from({ length: 9 }, () => ({ ...answer('782', 'Twice 391.'), tokenDelayMs: 5 })),
    );
    await page.fill('trialogue-debate #follow-up', 'And twice that?');
    await page.click('trialogue-debate button:has-text("Continue the debate")');
    await page.locator('trialogue-debate .stop-reason').nth(1).waitFor({ timeout: 30_000 });
    expect(await page.locator('trialogue-debate .final').nth(1).textContent()).toContain('Answer: 782');
    expect(await page.locator('trialogue-debate article.exchange').count()).toBe(2);
    const calls = bed.fake.requests.filter((r) => r.route === 'generate');
    expect(calls).toHaveLength(9);
    expect(calls[0]!.bodyText).toContain('What is 17 * 23?');
    expect(calls[0]!.bodyText).toContain('And twice that?');
    const saved = JSON.parse(savedJson) as { participants: { id: string }[] };
    const ended = (await events(page)).filter((e) => e.type === 'trialogue-debate-end').at(-1);
    const transcript = ended?.detail.transcript as { participants: { id: string }[] };
    expect(transcript.participants.map((p) => p.id)).toEqual(saved.participants.map((p) => p.id));
    expect(guard.offHost).toEqual([]);

    // A file that is not a transcript is refused with an assertive message.
    await page.click('trialogue-debate button:has-text("New debate")');
    await page.setInputFiles('trialogue-debate #open', {
      name: 'x.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"hello":1}'),
    });
    await expect
      .poll(() => page.locator('trialogue-debate [role="alert"]').textContent())
      .toContain('Could not open that file');
    await context.close();
  });

  it("shows a council's rankings (each ranker's and the Borda aggregate) and its chair's answer", async () => {
    const member = (id: string, modelId: string) => ({
      id,
      model: scriptedModel({
        provider: 'openai',
        modelId,
        reply: (request) =>
          JSON.stringify(request.messages).includes('FINAL RANKING')
            ? 'B is careful, A is quick.\nFINAL RANKING: Response B, Response A'
            : 'Final answer: 391\nConfidence: 0.8',
      }),
    });
    const handle = runDebate({
      question: 'What is 17 * 23?',
      participants: [member('a', 'gpt-4.1-mini'), member('b', 'gpt-4.1-nano'), member('c', 'gpt-5-nano')],
      format: 'council',
    });
    const { transcript, outcome } = await handle.result;
    expect(outcome.decidedBy).toBeDefined();
    const { page, context } = await open();
    await page.evaluate(
      (json) => document.querySelector('trialogue-debate')?.openTranscript(json),
      serializeTranscript(transcript),
    );
    await page.locator('trialogue-debate .stop-reason').waitFor({ timeout: 30_000 });
    const figures = page.locator('trialogue-debate .rankings figure');
    expect(await figures.count()).toBe(4);
    expect(await figures.last().textContent()).toContain('Combined (Borda)');
    expect(await figures.first().locator('li').count()).toBe(2); // a ranker never ranks itself
    expect(await page.locator('trialogue-debate section.round h3').allTextContents()).toEqual([
      'Round 1 · answer',
      'Round 2 · ranking',
      'Round 3 · synthesis',
    ]);
    expect(await page.locator('trialogue-debate .final').textContent()).toContain('Answer: 391');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'debate-council-light-desktop');
    await context.close();
  });

  it("labels each adversarial argument card with its debater's assigned side", async () => {
    const debater = (id: string, first: string) => ({
      id,
      model: scriptedModel({
        provider: 'openai',
        modelId: `gpt-${id}`,
        reply: (request) => {
          const assigned = /the answer is "([^"]+)"/.exec(JSON.stringify(request.messages))?.[1];
          return assigned ? `My case.\nFinal answer: ${assigned}` : `Final answer: ${first}`;
        },
      }),
    });
    const { transcript } = await runDebate({
      question: 'What is 17 * 23?',
      participants: [debater('a', '391'), debater('b', '401')],
      judge: { id: 'judge', model: scriptedModel({ modelId: 'judge', reply: 'Final answer: 391' }) },
      format: 'adversarial',
      formatOptions: { rounds: 1 },
    }).result;
    const { page, context } = await open();
    await page.evaluate(
      (json) => document.querySelector('trialogue-debate')?.openTranscript(json),
      serializeTranscript(transcript),
    );
    await page.locator('trialogue-debate .stop-reason').waitFor({ timeout: 30_000 });
    const argued = page.locator('trialogue-debate section.round').nth(1);
    expect(await argued.locator('.turn .side').allTextContents()).toEqual([
      'Debater A: defends "391".',
      'Debater B: defends "401".',
    ]);
    // The opening answers come before any side is assigned.
    expect(await page.locator('trialogue-debate section.round').first().locator('.side').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'debate-adversarial-sides-light-desktop');
    await context.close();
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`has no axe violations and is screenshotted (${theme})`, async () => {
      for (const [name, viewport] of [
        ['desktop', { width: 1280, height: 900 }],
        ['phone', { width: 390, height: 844 }],
      ] as const) {
        const { page, context } = await open(`&theme=${theme}`, viewport);
        await page.fill('trialogue-debate #question', 'What is 17 * 23?');
        await expect
          .poll(() => page.locator('trialogue-debate #estimate').textContent())
          .toContain('Up to 9');
        expect(await axeViolations(page)).toEqual([]);
        await screenshot(page, `debate-setup-${theme}-${name}`);
        await page.evaluate(
          (json) => document.querySelector('trialogue-debate')?.openTranscript(json),
          savedJson,
        );
        await page.locator('trialogue-debate .stop-reason').waitFor({ timeout: 30_000 });
        expect(await axeViolations(page)).toEqual([]);
        await screenshot(page, `debate-outcome-${theme}-${name}`);
        await context.close();
      }
    });
  }
});
