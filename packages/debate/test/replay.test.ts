import { makeUsage, parseTranscript, serializeTranscript, type Transcript } from '@trialogue/core';
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

  it('replays a society debate whose judge ended it after a round', async () => {
    const first = await original({
      question: 'Which?',
      participants: [
        scripted('a', (_r, call) => answer(`a${call}`)),
        scripted('b', (_r, call) => answer(`b${call}`)),
      ],
      judge: scripted('judge', (_r, call) =>
        call === 0 ? 'Verdict: continue' : 'Verdict: decided\nFinal answer: a1',
      ),
      format: 'society',
      formatOptions: { rounds: 3, judgeEachRound: true },
      seed: 5,
    });
    const again = await replayed(first.transcript);
    expect(first.outcome).toMatchObject({ stopReason: 'judge', answer: 'a1' });
    expect(shape(again.events)).toEqual(shape(first.events));
    expect(prompts(again.transcript)).toEqual(prompts(first.transcript));
    expect(again.outcome).toEqual(first.outcome);
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

  it('ends parallel turns in the recorded order, whatever their replayed speed', async () => {
    const first = await original({
      question: 'Q?',
      participants: [30, 1, 15].map((delay, i) =>
        scripted(`p${i}`, { text: answer(String(i)), firstTokenDelayMs: delay }),
      ),
      format: 'society',
      formatOptions: { rounds: 2 },
    });
    const ends = (events: DebateEvent[]) =>
      events.filter((e) => e.type === 'turn-end').map((e) => e.type === 'turn-end' && e.participantId);
    expect(ends(first.events).slice(0, 3)).toEqual(['p1', 'p2', 'p0']);
    const again = await replayed(first.transcript);
    expect(ends(again.events)).toEqual(ends(first.events));
    expect(prompts(again.transcript)).toEqual(prompts(first.transcript));
  });

  it("gives each of a participant's parallel samples its own recorded turn, whichever ended first", async () => {
    const sampler = scripted('a', (_r, call) =>
      call === 0 ? { text: answer('slow'), firstTokenDelayMs: 30 } : answer('fast'),
    );
    const first = await original({
      question: 'Q?',
      participants: [sampler],
      format: 'vote',
      formatOptions: { samples: 2 },
    });
    const byId = (transcript: Transcript) => transcript.turns.map((t) => [t.id, t.text]);
    const again = await replayed(first.transcript);
    expect(byId(again.transcript)).toEqual(byId(first.transcript));
    // How the deltas of parallel turns interleaved is not recorded; every other event comes back in order.
    const turnLevel = (events: DebateEvent[]) => shape(events.filter((e) => e.type !== 'turn-delta'));
    expect(turnLevel(again.events)).toEqual(turnLevel(first.events));
    expect(again.outcome).toEqual(first.outcome);
  });

  it('stops where a budget stopped the recorded run, with the same reason and partial turns', async () => {
    const usage = makeUsage({ inputTokens: 250, outputTokens: 250 });
    const first = await original({
      question: 'Q?',
      participants: [
        scripted('fast', { text: answer('1'), usage }),
        scripted('slow', { chunks: ['half ', 'of it'], delayMs: 60_000 }),
        scripted('late', { text: answer('2'), firstTokenDelayMs: 60_000 }),
      ],
      format: 'society',
      budget: { maxTokens: 400 },
    });
    expect(first.outcome.stopReason).toBe('budget');
    const again = await replayed(first.transcript);
    expect(shape(again.events)).toEqual(shape(first.events));
    expect(again.outcome).toEqual(first.outcome);
    expect(again.transcript.turns.map((t) => [t.participantId, t.text, t.error?.kind])).toEqual(
      first.transcript.turns.map((t) => [t.participantId, t.text, t.error?.kind]),
    );
  });

  it('stops between rounds where the recorded run did (a budget its last turn reached, or stop())', async () => {
    const usage = makeUsage({ inputTokens: 250, outputTokens: 250 });
    const budgeted = await original({
      question: 'Q?',
      participants: ['a', 'b'].map((id) => scripted(id, { text: answer(id), usage })),
      format: 'society',
      budget: { maxTokens: 600 },
    });
    expect(budgeted.outcome.stopReason).toBe('budget');
    expect(budgeted.calls).toBe(2);
    const again = await replayed(budgeted.transcript);
    expect(again.calls).toBe(2);
    expect(again.outcome).toEqual(budgeted.outcome);
    expect(shape(again.events)).toEqual(shape(budgeted.events));

    const handle = runDebate({
      question: 'Q?',
      participants: ['a', 'b'].map((id) => scripted(id, { chunks: ['so ', 'far'], delayMs: 60_000 })),
      format: 'roundtable',
    });
    const events: DebateEvent[] = [];
    for await (const event of handle) {
      events.push(event);
      if (event.type === 'turn-delta' && event.participantId === 'b') handle.stop('enough');
    }
    const stopped = await handle.result;
    const replay = await replayed(stopped.transcript);
    expect(replay.outcome).toEqual(stopped.outcome);
    expect(replay.outcome).toMatchObject({
      stopReason: 'aborted',
      details: { by: 'stop', reason: 'enough' },
    });
    expect(replay.transcript.turns.map((t) => t.text)).toEqual(stopped.transcript.turns.map((t) => t.text));
  });

  it('sends the same prompts under the recorded quote limits and round cap', async () => {
    const long = (id: string) => scripted(id, () => `${id} `.repeat(400) + answer(id));
    const first = await original({
      question: 'Q?',
      participants: [long('a'), long('b')],
      format: 'roundtable',
      maxQuoteChars: 300,
      maxPromptQuoteChars: 500,
      budget: { maxRounds: 2 },
    });
    expect(first.outcome.stopReason).toBe('max-rounds');
    const again = await replayed(first.transcript);
    expect(prompts(again.transcript)).toEqual(prompts(first.transcript));
    expect(again.outcome).toEqual(first.outcome);
  });

  it("brings the user's interjections back where they were made", async () => {
    const ps = ['a', 'b'].map((id) => scripted(id, (_r, call) => `${id} says ${call}`));
    const handle = runDebate({
      question: 'Q?',
      participants: ps,
      format: 'conversation',
      formatOptions: { rounds: 2 },
    });
    handle.interject('Before anyone speaks.');
    const events: DebateEvent[] = [];
    for await (const event of handle) {
      events.push(event);
      if (event.type === 'turn-end' && event.participantId === 'b' && event.round === 1)
        handle.interject('Consider cost.');
    }
    const first = { events, ...(await handle.result) };
    expect(first.events.filter((e) => e.type === 'interjection')).toHaveLength(2);
    const again = await replayed(first.transcript);
    expect(shape(again.events)).toEqual(shape(first.events));
    expect(prompts(again.transcript)).toEqual(prompts(first.transcript));
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
