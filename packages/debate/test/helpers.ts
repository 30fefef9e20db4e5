import type { ChatRequest } from '@trialogue/core';
import { type Script, type ScriptedModel, scriptedModel } from '@trialogue/core/testing';
import type { DebateEvent, DebateHandle, Participant } from '../src/index.js';

export type Reply =
  | string
  | Script
  | ((request: ChatRequest, call: number) => string | Script | Promise<string | Script>);

/** A participant over a scripted model (its `.calls` record every prompt). */
export function scripted(
  id: string,
  reply: Reply,
  extra: Partial<Participant> & { provider?: string; modelId?: string } = {},
) {
  const { provider, modelId, ...rest } = extra;
  const model = scriptedModel({ provider: provider ?? 'scripted', modelId: modelId ?? `model-${id}`, reply });
  return { id, model, ...rest } as Participant & { model: ScriptedModel };
}

/** Every event of a run, in order, once it ended. */
export async function collect(handle: DebateHandle): Promise<DebateEvent[]> {
  const events: DebateEvent[] = [];
  for await (const event of handle) events.push(event);
  return events;
}

/** The user message (the format's prompt) of a recorded call. */
export const lastUser = (request: ChatRequest | undefined) => request?.messages.at(-1)?.content ?? '';

/** A compact view of turn events: `type participant phase round`. */
export const turnLog = (events: DebateEvent[]) =>
  events
    .filter((e) => e.type === 'turn-start' || e.type === 'turn-end' || e.type === 'turn-error')
    .map((e) => {
      const t = e as Extract<DebateEvent, { type: 'turn-start' }>;
      return `${e.type} ${t.participantId} ${t.phase} ${t.round}`;
    });

/** Only the `turn-start` lines of {@link turnLog}: who spoke, in order. */
export const turnStarts = (events: DebateEvent[]) =>
  turnLog(events).filter((line) => line.startsWith('turn-start'));

export const answer = (text: string, confidence?: number) =>
  `Working...\nFinal answer: ${text}${confidence !== undefined ? `\nConfidence: ${confidence}` : ''}`;
