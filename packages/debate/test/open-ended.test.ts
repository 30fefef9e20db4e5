import { describe, expect, it } from 'vitest';
import { OPEN_ENDED, runDebate, tallyVotes, voteOutcome } from '../src/index.js';
import { answer, collect, scripted } from './helpers.js';

const prose = (who: string) => `${who}: split it into a gateway, a worker and a queue between them.`;

describe('open-ended debates (no short answer to vote on)', () => {
  it('ends a roundtable whose answers have no final answer line as open-ended, never a deadlock', async () => {
    const a = scripted('a', () => prose('a'));
    const b = scripted('b', () => prose('b'));
    const handle = runDebate({
      question: 'How should I structure this service?',
      participants: [a, b],
      format: 'roundtable',
    });
    await collect(handle);
    const { outcome, transcript } = await handle.result;
    expect(outcome.stopReason).toBe(OPEN_ENDED);
    expect(outcome.stopReason).not.toBe('deadlock');
    expect(outcome.answer).toBeUndefined();
    expect(outcome.details?.openEnded).toBe(true);
    // The final round's turns stand as the result.
    const consensus = transcript.turns.filter((turn) => turn.phase === 'consensus').map((turn) => turn.id);
    expect(outcome.details?.finalTurns).toEqual(consensus);
  });

  it("takes the judge's verdict as the synthesis when the judge gives no short answer either", async () => {
    const a = scripted('a', () => prose('a'));
    const b = scripted('b', () => prose('b'));
    const judge = scripted('judge', () => 'Both agree on a queue; the gateway should stay thin.');
    const handle = runDebate({
      question: 'How should I structure this service?',
      participants: [a, b],
      judge,
      format: 'society',
      formatOptions: { rounds: 2 },
    });
    await collect(handle);
    const { outcome, transcript } = await handle.result;
    const verdict = transcript.turns.find((turn) => turn.phase === 'verdict');
    expect(outcome).toMatchObject({ stopReason: OPEN_ENDED, decidedBy: 'judge' });
    expect(outcome.details?.synthesis).toBe(verdict?.id);
    expect(outcome.details?.judgeFailed).toBeUndefined();
  });

  it("takes the chair's synthesis in a council whose members and chair give no short answer", async () => {
    const a = scripted('a', (_r, call) => (call === 1 ? 'Ranking: Response A' : prose('a')));
    const b = scripted('b', (_r, call) => (call === 1 ? 'Ranking: Response A' : prose('b')));
    const chair = scripted('chair', () => 'A thin gateway, a worker, and a queue.');
    const handle = runDebate({
      question: 'How should I structure this service?',
      participants: [a, b],
      chair,
      format: 'council',
    });
    await collect(handle);
    const { outcome, transcript } = await handle.result;
    const synthesis = transcript.turns.find((turn) => turn.phase === 'synthesis');
    expect(outcome.stopReason).toBe(OPEN_ENDED);
    expect(outcome.decidedBy).toBe('chair');
    expect(outcome.details?.synthesis).toBe(synthesis?.id);
  });

  it('keeps a tie a deadlock, and a failed judge is still reported as failed', async () => {
    const tie = tallyVotes([
      { participantId: 'a', turnId: 't1', answer: '1' },
      { participantId: 'b', turnId: 't2', answer: '2' },
    ]);
    expect(voteOutcome(tie, 'completed').stopReason).toBe('deadlock');
    // Nobody left to count is not "open-ended" either: nothing was said.
    expect(voteOutcome(tallyVotes([]), 'completed').stopReason).toBe('deadlock');

    const a = scripted('a', () => prose('a'));
    const b = scripted('b', () => prose('b'));
    const judge = scripted('judge', {
      fail: { afterChunks: 0, error: { kind: 'invalid-request', message: 'bad judge' } },
    });
    const handle = runDebate({
      question: 'How should I structure this service?',
      participants: [a, b],
      judge,
      format: 'roundtable',
    });
    await collect(handle);
    const { outcome } = await handle.result;
    expect(outcome.stopReason).toBe(OPEN_ENDED);
    expect(outcome.decidedBy).toBeUndefined();
    expect(outcome.details?.judgeFailed).toBe(true);
  });
});

describe('roundtable stopWhen', () => {
  it('plays its three rounds by default even when the first answers agree', async () => {
    const a = scripted('a', () => answer('42'));
    const b = scripted('b', () => answer('42'));
    const handle = runDebate({ question: 'What is 6 * 7?', participants: [a, b], format: 'roundtable' });
    const events = await collect(handle);
    expect(events.filter((event) => event.type === 'round-start')).toHaveLength(3);
    expect((await handle.result).outcome.stopReason).toBe('consensus');
  });

  it('stops at the first unanimous round with stopWhen: unanimity, and rejects unknown rules', async () => {
    const a = scripted('a', () => answer('42'));
    const b = scripted('b', () => answer('42'));
    const handle = runDebate({
      question: 'What is 6 * 7?',
      participants: [a, b],
      format: 'roundtable',
      formatOptions: { stopWhen: 'unanimity' },
    });
    const events = await collect(handle);
    expect(events.filter((event) => event.type === 'round-start')).toHaveLength(1);
    const check = events.find((event) => event.type === 'consensus-check');
    expect(check).toMatchObject({ round: 1, agreed: true, stop: 'consensus' });
    expect((await handle.result).outcome).toMatchObject({ stopReason: 'consensus', answer: '42' });
    expect(() =>
      runDebate({
        question: 'q',
        participants: [a, b],
        format: 'roundtable',
        formatOptions: { stopWhen: 'sometimes' },
      }),
    ).toThrow(/roundtable format: formatOptions.stopWhen must be one of unanimity/);
  });
});
