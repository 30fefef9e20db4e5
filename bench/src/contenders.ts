/**
 * The clients the benchmark runs side by side. Each one streams one answer from the loopback server
 * and returns the number of text characters it received (raw fetch: bytes), calling `onFirst` once
 * when the first token (raw fetch: the first body chunk) is in the caller's hands.
 */
import { createParser } from 'eventsource-parser';
import type { Wire } from './wires.js';

/** Where the loopback server listens; the per-wire prefixes follow `startFakeProviderServer`'s `baseURL()`. */
export function baseURL(url: string, wire: Wire): string {
  switch (wire) {
    case 'anthropic':
      return `${url}/anthropic/v1`;
    case 'google':
      return `${url}/google/v1beta`;
    case 'groq':
      return `${url}/groq/openai/v1`;
    case 'openai-compatible':
      return `${url}/openai-compatible/v1`;
    default:
      return `${url}/openai/v1`;
  }
}

export const MODEL: Record<Wire, string> = {
  openai: 'gpt-4.1-nano',
  'openai-responses': 'gpt-5-mini',
  anthropic: 'claude-sonnet-5-5',
  google: 'gemini-2.5-flash',
  groq: 'llama-3.3-70b-versatile',
  'openai-compatible': 'deepseek-chat',
};

const KEY = 'sk-bench-0123456789abcdef0123456789abcdef';
const PROMPT = 'Write a long story.';

export type Run = (url: string, onFirst: () => void) => Promise<number>;

/**
 * Builds a client once per server URL, as an app builds its clients once: client construction and
 * module loading stay out of the timed streams.
 */
function once<T>(make: (url: string) => T): (url: string) => T {
  let cached: { url: string; value: T } | undefined;
  return (url) => {
    if (cached?.url !== url) cached = { url, value: make(url) };
    return cached.value;
  };
}

export interface Contender {
  id: string;
  label: string;
  /** What the contender is measured with, or why a wire is not supported (undefined). */
  forWire(wire: Wire): Promise<Run | undefined>;
}

/** The plain HTTP request each wire expects (what the libraries send, give or take a field). */
function plainRequest(url: string, wire: Wire): { url: string; init: RequestInit } {
  const base = baseURL(url, wire);
  const messages = [{ role: 'user', content: PROMPT }];
  const json = { 'content-type': 'application/json' };
  switch (wire) {
    case 'anthropic':
      return {
        url: `${base}/messages`,
        init: {
          method: 'POST',
          headers: { ...json, 'x-api-key': KEY, 'anthropic-version': '2023-06-01' },
          body: JSON.stringify({ model: MODEL[wire], max_tokens: 64_000, messages, stream: true }),
        },
      };
    case 'google':
      return {
        url: `${base}/models/${MODEL[wire]}:streamGenerateContent?alt=sse`,
        init: {
          method: 'POST',
          headers: { ...json, 'x-goog-api-key': KEY },
          body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: PROMPT }] }] }),
        },
      };
    case 'openai-responses':
      return {
        url: `${base}/responses`,
        init: {
          method: 'POST',
          headers: { ...json, authorization: `Bearer ${KEY}` },
          body: JSON.stringify({ model: MODEL[wire], input: PROMPT, stream: true }),
        },
      };
    default:
      return {
        url: `${base}/chat/completions`,
        init: {
          method: 'POST',
          headers: { ...json, authorization: `Bearer ${KEY}` },
          body: JSON.stringify({
            model: MODEL[wire],
            messages,
            stream: true,
            stream_options: { include_usage: true },
          }),
        },
      };
  }
}

/** Raw fetch counting bytes: the ceiling every parser is measured against. */
const rawFetch: Contender = {
  id: 'raw',
  label: 'raw fetch, counting bytes (the limit)',
  async forWire(wire) {
    return async (url, onFirst) => {
      const { url: target, init } = plainRequest(url, wire);
      const response = await fetch(target, init);
      const reader = response.body!.getReader();
      let bytes = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (bytes === 0) onFirst();
        bytes += value.byteLength;
      }
      return bytes;
    };
  },
};

