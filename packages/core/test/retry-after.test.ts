import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  errorFromHttp,
  parseDuration,
  retryAfterFromHeaders,
  retryAfterFromRetryInfo,
  retryAfterFromText,
  retryAfterMs,
} from '@trialogue/core';
import { describe, expect, it } from 'vitest';
import { fixturesDir } from './support/fake-fetch.js';

const geminiBodyText = readFileSync(
  join(fixturesDir, 'provider-streams/google/google-429-retry-info.json'),
  'utf8',
);
const now = Date.parse('2026-01-15T12:00:00Z');

describe('retryAfterMs reads every form providers use', () => {
  it('retry-after-ms (OpenAI, Azure): milliseconds, preferred over retry-after', () => {
    expect(retryAfterFromHeaders(new Headers({ 'retry-after-ms': '1250', 'retry-after': '9' }))).toBe(1250);
    expect(retryAfterFromHeaders({ 'Retry-After-Ms': '20.5' })).toBe(21);
  });

  it('retry-after in seconds (Anthropic, Groq)', () => {
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': '7' }))).toBe(7000);
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': '0.5' }))).toBe(500);
  });

  it('retry-after as an HTTP date', () => {
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': 'Thu, 15 Jan 2026 12:00:30 GMT' }), now)).toBe(
      30_000,
    );
    // A date already past means: now.
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': 'Thu, 15 Jan 2026 11:59:00 GMT' }), now)).toBe(
      0,
    );
  });

  it('ignores absent or garbled headers', () => {
    expect(retryAfterFromHeaders(new Headers())).toBeUndefined();
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterFromHeaders(new Headers({ 'retry-after-ms': 'x', 'retry-after': '' }))).toBeUndefined();
    expect(retryAfterFromHeaders(undefined)).toBeUndefined();
  });

  it('Gemini RetryInfo.retryDelay, from the recorded 429 body', () => {
    expect(retryAfterFromRetryInfo(JSON.parse(geminiBodyText))).toBe(34_400);
    expect(
      retryAfterFromRetryInfo({
        error: { details: [{ '@type': 'type.googleapis.com/google.rpc.QuotaFailure' }] },
      }),
    ).toBeUndefined();
    expect(retryAfterFromRetryInfo(null)).toBeUndefined();
  });

  it.each([
    ['Rate limit reached for gpt-4.1 on tokens per min. Please try again in 7.5s.', 7_500],
    [
      'Rate limit reached for llama-3.3-70b-versatile on tokens per day. Please try again in 1m20.5s.',
      80_500,
    ],
    ['Rate limit reached on requests per min. Please try again in 350ms.', 350],
    ['Too many requests, retry in 350ms', 350],
    ['Please try again in 2m59.56s. Visit https://console.groq.com/docs/rate-limits', 179_560],
    ['Please retry after 20 seconds.', 20_000],
    ['try again in 1 minute', 60_000],
    ['Slow down.', undefined],
  ])('"%s" -> %s ms', (text, expected) => {
    expect(retryAfterFromText(text)).toBe(expected);
  });

  it('parseDuration accepts compound durations and refuses anything else', () => {
    expect(parseDuration('1h2m3s')).toBe(3_723_000);
    expect(parseDuration('34.4s')).toBe(34_400);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('12')).toBeUndefined();
    expect(parseDuration('soon')).toBeUndefined();
  });

  it('headers win over the body, and the body over the message text', () => {
    const body = JSON.parse(geminiBodyText);
    expect(retryAfterMs({ headers: { 'retry-after': '2' }, body, text: 'try again in 9s' })).toBe(2000);
    expect(retryAfterMs({ body, text: 'try again in 9s' })).toBe(34_400);
    expect(retryAfterMs({ text: 'try again in 9s' })).toBe(9000);
    expect(retryAfterMs({})).toBeUndefined();
  });

  it('errorFromHttp puts each form on the error', () => {
    const failure = (headers: Record<string, string>, bodyText: string) => {
      let body: unknown;
      try {
        body = JSON.parse(bodyText);
      } catch {}
      return errorFromHttp({ provider: 'p', status: 429, headers: new Headers(headers), bodyText, body });
    };
    expect(failure({ 'retry-after-ms': '1500' }, '{}').retryAfterMs).toBe(1500);
    expect(failure({ 'retry-after': '4' }, '{}').retryAfterMs).toBe(4000);
    const inTwoMinutes = new Date(Date.now() + 120_000).toUTCString();
    expect(failure({ 'retry-after': inTwoMinutes }, '{}').retryAfterMs).toBeGreaterThan(115_000);
    expect(failure({}, geminiBodyText).retryAfterMs).toBe(34_400);
    expect(
      failure({}, '{"error":{"message":"Please try again in 1m20.5s.","code":"rate_limit_exceeded"}}')
        .retryAfterMs,
    ).toBe(80_500);
    expect(failure({}, 'Too many requests. Please try again in 7.5s').retryAfterMs).toBe(7_500);
  });
});
