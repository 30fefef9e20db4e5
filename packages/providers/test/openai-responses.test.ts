import { describe, expect, it } from 'vitest';
import { openai } from '../src/openai/index.js';
import {
  CANARY,
  collect,
  fixtureLines,
  frame,
  hello,
  replayFetch,
  terminal,
} from './support/replay-fixtures.js';

const responses = (fetch: typeof globalThis.fetch) =>
  openai({ apiKey: CANARY, fetch }).responses('gpt-5-nano');
const event = (value: object) => JSON.stringify(value);

describe('OpenAI Responses streams', () => {
  it('the recorded insufficient_quota error event after HTTP 200 is quota, and is not retried', async () => {
    const fetch = replayFetch({
      body: frame('openai-responses', fixtureLines('openai-responses', 'openai-error.1')),
    });
    const events = await collect(
      responses(fetch).stream({ ...hello, retry: { maxRetries: 3, initialDelayMs: 1 } }),
    );
    const end = terminal(events);
    expect(end).toMatchObject({
      type: 'error',
      text: '',
      error: {
        kind: 'quota',
        retryable: false,
        phase: 'stream',
        providerCode: 'insufficient_quota',
        provider: 'openai',
      },
    });
    expect(end.type === 'error' && end.error.message).toContain('You exceeded your current quota');
    expect(events.some((e) => e.type === 'retry')).toBe(false);
    expect(fetch.requests).toHaveLength(1);
  });

  it('a server_error event before any token is retried, and the retry is visible', async () => {
    const failing = frame('openai-responses', [
      event({ type: 'response.created', response: { status: 'in_progress' } }),
      event({
        type: 'error',
        code: 'server_error',
        message: 'The server had an error processing your request.',
      }),
    ]);
    const ok = frame('openai-responses', [
      event({ type: 'response.output_text.delta', item_id: 'msg_1', content_index: 0, delta: 'Fine.' }),
      event({
        type: 'response.completed',
        response: { status: 'completed', usage: { input_tokens: 3, output_tokens: 2 } },
      }),
    ]);
    const fetch = replayFetch({ body: failing }, { body: ok });
    const events = await collect(
      responses(fetch).stream({ ...hello, retry: { maxRetries: 1, initialDelayMs: 1, maxDelayMs: 1 } }),
    );
    expect(events.find((e) => e.type === 'retry')).toMatchObject({
      attempt: 2,
      error: { kind: 'provider', retryable: true },
    });
    expect(terminal(events)).toMatchObject({ type: 'finish', text: 'Fine.', reason: 'stop' });
    expect(fetch.requests).toHaveLength(2);
  });

  it('response.incomplete for max_output_tokens finishes as length', async () => {
    const body = frame('openai-responses', [
      event({ type: 'response.output_text.delta', item_id: 'm', content_index: 0, delta: 'Once upon' }),
      event({
        type: 'response.incomplete',
        response: {
          status: 'incomplete',
          incomplete_details: { reason: 'max_output_tokens' },
          usage: { input_tokens: 5, output_tokens: 16 },
        },
      }),
    ]);
    const end = terminal(await collect(responses(replayFetch({ body })).stream(hello)));
    expect(end).toMatchObject({
      type: 'finish',
      reason: 'length',
      providerReason: 'max_output_tokens',
      text: 'Once upon',
    });
  });

  it('reasoning summaries stream as reasoning-delta, and are dropped when reasoning text is not wanted', async () => {
    const lines = fixtureLines('openai-responses', 'openai-reasoning-encrypted-content.1');
    const first = lines.slice(
      0,
      lines.findIndex((line, i) => i > 0 && line.includes('"type":"response.created"')),
    );
    const summary = first
      .map((line) => JSON.parse(line) as { type: string; delta?: string })
      .filter((e) => e.type === 'response.reasoning_summary_text.delta')
      .map((e) => e.delta)
      .join('');
    expect(summary.startsWith('**Calculating step-by-step using calculator**')).toBe(true);
    const shown = await collect(
      responses(replayFetch({ body: frame('openai-responses', first) })).stream(hello),
    );
    expect(
      shown
        .filter((e) => e.type === 'reasoning-delta')
        .map((e) => (e as { text: string }).text)
        .join(''),
    ).toBe(summary);
    const hidden = await collect(
      responses(replayFetch({ body: frame('openai-responses', first) })).stream({
        ...hello,
        reasoning: { effort: 'low', includeText: false },
      }),
    );
    expect(hidden.some((e) => e.type === 'reasoning-delta')).toBe(false);
  });

  it('a new item or content index opens a part after a blank line; reasoning parts are counted apart', async () => {
    const text = (item_id: string, content_index: number, delta: string) =>
      event({ type: 'response.output_text.delta', item_id, content_index, delta });
    const summary = (summary_index: number, delta: string) =>
      event({ type: 'response.reasoning_summary_text.delta', item_id: 'rs', summary_index, delta });
    const body = frame('openai-responses', [
      summary(0, 'x'),
      summary(0, 'y'),
      text('m1', 0, 'a'),
      summary(1, 'z'),
      text('m1', 0, 'b'),
      text('m1', 1, 'c'),
      text('m2', 1, 'd'),
      text('m2', 1, 'e'),
      event({ type: 'response.completed', response: { status: 'completed' } }),
    ]);
    const events = await collect(responses(replayFetch({ body })).stream(hello));
    const joined = (type: string) =>
      events
        .filter((e) => e.type === type)
        .map((e) => (e as { text: string }).text)
        .join('');
    expect(joined('text-delta')).toBe('ab\n\nc\n\nde');
    expect(joined('reasoning-delta')).toBe('xy\n\nz');
    expect(terminal(events)).toMatchObject({ type: 'finish', text: 'ab\n\nc\n\nde', reason: 'stop' });
  });

  it('a refusal streams as text and finishes as refusal', async () => {
    const body = frame('openai-responses', [
      event({
        type: 'response.refusal.delta',
        item_id: 'm',
        content_index: 0,
        delta: "I can't help with that.",
      }),
      event({ type: 'response.completed', response: { status: 'completed' } }),
    ]);
    const end = terminal(await collect(responses(replayFetch({ body })).stream(hello)));
    expect(end).toMatchObject({ type: 'finish', reason: 'refusal', text: "I can't help with that." });
  });
});