/** The text of one parsed event, read the way a hand-written client would. */
function textOf(wire: Wire, event: string | undefined, data: string): string | undefined {
  if (data === '[DONE]') return undefined;
  const json = JSON.parse(data);
  switch (wire) {
    case 'anthropic':
      return event === 'content_block_delta' ? json.delta?.text : undefined;
    case 'google':
      return json.candidates?.[0]?.content?.parts?.[0]?.text;
    case 'openai-responses':
      return event === 'response.output_text.delta' ? json.delta : undefined;
    default:
      return json.choices?.[0]?.delta?.content ?? undefined;
  }
}

/** eventsource-parser + JSON.parse and nothing else: no errors, no retries, no events. */
const bareParse: Contender = {
  id: 'bare',
  label: 'bare eventsource-parser + JSON.parse',
  async forWire(wire) {
    return async (url, onFirst) => {
      const { url: target, init } = plainRequest(url, wire);
      const response = await fetch(target, init);
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let chars = 0;
      const parser = createParser({
        onEvent(message) {
          const text = textOf(wire, message.event, message.data);
          if (text) {
            if (chars === 0) onFirst();
            chars += text.length;
          }
        },
      });
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.feed(decoder.decode(value, { stream: true }));
      }
      return chars;
    };
  },
};

interface ModelLike {
  stream(request: {
    messages: { role: 'user'; content: string }[];
  }): AsyncIterable<{ type: string; text?: string }>;
}

/** The model of `@trialogue/providers` for a wire, built the way the package README shows. */
async function trialogueMaker(wire: Wire): Promise<((url: string) => ModelLike) | undefined> {
  const sub = wire === 'openai-responses' ? 'openai' : wire;
  // biome-ignore lint/suspicious/noExplicitAny: the provider modules are loaded by name.
  const mod: any = await import(`@trialogue/providers/${sub}`).catch((error: Error) => {
    console.log(`  (Trialogue: @trialogue/providers/${sub} did not load: ${error.message})`);
    return undefined;
  });
  if (!mod) return undefined;
  const settings = (url: string) => ({ apiKey: KEY, baseURL: baseURL(url, wire) });
  switch (wire) {
    case 'openai':
      return (url) => mod.openai(settings(url)).model(MODEL[wire]);
    case 'openai-responses':
      return typeof mod.openai?.({}).responses === 'function'
        ? (url) => mod.openai(settings(url)).responses(MODEL[wire])
        : undefined;
    case 'anthropic':
      return (url) => mod.anthropic(settings(url)).model(MODEL[wire]);
    case 'google':
      return (url) => mod.google(settings(url)).model(MODEL[wire]);
    case 'groq':
      return (url) => mod.groq(settings(url)).model(MODEL[wire]);
    case 'openai-compatible':
      return (url) => mod.openaiCompatible({ ...settings(url), id: 'deepseek' }).model(MODEL[wire]);
  }
}

/** This library: `@trialogue/providers/<wire>` over core's streaming machine, reading every event. */
const trialogue: Contender = {
  id: 'trialogue',
  label: 'Trialogue (`@trialogue/providers`)',
  async forWire(wire) {
    const maker = await trialogueMaker(wire);
    if (!maker) return undefined;
    const model = once(maker);
    return async (url, onFirst) => {
      let chars = 0;
      for await (const event of model(url).stream({ messages: [{ role: 'user', content: PROMPT }] })) {
        if (event.type === 'text-delta') {
          if (chars === 0) onFirst();
          chars += event.text!.length;
        } else if (event.type === 'error') {
          throw new Error(`trialogue stream failed: ${JSON.stringify(event)}`);
        }
      }
      return chars;
    };
  },
};

