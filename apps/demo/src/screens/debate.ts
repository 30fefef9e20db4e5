/**
 * Debate: `<trialogue-debate>` (format, participants, judge or chair, rounds, budget, the estimate
 * before starting, live rounds and turns, stop, follow-up, open and export). This screen gives it
 * the models and the registry, and saves every finished turn to the history as it ends.
 */
import { createTranscript, type Transcript } from '@trialogue/core';
import type { DebateEvent } from '@trialogue/debate';
import type { AppContext } from '../app/context.js';
import { debatePool, demoCatalogue, SAMPLE_REFS } from '../models.js';

/** What the debate screen offers the rest of the app. */
export interface DebateScreen {
  /** Opens a saved debate (JSON transcript): replayed without calling any model. */
  open(json: string): Promise<void>;
}

export function debateScreen(root: HTMLElement, app: AppContext): DebateScreen {
  const debate = document.createElement('trialogue-debate');
  debate.id = 'debate';
  debate.dataset.themed = '';
  debate.registry = app.registry;
  debate.catalogue = demoCatalogue;
  debate.models = [...SAMPLE_REFS];
  root.append(debate);

  // The run being saved: turns are written as they end, so a reload keeps them.
  let partial: Transcript | undefined;

  // Writes happen one after another, so a late partial save never lands after the final one.
  let writes: Promise<void> = Promise.resolve();
  function save(transcript: Transcript, replaces?: string) {
    const snapshot = structuredClone(transcript);
    writes = writes.then(async () => {
      try {
        if (replaces && replaces !== snapshot.id) await app.history.remove(replaces);
        await app.history.save(snapshot, 'debate');
        app.emit('history');
      } catch {
        // No IndexedDB (a private window): the debate still runs, it just is not kept.
      }
    });
  }

  function record(event: DebateEvent) {
    if (event.type === 'run-start') {
      partial = createTranscript({
        id: event.runId,
        kind: 'debate',
        mode: event.format,
        title: event.question,
        participants: event.participants,
      });
      partial.turns.push({
        id: `q-${event.runId}`,
        participantId: 'user',
        role: 'user',
        text: event.question,
      });
      save(partial);
    } else if (partial && (event.type === 'turn-end' || event.type === 'turn-error')) {
      partial.turns.push({
        id: event.turnId,
        participantId: event.participantId,
        role: 'assistant',
        text: event.text,
        round: event.round,
        phase: event.phase,
        ...(event.usage ? { usage: event.usage } : {}),
        ...(event.type === 'turn-end'
          ? { finishReason: event.finishReason, ...(event.cost !== undefined ? { cost: event.cost } : {}) }
          : { error: event.error }),
      });
      save(partial);
    }
  }

  // A replay (a saved transcript opened in the element) calls no model: it is saved once, at its end.
  let replaying = false;
  debate.addEventListener('trialogue-debate-start', (event) => {
    replaying = event.detail.replay;
  });
  debate.addEventListener('trialogue-debate-event', (event) => {
    if (!replaying) record(event.detail.event);
  });
  debate.addEventListener('trialogue-debate-end', (event) => {
    const { runId, transcript } = event.detail;
    // A follow-up's transcript keeps the first run's id and its exchanges: it replaces the
    // follow-up's own partial entry.
    partial = undefined;
    save(transcript, runId);
  });

  async function refreshKeys() {
    debate.models = debatePool(await app.keyed());
  }
  app.on('keys', () => void refreshKeys());
  void refreshKeys();

  return {
    open: (json) => debate.openTranscript(json),
  };
}
