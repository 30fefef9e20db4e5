import { expect, it, vi } from 'vitest';

// Every call into zod, counted. Schemas are built on first use, so importing core must make none:
// that is what lets a bundle of only errors, key stores or fan-out leave zod out (a schema built
// at import time is a module-level call a bundler has to keep).
const zodCalls: string[] = [];
vi.mock('zod/mini', async (importOriginal) => {
  const real = await importOriginal<Record<string, unknown>>();
  const counted: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(real)) {
    counted[name] =
      typeof value === 'function' && !/^[A-Z]/.test(name)
        ? (...args: unknown[]) => {
            zodCalls.push(name);
            return (value as (...a: unknown[]) => unknown)(...args);
          }
        : value;
  }
  return counted;
});

it('importing @trialogue/core builds no zod schema, and checking requests or transcripts never does', async () => {
  const core = await import('@trialogue/core');
  expect(zodCalls).toEqual([]);
  // Requests are checked by hand (the streaming path of every browser bundle carries no zod).
  expect(() => core.validateRequest({ messages: [] })).toThrow(/at least one message/);
  expect(zodCalls).toEqual([]);
  // Transcripts too (a chat element imports and exports them).
  expect(() => core.parseTranscript('{"format":"trialogue.transcript","version":1}')).toThrow(/"id"/);
  const transcript = core.createTranscript({ id: 't' });
  expect(core.parseTranscript(core.serializeTranscript(transcript))).toMatchObject({ id: 't' });
  expect(zodCalls).toEqual([]);
  // The contracts themselves are zod.
  core.chatRequestSchema();
  expect(zodCalls.length).toBeGreaterThan(0);
  const afterRequest = zodCalls.length;
  core.transcriptSchema();
  expect(zodCalls.length).toBeGreaterThan(afterRequest);
});
