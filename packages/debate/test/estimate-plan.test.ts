import { describe, expect, it } from 'vitest';
import { type DebateOptions, estimateDebate, formats, runDebate } from '../src/index.js';
import { answer, scripted } from './helpers.js';

/** Debaters that never agree (so no early stop), and roles that never stop a run early. */
function panel() {
  const ps = ['a', 'b', 'c'].map((id, i) => scripted(id, answer(String(i + 1))));
  return {
    ps,
    judge: scripted('judge', 'Verdict: continue'),
    chair: scripted('chair', answer('7')),
    moderator: scripted('moderator', (_req, call) => `Next: ${['b', 'c', 'a'][call % 3]}`),
  };
}

/** `speaker phase round reads` of every call, sorted: debaters by index, roles by name. */
const callKey = (speaker: number | string, phase: string, round: number | undefined, reads: number) =>
  `${speaker} ${phase} ${round} ${reads}`;

describe('estimateDebate, call by call', () => {
  const { ps, judge, chair, moderator } = panel();
  const cases: [string, Omit<DebateOptions, 'question' | 'participants'>][] = [
    ['roundtable', { format: 'roundtable' }],
    ['roundtable with a judge', { format: 'roundtable', judge }],
    ['society', { format: 'society', formatOptions: { rounds: 3 } }],
    [
      'society with a judge each round',
      { format: 'society', judge, formatOptions: { rounds: 3, judgeEachRound: true } },
    ],
    ['council with a chair', { format: 'council', chair }],
    ['moa', { format: 'moa', formatOptions: { layers: 3 } }],
    ['adversarial', { format: 'adversarial', judge }],
    ['conversation', { format: 'conversation' }],
    ['moderated conversation', { format: 'conversation', moderator, formatOptions: { turnsPerRound: 2 } }],
    ['vote', { format: 'vote', formatOptions: { samples: 5 } }],
  ];

  it.each(cases)(
    '%s: the plan names the calls a run makes, each with the number of answers its prompt quotes',
    async (_name, rest) => {
      const options = { question: 'Q?', participants: ps, ...rest } as DebateOptions;
      const format = formats[options.format as keyof typeof formats];
      const planned = format
        .plan({
          participants: ps.length,
          formatOptions: options.formatOptions ?? {},
          budget: {},
          hasJudge: Boolean(options.judge),
          hasChair: Boolean(options.chair),
          hasModerator: Boolean(options.moderator),
        })
        .map((c) => callKey(c.speaker, c.phase, c.round, c.reads))
        .sort();
      const { transcript, calls } = await runDebate(options).result;
      const roles = new Map([judge, chair, moderator].map((r) => [r.id, r.id]));
      // A moderator picks speakers, so which debater spoke is not known before the run.
      const speakerOf = (id: string) =>
        roles.get(id) ?? (options.moderator ? 'any' : ps.findIndex((p) => p.id === id));
      const actual = transcript.turns
        .filter((t) => t.role === 'assistant')
        .map((t) => {
          const prompt = t.prompt?.messages.at(-1)?.content ?? '';
          const reads = prompt.match(/<participant_answer /g)?.length ?? 0;
          return callKey(speakerOf(t.participantId), t.phase ?? '', t.round, reads);
        })
        .sort();
      const normalise = (keys: string[]) =>
        options.moderator ? keys.map((k) => k.replace(/^\d+ /, 'any ')).sort() : keys;
      expect(actual).toEqual(normalise(planned));
      expect(estimateDebate(options).calls).toBe(calls);
    },
  );
});

describe('estimateDebate, input tokens', () => {
  const output = 200;
  // Replies as long as maxOutputTokens allows (4 characters a token), so the estimate's assumption holds.
  const fullLength = (id: string) => (_r: unknown, call: number) =>
    `${'word '.repeat((output * 4 - 40) / 5)}\nFinal answer: ${id}${call}`.slice(0, output * 4);
  const cases: [string, Omit<DebateOptions, 'question' | 'participants'>][] = [
    ['roundtable', { format: 'roundtable' }],
    ['society', { format: 'society', formatOptions: { stopWhen: 'never' } }],
    ['council', { format: 'council' }],
    ['moa', { format: 'moa' }],
    ['adversarial', { format: 'adversarial', judge: scripted('judge', fullLength('j')) }],
    ['conversation', { format: 'conversation' }],
  ];

  it.each(cases)('%s: between 0.9 and 1.3 times the tokens the prompts really held', async (_name, rest) => {
    const options = {
      question: 'What is 2 + 2?',
      participants: ['a', 'b', 'c'].map((id) => scripted(id, fullLength(id))),
      maxOutputTokens: output,
      ...rest,
    } as DebateOptions;
    const { inputTokens } = estimateDebate(options);
    const { transcript } = await runDebate(options).result;
    const sentChars = transcript.turns
      .filter((t) => t.role === 'assistant')
      .reduce(
        (n, t) =>
          n +
          (t.prompt?.system?.length ?? 0) +
          (t.prompt?.messages ?? []).reduce((m, x) => m + x.content.length, 0),
        0,
      );
    const ratio = inputTokens / (sentChars / 4);
    expect(ratio).toBeGreaterThan(0.9);
    expect(ratio).toBeLessThan(1.3);
  });
});
