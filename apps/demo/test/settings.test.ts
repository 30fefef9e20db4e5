import { createTranscript } from '@trialogue/core';
import { describe, expect, it } from 'vitest';
import { kindOf, matches, type SavedSession, titleOf } from '../src/history/store.js';
import { debatePool, defaultSelection } from '../src/models.js';
import { demoSettings, loopbackOrigin } from '../src/settings.js';

describe('?fake= (the test hook) accepts only a loopback origin', () => {
  it('points every provider at a loopback fake server', () => {
    const settings = demoSettings(new URL('https://demo.example/?fake=http://127.0.0.1:4321'));
    expect(settings.openai?.baseURL).toBe('http://127.0.0.1:4321/openai/v1');
    expect(settings.google?.baseURL).toBe('http://127.0.0.1:4321/google/v1beta');
    expect(settings.anthropic).toMatchObject({
      dangerouslyAllowBrowser: true,
      baseURL: 'http://127.0.0.1:4321/anthropic/v1',
    });
  });

  it.each([
    'https://evil.example',
    'http://127.0.0.1.evil.example:80',
    'http://localhost:80@evil.example',
    'http://127.0.0.1:80/path',
    'http://[::1]:80',
    'https://127.0.0.1:443',
    'http://10.0.0.1:80',
    'javascript:alert(1)',
  ])('ignores %s', (origin) => {
    expect(loopbackOrigin(origin)).toBeUndefined();
    const settings = demoSettings(new URL(`https://demo.example/?fake=${encodeURIComponent(origin)}`));
    for (const value of Object.values(settings)) expect(value.baseURL).toBeUndefined();
  });

  it('makes the samples fast only when asked', () => {
    expect(demoSettings(new URL('https://demo.example/')).sample).toBeUndefined();
    expect(demoSettings(new URL('https://demo.example/?fast')).sample).toEqual({ delayScale: 0.05 });
  });
});

describe('model choices', () => {
  it('defaults to sample models until a key is saved, then to a cheap model per keyed provider', () => {
    expect(defaultSelection([])).toEqual(['sample:ada', 'sample:basil', 'sample:cleo']);
    const picked = defaultSelection(['groq', 'openai']);
    expect(picked).toHaveLength(2);
    expect(picked[0]).toMatch(/^groq:/);
    expect(picked[1]).toMatch(/^openai:/);
    expect(debatePool(['openai']).filter((ref) => ref.startsWith('openai:'))).toHaveLength(2);
  });
});

describe('history records', () => {
  const transcript = createTranscript({
    kind: 'chat',
    participants: [{ id: 'p1', provider: 'sample', modelId: 'ada' }],
  });
  transcript.turns.push(
    { id: 't1', participantId: 'user', role: 'user', text: 'Why is the sky blue?\nPlease be brief.' },
    { id: 't2', participantId: 'p1', role: 'assistant', text: 'Rayleigh scattering.' },
  );
  const session: SavedSession = {
    id: transcript.id,
    kind: 'chat',
    title: titleOf(transcript),
    createdAt: transcript.createdAt,
    updatedAt: transcript.createdAt,
    transcript: JSON.stringify(transcript),
  };

  it('are titled by their first question, searchable by title and answers', () => {
    expect(session.title).toBe('Why is the sky blue?');
    expect(matches(session, 'SKY')).toBe(true);
    expect(matches(session, 'rayleigh')).toBe(true);
    expect(matches(session, 'photosynthesis')).toBe(false);
    expect(matches(session, '  ')).toBe(true);
    // A damaged record is still found by its title, and never breaks the list.
    expect(matches({ ...session, transcript: '{"broken":' }, 'sky')).toBe(true);
    expect(matches({ ...session, transcript: '{"broken":' }, 'rayleigh')).toBe(false);
  });

  it('file arena rounds apart from chats', () => {
    expect(kindOf(createTranscript({ kind: 'chat', mode: 'arena' }))).toBe('arena');
    expect(kindOf(createTranscript({ kind: 'debate' }))).toBe('debate');
  });
});
