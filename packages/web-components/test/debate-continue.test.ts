import { runDebate } from '@trialogue/debate';
import { sample } from '@trialogue/providers/sample';
import { describe, expect, it } from 'vitest';
import { optionsFromTranscript } from '../src/debate/setup.js';

const samples = sample({ delayScale: 0 });

describe('continuing a saved debate', () => {
  it('rebuilds the panel from the transcript: ids, labels, the judge in its role, the format and its options', async () => {
    const first = runDebate({
      question: 'What is 2 + 2?',
      format: 'adversarial',
      formatOptions: { rounds: 1 },
      participants: [
        { id: 'ada', label: 'Ada', model: samples.model('ada') },
        { id: 'basil', label: 'Basil', model: samples.model('basil') },
      ],
      judge: { id: 'judge', label: 'Judge (Cleo)', model: samples.model('cleo') },
    });
    const { transcript } = await first.result;
    const resolved: string[] = [];
    const options = await optionsFromTranscript(
      transcript,
      (ref) => {
        resolved.push(ref);
        return samples.model(ref.split(':')[1]!);
      },
      undefined,
    );
    expect(resolved).toEqual(['sample:ada', 'sample:basil', 'sample:cleo']);
    expect(options.format).toBe('adversarial');
    expect(options.formatOptions).toEqual({ rounds: 1 });
    expect(options.participants.map((p) => [p.id, p.label])).toEqual([
      ['ada', 'Ada'],
      ['basil', 'Basil'],
    ]);
    expect(options.judge).toMatchObject({ id: 'judge', label: 'Judge (Cleo)' });
    // And it runs: the follow-up sees the first exchange as history.
    const next = runDebate({ ...options, question: 'And twice that?', history: transcript });
    const result = await next.result;
    expect(result.outcome.stopReason).toBe('completed');
    const exchanges = result.transcript.meta?.exchanges as { question: string }[];
    expect(exchanges.map((e) => e.question)).toEqual(['What is 2 + 2?', 'And twice that?']);
  });

  it("a model the resolver cannot give (a missing key) rejects with the resolver's error", async () => {
    const { transcript } = await runDebate({
      question: 'Hi?',
      format: 'vote',
      participants: [{ id: 'ada', model: samples.model('ada') }],
    }).result;
    await expect(
      optionsFromTranscript(
        transcript,
        () => {
          throw new Error('No key for sample.');
        },
        undefined,
      ),
    ).rejects.toThrow('No key for sample.');
  });
});
