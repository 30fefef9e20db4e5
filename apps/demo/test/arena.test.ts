import { describe, expect, it } from 'vitest';
import { rate, type Vote } from '../src/arena/leaderboard.js';
import { letterOf, pickContenders, votesFromVerdict } from '../src/arena/round.js';

const times = (n: number, vote: Vote) => Array.from({ length: n }, () => vote);

describe('arena leaderboard (Bradley-Terry)', () => {
  it('puts the model that keeps winning on top, with the number of votes behind each rating', () => {
    const board = rate([...times(4, { a: 'x', b: 'y', verdict: 'a' }), { a: 'x', b: 'y', verdict: 'b' }]);
    expect(board.map((r) => r.model)).toEqual(['x', 'y']);
    expect(board[0]).toMatchObject({ votes: 5, wins: 4, losses: 1, ties: 0 });
    expect(board[1]).toMatchObject({ votes: 5, wins: 1, losses: 4 });
    expect(board[0]!.rating).toBeGreaterThan(1000);
    expect(board[1]!.rating).toBeLessThan(1000);
    // Symmetric around the reference.
    expect(board[0]!.rating - 1000).toBe(1000 - board[1]!.rating);
  });

  it('gives equal ratings for ties, both-bad and balanced records', () => {
    const board = rate([
      { a: 'x', b: 'y', verdict: 'tie' },
      { a: 'x', b: 'y', verdict: 'both-bad' },
      { a: 'x', b: 'y', verdict: 'a' },
      { a: 'y', b: 'x', verdict: 'a' },
    ]);
    expect(board[0]!.rating).toBe(board[1]!.rating);
    expect(board[0]!.ties).toBe(2);
  });

  it('does not depend on the order of the votes (Elo would)', () => {
    const votes: Vote[] = [
      ...times(3, { a: 'x', b: 'y', verdict: 'a' }),
      ...times(2, { a: 'y', b: 'z', verdict: 'a' }),
      { a: 'x', b: 'z', verdict: 'b' },
      { a: 'z', b: 'y', verdict: 'tie' },
    ];
    const forward = rate(votes);
    const backward = rate([...votes].reverse());
    expect(backward).toEqual(forward);
  });

  it('stays finite when a model has won every vote, and more evidence moves it further', () => {
    const one = rate([{ a: 'x', b: 'y', verdict: 'a' }])[0]!.rating;
    const ten = rate(times(10, { a: 'x', b: 'y', verdict: 'a' }))[0]!.rating;
    expect(Number.isFinite(ten)).toBe(true);
    expect(ten).toBeGreaterThan(one);
    expect(ten).toBeLessThan(2000);
  });

  it('is transitive across models that never met', () => {
    const board = rate([
      ...times(3, { a: 'x', b: 'y', verdict: 'a' }),
      ...times(3, { a: 'y', b: 'z', verdict: 'a' }),
    ]);
    expect(board.map((r) => r.model)).toEqual(['x', 'y', 'z']);
    expect(board[2]!.votes).toBe(3);
  });

  it('is empty without votes', () => {
    expect(rate([])).toEqual([]);
  });
});

describe('arena rounds', () => {
  it('picks different models in random order, and refuses a pool too small', () => {
    const picked = pickContenders(['a', 'b', 'b', 'c'], 2, () => 0);
    expect(picked).toHaveLength(2);
    expect(new Set(picked).size).toBe(2);
    expect(() => pickContenders(['a', 'a'], 2)).toThrow(/at least 2 different models/);
    const seen = new Set<string>();
    let seed = 1;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let i = 0; i < 40; i++) seen.add(pickContenders(['a', 'b', 'c'], 2, random)[0]!);
    expect(seen.size).toBe(3);
  });

  it('turns a verdict into pairwise votes', () => {
    expect(votesFromVerdict(['x', 'y'], { winner: 0 })).toEqual([
      { a: 'x', b: 'y', verdict: 'a', at: undefined },
    ]);
    expect(votesFromVerdict(['x', 'y', 'z'], { winner: 2 }).map((v) => v.verdict)).toEqual(['b', 'b']);
    expect(votesFromVerdict(['x', 'y', 'z'], 'both-bad')).toHaveLength(3);
    expect(letterOf(1)).toBe('B');
  });
});
