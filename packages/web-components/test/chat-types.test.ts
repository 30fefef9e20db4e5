/**
 * The chat's events are typed in HTMLElementEventMap: `addEventListener('trialogue-turn-end', …)`
 * gives a typed detail without a cast. Checked by the type checker (`pnpm typecheck` includes tests)
 * and by one runtime dispatch.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ChatErrorDetail, ChatTurnEndDetail } from '../src/chat/events.js';

describe('chat event types', () => {
  it('maps every trialogue-* event name to its detail type', () => {
    expectTypeOf<HTMLElementEventMap['trialogue-turn-end']>().toEqualTypeOf<CustomEvent<ChatTurnEndDetail>>();
    expectTypeOf<HTMLElementEventMap['trialogue-error']['detail']>().toEqualTypeOf<ChatErrorDetail>();
    expectTypeOf<ChatTurnEndDetail['status']>().toEqualTypeOf<'done' | 'stopped' | 'failed'>();
    expectTypeOf<HTMLElementEventMap['trialogue-send']['detail']['paneIds']>().toEqualTypeOf<string[]>();
    expectTypeOf<HTMLElementEventMap['trialogue-export']['detail']['format']>().toEqualTypeOf<
      'json' | 'markdown'
    >();
    // A listener reads the detail without a cast.
    const target = new EventTarget() as HTMLElement;
    const seen: string[] = [];
    target.addEventListener('trialogue-turn-end', (event) => seen.push(event.detail.status));
    target.dispatchEvent(
      new CustomEvent<ChatTurnEndDetail>('trialogue-turn-end', {
        detail: {
          paneId: 'p1',
          turnId: 't2',
          model: 'openai:gpt-4.1-mini',
          label: 'gpt-4.1-mini',
          status: 'stopped',
          text: '',
        },
      }),
    );
    expect(seen).toEqual(['stopped']);
  });
});
