/**
 * Offline sample models: plausible, varied markdown answers, streamed with small delays, decided by
 * the prompt alone (the same question gets the same answer). No network, no key. For trying an app
 * before any key is saved, for demos and for tests. They are labelled everywhere as
 * "offline sample, not a real model": they know nothing.
 * @packageDocumentation
 */
import {
  assertModelId,
  type CatalogueEntry,
  type ChatModel,
  type ChatRequest,
  defineChatModel,
  type ModelInfo,
  makeUsage,
  type Provider,
  type ProviderSettings,
  type StreamEvent,
  sleep,
  type Timings,
  TrialogueError,
  validateRequest,
} from '@trialogue/core';
import { defineFactory } from '../provider/define-provider.js';
import { composeAnswer, hashText } from './compose.js';
import { SAMPLE_LABEL, type SamplePersona, samplePersonas } from './personas.js';

export { composeAnswer, hashText } from './compose.js';
export { SAMPLE_LABEL, type SamplePersona, samplePersonas } from './personas.js';

/** Settings of {@link sample}. */
export interface SampleSettings extends ProviderSettings {
  /**
   * Scales every delay: 1 (the default) streams at a readable pace (about 0.3 s to the first token,
   * a few tens of milliseconds between chunks); 0 streams at once (tests).
   */
  delayScale?: number;
}

/** What a sample model is shown as everywhere: its name, then "(offline sample, not a real model)". */
const sampleLabel = (persona: SamplePersona) => `${persona.name} (${SAMPLE_LABEL})`;

/** The ids of the sample models, in display order. */
export const SAMPLE_MODEL_IDS: readonly string[] = samplePersonas.map((p) => p.id);

/**
 * Catalogue entries for the sample models (free, no price), so a model picker can list them next to
 * real ones. Every label ends with "(offline sample, not a real model)".
 */
export const sampleCatalogueEntries: readonly CatalogueEntry[] = samplePersonas.map((persona) => ({
  provider: 'sample',
  modelId: persona.id,
  label: sampleLabel(persona),
  contextWindow: 32_000,
  freeTier: true,
  browserCors: true,
  price: { inputPerMillion: 0, outputPerMillion: 0 },
  checkedAt: '2026-12-06',
}));

/** True for a model of the sample provider (show the "offline sample" label wherever it appears). */
export function isSampleModel(model: { provider: string }): boolean {
  return model.provider === 'sample';
}

const estimateTokens = (s: string) => Math.max(1, Math.ceil(s.length / 4));

/** Splits text into chunks of one to four words (a stream of tokens, roughly). */
function chunksOf(text: string, seed: number): string[] {
  const words = text.match(/\S+\s*|\s+/g) ?? [];
  const chunks: string[] = [];
  let state = seed || 1;
  for (let i = 0; i < words.length; ) {
    state = Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) >>> 0;
    const take = 1 + (state % 4);
    chunks.push(words.slice(i, i + take).join(''));
    i += take;
  }
  return chunks;
}

function sampleModel(persona: SamplePersona, delayScale: number): ChatModel {
  const provider = 'sample';
  async function* stream(request: ChatRequest): AsyncGenerator<StreamEvent> {
    const startedAt = Date.now();
    let text = '';
    let firstTokenAt: number | undefined;
    const timings = (): Timings =>
      firstTokenAt === undefined
        ? { totalMs: Date.now() - startedAt }
        : { totalMs: Date.now() - startedAt, timeToFirstTokenMs: firstTokenAt - startedAt };
    const aborted = (): StreamEvent => ({
      type: 'error',
      error: new TrialogueError({
        kind: 'aborted',
        provider,
        phase: text ? 'stream' : 'request',
        message: `The call to the sample model ${persona.name} was stopped.`,
      }),
      text,
      timings: timings(),
    });
    try {
      validateRequest(request, provider);
    } catch (error) {
      yield { type: 'error', error: error as TrialogueError, text: '', timings: timings() };
      return;
    }
    const signal = request.signal;
    const answer = composeAnswer(persona, request);
    const seed = hashText(`${persona.id}\n${answer}`);
    yield { type: 'start', provider, modelId: persona.id };
    if (!(await sleep(Math.round((180 + (seed % 240)) * delayScale), signal))) {
      yield aborted();
      return;
    }
    const chunks = chunksOf(answer, seed);
    const limit = request.maxOutputTokens;
    for (const [i, chunk] of chunks.entries()) {
      if (
        i > 0 &&
        delayScale > 0 &&
        !(await sleep(Math.round((12 + ((seed >>> (i % 24)) % 30)) * delayScale), signal))
      ) {
        yield aborted();
        return;
      }
      if (signal?.aborted) {
        yield aborted();
        return;
      }
      if (limit !== undefined && estimateTokens(text + chunk) > limit) {
        yield* finish('length');
        return;
      }
      firstTokenAt ??= Date.now();
      text += chunk;
      yield { type: 'text-delta', text: chunk };
    }
    yield* finish('stop');

    function* finish(reason: 'stop' | 'length'): Generator<StreamEvent> {
      const prompt = (request.system ?? '') + request.messages.map((m) => m.content).join('\n');
      const usage = makeUsage({ inputTokens: estimateTokens(prompt), outputTokens: estimateTokens(text) });
      yield { type: 'usage', usage };
      yield { type: 'finish', reason, text, usage, timings: timings() };
    }
  }
  return defineChatModel({ provider, modelId: persona.id, label: sampleLabel(persona), stream });
}

/**
 * The sample provider: models `ada`, `basil`, `cleo` and `dara`, each with its own voice. Every
 * answer is markdown (lists, a table or code where it fits) ending with `Final answer:` and
 * `Confidence:` lines, so debates, votes and rankings work; asked to rank responses it ends with a
 * `FINAL RANKING:`. It validates requests like a real provider, honours `signal`, reports usage and
 * never touches the network. `listModels()` lists the four; `validateKey()` is always ok (no key).
 *
 * @example
 * ```ts
 * import { sample } from '@trialogue/providers/sample';
 * const model = sample({ delayScale: 0 }).model('ada');
 * const { text } = await model.generate({ messages: [{ role: 'user', content: 'Why is the sky blue?' }] });
 * console.log(text.split('\n').at(-2)); // "Final answer: ..."
 * ```
 */
export const sample = defineFactory<Provider, SampleSettings>('sample', false, (settings) => {
  const delayScale = Math.max(0, settings.delayScale ?? 1);
  return {
    id: 'sample',
    model(modelId: string): ChatModel {
      assertModelId('sample', modelId);
      const persona = samplePersonas.find((p) => p.id === modelId);
      if (!persona) {
        throw new TrialogueError({
          kind: 'not-found',
          provider: 'sample',
          code: 'unknown-model',
          retryable: false,
          message: `There is no sample model "${modelId}". The sample models are ${SAMPLE_MODEL_IDS.join(', ')}.`,
        });
      }
      return sampleModel(persona, delayScale);
    },
    async listModels(): Promise<ModelInfo[]> {
      return samplePersonas.map((p) => ({
        id: p.id,
        provider: 'sample',
        label: sampleLabel(p),
        contextWindow: 32_000,
        ownedBy: 'trialogue',
      }));
    },
    async validateKey() {
      return { ok: true as const, provider: 'sample', models: samplePersonas.length };
    },
  };
});
