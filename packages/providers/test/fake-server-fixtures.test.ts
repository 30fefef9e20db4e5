/**
 * Every recorded stream, served over a real socket by the fake server, read by its real provider:
 * the answer equals the recorded text, and the recorded error stays an error.
 */
import { readdirSync } from 'node:fs';
import {
  type FakeProviderServer,
  type FakeWire,
  startFakeProviderServer,
} from '@trialogue/providers/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixtureLines, fixturesDir, type Json } from './support/server-helpers.js';
import { byWire, eventsOf, quickRequest, terminal } from './support/server-providers.js';

let server: FakeProviderServer;
beforeAll(async () => {
  server = await startFakeProviderServer({ fixturesDir });
});
afterAll(() => server.close());

const wireOfFolder: Record<string, FakeWire> = {
  'openai-chat': 'openai',
  groq: 'groq',
  'openai-compatible': 'openai-compatible',
  'openai-responses': 'openai-responses',
  anthropic: 'anthropic',
  google: 'google',
};

/**
 * The answer text a recording carries, read straight from its payloads. Separate Responses output
 * messages (a commentary phase, then the final answer) are joined by a blank line, as the provider does.
 */
function recordedText(folder: string, lines: string[]): string {
  let text = '';
  let item: string | undefined;
  for (const line of lines) {
    const p: Json = JSON.parse(line);
    if (folder === 'anthropic') text += p.delta?.type === 'text_delta' ? p.delta.text : '';
    else if (folder === 'openai-responses') {
      if (p.type !== 'response.output_text.delta') continue;
      if (item !== undefined && p.item_id !== item) text += '\n\n';
      item = p.item_id;
      text += p.delta;
    } else if (folder === 'google') {
      for (const part of p.candidates?.[0]?.content?.parts ?? []) if (!part.thought) text += part.text ?? '';
    } else text += p.choices?.[0]?.delta?.content ?? '';
  }
  return text;
}

const recordings = Object.keys(wireOfFolder).flatMap((folder) =>
  readdirSync(`${fixturesDir}${folder}`)
    .filter((file) => file.endsWith('.chunks.txt'))
    .map((file) => `${folder}/${file.replace(/\.chunks\.txt$/, '')}`),
);

it('finds the recordings', () => {
  expect(recordings.length).toBeGreaterThanOrEqual(15);
});

it.each(recordings)('%s: served over HTTP, read by its provider', async (fixture) => {
  const folder = fixture.split('/')[0]!;
  const wire = wireOfFolder[folder]!;
  server.enqueue({ fixture });
  const end = terminal(
    await eventsOf(byWire(wire).model(server, 'sk-test-0123456789abcdef').stream(quickRequest())),
  );
  const expected = recordedText(folder, fixtureLines(fixture));
  if (fixture === 'openai-responses/openai-error.1') {
    expect(end.type === 'error' && end.error.kind).toBe('quota');
    return;
  }
  // Multi-step recordings (tool calls) hold several answers; the provider reads the first to its end.
  if (fixture === 'openai-responses/openai-reasoning-encrypted-content.1') {
    expect(expected.startsWith(end.text)).toBe(true);
    return;
  }
  expect(end.type).toBe('finish');
  expect(end.text).toBe(expected);
});
