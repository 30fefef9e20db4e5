/**
 * Chat: up to six models side by side, each with its own thread. Ask all, one, or follow up with
 * one; stop, retry or remove any; every finished answer is saved to the history at once.
 */
import {
  type ChatMessage,
  type ChatModel,
  type TranscriptBuilder,
  TrialogueError,
  type TurnRecorder,
  transcriptBuilder,
} from '@trialogue/core';
import type { AppContext } from '../app/context.js';
import { demoCatalogue as catalogue, defaultSelection, displayName, modelChoices } from '../models.js';
import { button, h } from '../views/dom.js';
import { type AnswerView, PaneView } from '../views/pane.js';
import { modelPicker } from '../views/picker.js';

const MAX_PANES = 6;

interface Pane {
  id: string;
  ref: string;
  view: PaneView;
  /** The model's own thread: only the questions it was asked and its finished answers. */
  thread: ChatMessage[];
  controller?: AbortController;
  /** The last question, for retry. */
  lastQuestion?: string;
  lastTurn?: TurnRecorder;
}

export function chatScreen(root: HTMLElement, app: AppContext): void {
  const panesElement = h('div', { class: 'panes', 'data-count': '0' });
  const tabs = h('div', { class: 'pane-tabs', role: 'tablist', 'aria-label': 'Models' });
  const input = h('textarea', {
    id: 'chat-input',
    rows: '2',
    placeholder: 'Ask every model… (Enter sends, Shift+Enter adds a line)',
    'aria-label': 'Message',
  });
  const target = h('select', { id: 'chat-target', 'aria-label': 'Send to' });
  const sendButton = h('button', { type: 'submit', class: 'primary', id: 'chat-send' }, 'Send');
  const stopAll = button('Stop all', () => {
    for (const pane of panes) pane.controller?.abort();
  });
  const totals = h('span', { class: 'totals', id: 'chat-totals' });
  const composer = h(
    'form',
    { class: 'composer', id: 'chat-composer' },
    input,
    h('div', { class: 'composer-row' }, target, sendButton, stopAll, totals),
  );

  let panes: Pane[] = [];
  let counter = 0;
  let builder: TranscriptBuilder = transcriptBuilder({ kind: 'chat', mode: 'side-by-side', catalogue });
  let focused: string | undefined;

  const picker = modelPicker({
    name: 'Models',
    choices: () => modelChoices(keyedNow),
    selected: [],
    max: MAX_PANES,
    onChange: (refs) => syncPanes(refs),
  });
  let keyedNow: string[] = [];

  const newChat = button('New chat', () => {
    builder = transcriptBuilder({ kind: 'chat', mode: 'side-by-side', catalogue });
    for (const pane of panes) {
      pane.controller?.abort();
      pane.thread = [];
      pane.view.clear();
      addParticipant(pane);
    }
    renderTotals();
    input.focus();
  });

  root.append(h('div', { class: 'toolbar' }, picker.element, newChat), tabs, panesElement, composer);

  function addParticipant(pane: Pane) {
    const [provider, ...rest] = pane.ref.split(':');
    if (!builder.transcript.participants.some((p) => p.id === pane.id))
      builder.addParticipant({
        id: pane.id,
        provider: provider ?? '',
        modelId: rest.join(':'),
        label: pane.view.name,
      });
  }

  function syncPanes(refs: string[]) {
    // Keep panes of models still selected (with their threads), add the new ones in order.
    const kept: Pane[] = [];
    const pool = [...panes];
    for (const ref of refs) {
      const index = pool.findIndex((p) => p.ref === ref);
      if (index >= 0) kept.push(pool.splice(index, 1)[0]!);
      else {
        counter++;
        const id = `p${counter}`;
        const sameModel = kept.filter((p) => p.ref === ref).length;
        const name = displayName(ref) + (sameModel ? ` #${sameModel + 1}` : '');
        const pane: Pane = {
          id,
          ref,
          thread: [],
          view: new PaneView(id, ref, name, {
            onStop: () => pane.controller?.abort(),
            onRetry: () => void retry(pane),
            onRemove: () => {
              picker.set(picker.selected().filter((r) => r !== pane.ref));
              syncPanes(picker.selected());
            },
          }),
        };
        kept.push(pane);
        addParticipant(pane);
      }
    }
    for (const gone of pool) gone.controller?.abort();
    panes = kept;
    if (!panes.some((p) => p.id === focused)) focused = panes[0]?.id;
    renderPanes();
  }

  function renderPanes() {
    panesElement.dataset.count = String(panes.length);
    panesElement.replaceChildren(...panes.map((p) => p.view.element));
    for (const pane of panes) pane.view.element.classList.toggle('focused', pane.id === focused);
    tabs.replaceChildren(
      ...panes.map((pane) => {
        const tab = button(pane.view.name.replace(/ \(offline sample, not a real model\)/, ''), () => {
          focused = pane.id;
          renderPanes();
        });
        tab.setAttribute('role', 'tab');
        tab.setAttribute('aria-selected', String(pane.id === focused));
        return tab;
      }),
    );
    const previous = target.value;
    target.replaceChildren(
      h('option', { value: 'all' }, 'Send to all models'),
      ...panes.map((p) => h('option', { value: p.id }, `Only ${p.view.name}`)),
    );
    target.value = panes.some((p) => p.id === previous) ? previous : 'all';
  }

  function renderTotals() {
    let input = 0;
    let output = 0;
    let cost = 0;
    let priced = false;
    for (const turn of builder.transcript.turns) {
      input += turn.usage?.inputTokens ?? 0;
      output += turn.usage?.outputTokens ?? 0;
      if (turn.cost !== undefined) {
        cost += turn.cost;
        priced = true;
      }
    }
    totals.textContent = `Conversation: ${input + output} tokens${priced ? ` · $${cost.toFixed(4)}` : ''}`;
  }

  async function save() {
    try {
      await app.history.save(builder.transcript, 'chat');
      app.emit('history');
    } catch {
      // Private windows may refuse IndexedDB: the chat still works, it just is not kept.
    }
  }

  async function ask(pane: Pane, question: string, retrying = false) {
    pane.controller?.abort();
    const controller = new AbortController();
    pane.controller = controller;
    pane.lastQuestion = question;
    if (!retrying) {
      pane.view.addQuestion(question);
      pane.thread.push({ role: 'user', content: question });
    }
    const answer: AnswerView = pane.view.startAnswer();
    const recorder = builder.startTurn({ participantId: pane.id, round: rounds });
    pane.lastTurn = recorder;
    let model: ChatModel;
    try {
      model = await app.registry.resolve(pane.ref);
    } catch (error) {
      const failure = TrialogueError.is(error)
        ? error
        : new TrialogueError({ kind: 'invalid-request', message: String(error) });
      const event = { type: 'error' as const, error: failure, text: '', timings: { totalMs: 0 } };
      answer.end(event);
      recorder.push(event);
      pane.view.retryButton.disabled = false;
      renderTotals();
      await save();
      return;
    }
    const terminal = await pane.view.run(
      model,
      { messages: [...pane.thread], signal: controller.signal },
      answer,
      (event) => recorder.push(event),
    );
    if (pane.controller === controller) pane.controller = undefined;
    if (terminal.type === 'finish') pane.thread.push({ role: 'assistant', content: terminal.text });
    renderTotals();
    await save();
  }

  async function retry(pane: Pane) {
    if (!pane.lastQuestion) return;
    // The retried answer replaces the failed one in the transcript.
    const old = pane.lastTurn?.turn;
    if (old) builder.transcript.turns.splice(builder.transcript.turns.indexOf(old), 1);
    await ask(pane, pane.lastQuestion, true);
  }

  let rounds = 0;
  function send() {
    const question = input.value.trim();
    if (!question || panes.length === 0) return;
    const to = target.value === 'all' ? panes : panes.filter((p) => p.id === target.value);
    rounds++;
    builder.addUserTurn(question, {
      round: rounds,
      ...(to.length < panes.length ? { phase: `to ${to.map((p) => p.id).join(' ')}` } : {}),
    });
    input.value = '';
    for (const pane of to) void ask(pane, question);
  }

  composer.addEventListener('submit', (event) => {
    event.preventDefault();
    send();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      send();
    } else if (event.key === 'Escape') {
      for (const pane of panes) pane.controller?.abort();
    }
  });

  async function refreshKeys() {
    const before = keyedNow;
    keyedNow = await app.keyed();
    const untouched = picker.selected().join() === defaultSelection(before).join();
    // The default follows the keys until the visitor picks models.
    if (untouched || panes.length === 0) {
      picker.set(defaultSelection(keyedNow));
      syncPanes(picker.selected());
    } else picker.refresh();
  }
  app.on('keys', () => void refreshKeys());
  void refreshKeys();
}
