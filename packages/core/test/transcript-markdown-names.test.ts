import { describe, expect, it } from 'vitest';
import { createTranscript, toMarkdown } from '../src/index.js';

describe('toMarkdown names each thing once', () => {
  it('heads a chat "Chat", not "Chat · chat", and names a model-named participant once', () => {
    const t = createTranscript({
      id: 'x',
      kind: 'chat',
      mode: 'chat',
      createdAt: '2026-12-06T07:00:00.000Z',
    });
    t.participants.push(
      { id: 'openai:gpt-4.1-mini', provider: 'openai', modelId: 'gpt-4.1-mini' },
      { id: 'openai:gpt-4.1-mini#2', provider: 'openai', modelId: 'gpt-4.1-mini' },
      { id: 'judge', provider: 'anthropic', modelId: 'claude-haiku-4-5' },
    );
    for (const [i, id] of ['openai:gpt-4.1-mini', 'openai:gpt-4.1-mini#2', 'judge'].entries())
      t.turns.push({ id: `t${i}`, participantId: id, role: 'assistant', text: 'Hi.', round: 1 });
    const md = toMarkdown(t);
    expect(md).toContain('\n\nChat · 2026-12-06T07:00:00.000Z\n');
    expect(md).not.toContain('Chat · chat');
    expect(md).toContain('### Round 1 — openai:gpt-4.1-mini\n');
    expect(md).toContain('### Round 1 — openai:gpt-4.1-mini#2\n');
    expect(md).not.toContain('openai:gpt-4.1-mini (openai:gpt-4.1-mini)');
    // A participant with a name of its own still shows its model.
    expect(md).toContain('### Round 1 — judge (anthropic:claude-haiku-4-5)');
    // A mode that says more than the kind stays.
    expect(toMarkdown(createTranscript({ kind: 'chat', mode: 'ask' }))).toMatch(/\nChat · ask · /);
  });
});