/** The Vercel AI SDK 5: `streamText` over `@ai-sdk/<provider>`, reading `textStream`. */
const aiSdk: Contender = {
  id: 'ai-sdk',
  label: 'Vercel AI SDK 5 (`ai` + `@ai-sdk/*` `streamText`)',
  async forWire(wire) {
    const { streamText } = await import('ai');
    // biome-ignore lint/suspicious/noExplicitAny: one model type per provider package.
    let make: (settings: { apiKey: string; baseURL: string }) => any;
    switch (wire) {
      case 'openai': {
        const { createOpenAI } = await import('@ai-sdk/openai');
        make = (settings) => createOpenAI(settings).chat(MODEL[wire]);
        break;
      }
      case 'openai-responses': {
        const { createOpenAI } = await import('@ai-sdk/openai');
        make = (settings) => createOpenAI(settings).responses(MODEL[wire]);
        break;
      }
      case 'anthropic': {
        const { createAnthropic } = await import('@ai-sdk/anthropic');
        make = (settings) => createAnthropic(settings)(MODEL[wire]);
        break;
      }
      case 'google': {
        const { createGoogleGenerativeAI } = await import('@ai-sdk/google');
        make = (settings) => createGoogleGenerativeAI(settings)(MODEL[wire]);
        break;
      }
      case 'groq': {
        const { createGroq } = await import('@ai-sdk/groq');
        make = (settings) => createGroq(settings)(MODEL[wire]);
        break;
      }
      case 'openai-compatible': {
        const { createOpenAICompatible } = await import('@ai-sdk/openai-compatible');
        make = (settings) => createOpenAICompatible({ ...settings, name: 'deepseek' })(MODEL[wire]);
        break;
      }
    }
    const model = once((url) => make({ apiKey: KEY, baseURL: baseURL(url, wire) }));
    return async (url, onFirst) => {
      const result = streamText({ model: model(url), prompt: PROMPT, maxRetries: 0 });
      let chars = 0;
      for await (const text of result.textStream) {
        if (chars === 0 && text) onFirst();
        chars += text.length;
      }
      return chars;
    };
  },
};

/** The official `openai` SDK (v6): chat completions on the OpenAI-format wires, responses on its own. */
const openaiSdk: Contender = {
  id: 'openai-sdk',
  label: 'official `openai` SDK 6 (`stream: true`)',
  async forWire(wire) {
    if (wire === 'anthropic' || wire === 'google') return undefined;
    const { default: OpenAI } = await import('openai');
    const clientFor = once((url) => new OpenAI({ apiKey: KEY, baseURL: baseURL(url, wire), maxRetries: 0 }));
    return async (url, onFirst) => {
      const client = clientFor(url);
      let chars = 0;
      if (wire === 'openai-responses') {
        const stream = await client.responses.create({ model: MODEL[wire], input: PROMPT, stream: true });
        for await (const event of stream) {
          if (event.type === 'response.output_text.delta') {
            if (chars === 0) onFirst();
            chars += event.delta.length;
          }
        }
        return chars;
      }
      const stream = await client.chat.completions.create({
        model: MODEL[wire],
        messages: [{ role: 'user', content: PROMPT }],
        stream: true,
        stream_options: { include_usage: true },
      });
      for await (const chunk of stream) {
        const text = chunk.choices[0]?.delta?.content;
        if (text) {
          if (chars === 0) onFirst();
          chars += text.length;
        }
      }
      return chars;
    };
  },
};

/** The official `@anthropic-ai/sdk`: `messages.create({ stream: true })` (the lighter of its two stream APIs). */
const anthropicSdk: Contender = {
  id: 'anthropic-sdk',
  label: 'official `@anthropic-ai/sdk` 1.x (`stream: true`)',
  async forWire(wire) {
    if (wire !== 'anthropic') return undefined;
    const { default: Anthropic } = await import('@anthropic-ai/sdk');
    const clientFor = once(
      (url) =>
        new Anthropic({
          apiKey: KEY,
          baseURL: baseURL(url, wire).replace(/\/v1$/, ''),
          maxRetries: 0,
          // SDK 1.x sends the key as a bearer token; the fake server checks the classic header.
          defaultHeaders: { 'x-api-key': KEY },
        }),
    );
    return async (url, onFirst) => {
      const client = clientFor(url);
      const stream = await client.messages.create({
        model: MODEL[wire],
        max_tokens: 64_000,
        messages: [{ role: 'user', content: PROMPT }],
        stream: true,
      });
      let chars = 0;
      for await (const event of stream) {
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
          if (chars === 0) onFirst();
          chars += event.delta.text.length;
        }
      }
      return chars;
    };
  },
};

export const CONTENDERS: Contender[] = [rawFetch, bareParse, trialogue, aiSdk, openaiSdk, anthropicSdk];
