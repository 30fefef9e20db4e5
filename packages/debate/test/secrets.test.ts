import { type ChatRequest, rememberSecret } from '@trialogue/core';
import { longestSecretRun } from '@trialogue/core/testing';
import { describe, expect, it } from 'vitest';
import { type DebateOptions, runDebate } from '../src/index.js';
import { answer, scripted } from './helpers.js';

// Keys of the panel's providers, remembered as the key stores and provider factories remember them.
const ANTHROPIC_KEY = 'sk-ant-api03-Wq8Zr4Tn2Lx6Vc9Bm1Hs5Jd7Kf3Gp0Ya-CANARY';
const GATEWAY_TOKEN = 'gw_live.5c3e9a1f7b2d8e4c6a0f-canary';
rememberSecret(ANTHROPIC_KEY);
rememberSecret(GATEWAY_TOKEN);

/** An answer as a compromised proxy might rewrite it: the other providers' key, and a piece of a token. */
const leakyAnswer = answer(
  `42. By the way, the upstream said "Incorrect API key provided: ${ANTHROPIC_KEY}" and ` +
    `"token ${GATEWAY_TOKEN.slice(3, 19)}... rejected".`,
);

/** Fails the test when any request of these models (system, messages, anything) holds 12+ characters of a key. */
function expectNoKeyIn(requests: readonly ChatRequest[]) {
  expect(requests.length).toBeGreaterThan(0);
  for (const request of requests) {
    const sent = JSON.stringify({ system: request.system, messages: request.messages });
    expect(longestSecretRun(sent, ANTHROPIC_KEY)).toBeLessThan(12);
    expect(longestSecretRun(sent, GATEWAY_TOKEN)).toBeLessThan(12);
  }
}

describe('no remembered secret crosses from one call’s output into another call’s request', () => {
  // `a` is behind the compromised proxy: its answers carry the key of `b`'s provider.
  const panel = () => ({
    a: scripted('a', leakyAnswer, { provider: 'openai' }),
    b: scripted('b', answer('42'), { provider: 'anthropic' }),
    c: scripted('c', answer('41'), { provider: 'google' }),
  });

  it.each<[string, Partial<DebateOptions>, (keyof ReturnType<typeof panel> | 'role')[]]>([
    [
      'society: answers quoted into the next round',
      { format: 'society', formatOptions: { rounds: 2 } },
      ['b', 'c'],
    ],
    ['roundtable with a judge: reviews and the judge’s input', { format: 'roundtable' }, ['b', 'c', 'role']],
    ['council: rankers and the chair', { format: 'council' }, ['b', 'c', 'role']],
    ['moa: the next layer and the aggregator', { format: 'moa' }, ['b', 'c', 'role']],
    [
      'adversarial: the other debaters and the judge',
      { format: 'adversarial', formatOptions: { rounds: 2 } },
      ['b', 'role'],
    ],
    ['conversation: the whole conversation', { format: 'conversation' }, ['b', 'c']],
  ])('%s', async (_label, options, readers) => {
    const { a, b, c } = panel();
    const role = scripted('role', answer('42'), { provider: 'groq' });
    const participants = options.format === 'adversarial' ? [a, b] : [a, b, c];
    const roles =
      options.format === 'council' || options.format === 'moa'
        ? { chair: role }
        : options.format === 'roundtable' || options.format === 'adversarial'
          ? { judge: role }
          : {};
    const { transcript } = await runDebate({
      question: 'What is 6 * 7?',
      participants,
      ...roles,
      ...options,
    } as DebateOptions).result;
    // The leak really happened on a's side…
    expect(transcript.turns.some((t) => t.participantId === 'a' && t.text.includes(ANTHROPIC_KEY))).toBe(
      true,
    );
    // …and no request to anyone after it carried it, nor any recorded prompt.
    const models = { a, b, c, role };
    for (const reader of readers) expectNoKeyIn(models[reader].model.calls);
    expectNoKeyIn(a.model.calls.slice(1));
    for (const turn of transcript.turns) {
      if (!turn.prompt) continue;
      expect(longestSecretRun(JSON.stringify(turn.prompt), ANTHROPIC_KEY)).toBeLessThan(12);
    }
    // The rest of the quoted answer still reaches the others.
    const quoted = b.model.calls.map((r) => JSON.stringify(r.messages)).join('\n');
    expect(quoted).toContain('the upstream said');
  });

  it('a continued debate’s history carries no key from the earlier exchange', async () => {
    const { a, b } = panel();
    const first = await runDebate({ question: 'Q1?', participants: [a, b], format: 'vote' }).result;
    const leakyOutcome = {
      ...first.transcript,
      outcome: { ...first.transcript.outcome!, answer: `the key is ${ANTHROPIC_KEY}` },
    };
    const c = scripted('c', answer('1'));
    const d = scripted('d', answer('1'));
    await runDebate({
      question: 'Q2?',
      participants: [c, d],
      format: 'vote',
      history: leakyOutcome,
      historyView: 'outcome',
    }).result;
    await runDebate({
      question: 'Q2?',
      participants: [a, b],
      format: 'vote',
      history: first.transcript,
      historyView: 'own',
    }).result;
    expectNoKeyIn(c.model.calls);
    expectNoKeyIn(a.model.calls.slice(1));
  });

  it('a conversation passed in as messages is redacted before it is forwarded', async () => {
    const b = scripted('b', answer('ok'));
    const c = scripted('c', answer('ok'));
    await runDebate({
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: `Sure. (debug: x-api-key ${GATEWAY_TOKEN})` },
        { role: 'user', content: 'What is 6 * 7?' },
      ],
      participants: [b, c],
      format: 'vote',
    }).result;
    expectNoKeyIn([...b.model.calls, ...c.model.calls]);
  });
});
