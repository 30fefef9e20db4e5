import { parseTranscript, serializeTranscript, type Transcript } from '@trialogue/core';
import { describe, expect, it } from 'vitest';
import { type DebateEvent, type DebateOptions, replayDebate, runDebate } from '../src/index.js';
import { answer, collect, scripted } from './helpers.js';

/** type / participant / text of each event: what a replay must reproduce (runId and times differ). */
const shape = (events: DebateEvent[]) =>
  events.map((e) => ({
    type: e.type,
    participantId: 'participantId' in e ? e.participantId : undefined,
    text: 'text' in e ? e.text : undefined,
  }));

const prompts = (transcript: Transcript) => transcript.turns.map((t) => [t.participantId, t.phase, t.prompt]);

async function original(options: DebateOptions) {
  const handle = runDebate(options);
  const events = await collect(handle);
  return { events, ...(await handle.result) };
}

async function replayed(transcript: Transcript) {
  // Through JSON, as a saved file would be.
  const handle = replayDebate(parseTranscript(serializeTranscript(transcript)));
  const events = await collect(handle);
  return { events, ...(await handle.result) };
}

describe('replayDebate', () => {
  it('replays a council with a chair, a seed and a failed member: same events, prompts and outcome', async () => {
    const rank = (id: string) => (_r: unknown, call: number) =>
      call === 0 ? answer(id) : 'FINAL RANKING:\n1. Response B\n2. Response A';
    const first = await original({
      question: 'Q?',
      participants: [
        scripted('a', rank('a'), { label: 'Ada' }),
        scripted('b', rank('b')),
        scripted('c', rank('c')),
        scripted('d', () => ({
          text: 'half an',
          fail: { afterChunks: 1, error: { kind: 'network', message: 'reset' } },
        })),
      ],
      chair: scripted('chair', () => answer('b')),
      format: 'council',
      seed: 11,
    });
    const again = await replayed(first.transcript);
    expect(shape(again.events)).toEqual(shape(first.events));
    expect(prompts(again.transcript)).toEqual(prompts(first.transcript));
    expect(again.outcome).toEqual(first.outcome);
    expect(again.calls).toBe(first.calls);
  });

  it('replays an adversarial debate with its judge and format options', async () => {
    const first = await original({
      question: 'Is it?',
      participants: [scripted('pro', () => answer('yes')), scripted('con', () => answer('no'))],
      judge: scripted('judge', (_r, call) =>
        call === 0 ? 'Verdict: continue' : 'Verdict: decided\nFinal answer: yes',
      ),
      format: 'adversarial',
      formatOptions: { rounds: 3, sides: ['Say yes.', 'Say no.'] },
    });
    const again = await replayed(first.transcript);
    expect(first.outcome).toMatchObject({ stopReason: 'judge', answer: 'yes' });
    expect(shape(again.events)).toEqual(shape(first.events));
    expect(prompts(again.transcript)).toEqual(prompts(first.transcript));
  });

  it('replays the follow-up of a continued debate, with the earlier question as its history', async () => {
    const ps = [
      scripted('a', (_r, call) => answer(String(call))),
      scripted('b', (_r, call) => answer(String(call))),
    ];
    const one = await original({ question: 'First?', participants: ps, format: 'vote' });
    const two = await original({
      question: 'Second?',
      participants: ps,
      format: 'society',
      history: one.transcript,
      historyView: 'own',
      formatOptions: { rounds: 2 },
    });
    const again = await replayed(two.transcript);
    expect(shape(again.events)).toEqual(shape(two.events));
    expect(again.transcript.turns).toHaveLength(two.transcript.turns.length);
    expect(prompts(again.transcript)).toEqual(prompts(two.transcript));
  });

  it('refuses a transcript without a debate question', () => {
    const empty: Transcript = {
      format: 'trialogue.transcript',
      version: 1,
      id: 'x',
      kind: 'chat',
      createdAt: '2026-01-01T00:00:00Z',
      participants: [],
      turns: [],
    };
    expect(() => replayDebate(empty)).toThrow(expect.objectContaining({ code: 'not-a-debate' }));
  });
});
