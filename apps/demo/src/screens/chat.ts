/**
 * Chat: `<trialogue-chat>` with up to six models side by side (panes become tabs on a phone). Ask
 * all, one or a subset; stop, retry or remove any; every answer is saved to the history as it ends,
 * so a reload keeps everything finished before it.
 */
import { parseTranscript } from '@trialogue/core';
import type { TrialogueChat } from '@trialogue/web-components/chat';
import type { AppContext } from '../app/context.js';
import { defaultSelection, demoCatalogue, displayName, isSample, SAMPLE_LABEL } from '../models.js';
import { button, h } from '../views/dom.js';
import { modelPicker } from '../views/picker.js';

const MAX_PANES = 6;
const phone = window.matchMedia('(max-width: 700px)');

/** What the chat screen offers the rest of the app. */
export interface ChatScreen {
  /** Opens a saved chat (JSON transcript) to continue it. */
  open(json: string): Promise<void>;
}

export function chatScreen(root: HTMLElement, app: AppContext): ChatScreen {
  let keyedNow: string[] = [];
  const picker = modelPicker({
    name: 'Models',
    app,
    selected: [],
    max: MAX_PANES,
    onChange: (refs) => {
      chat.models = refs;
      renderNotice();
    },
  });
  const notice = h('p', { class: 'sample-notice', id: 'sample-notice' });
  const holder = h('div', { class: 'chat-holder' });
  root.append(
    h(
      'div',
      { class: 'toolbar' },
      picker.element,
      button('New chat', () => {
        chat.stopAll();
        chat = createChat(picker.selected());
        holder.replaceChildren(chat);
      }),
    ),
    notice,
    holder,
  );

  function renderNotice() {
    const samples = picker.selected().filter((ref) => isSample(ref));
    notice.textContent = samples.length
      ? `${samples.map((ref) => displayName(ref).replace(` (${SAMPLE_LABEL})`, '')).join(', ')}: ${SAMPLE_LABEL}. They run in this page and know nothing; add a key on the Keys screen for real answers.`
      : '';
    notice.hidden = samples.length === 0;
  }

  async function save() {
    try {
      const transcript = parseTranscript(chat.exportTranscript('json'));
      if (transcript.turns.length === 0) return;
      await app.history.save(transcript, 'chat');
      app.emit('history');
    } catch {
      // Private windows may refuse IndexedDB: the chat still works, it just is not kept.
    }
  }

  function createChat(models: string[]): TrialogueChat {
    const element = document.createElement('trialogue-chat');
    element.id = 'chat';
    element.dataset.themed = '';
    const theme = document.documentElement.dataset.theme;
    if (theme === 'light' || theme === 'dark') element.setAttribute('theme', theme);
    element.registry = app.registry;
    element.catalogue = demoCatalogue;
    // A sample pane says what it is before its first answer too (its model carries the same label).
    element.describeModel = (ref) => (isSample(ref) ? displayName(ref) : undefined);
    element.setAttribute('layout', phone.matches ? 'tabs' : 'columns');
    element.models = models;
    // Saved when the question leaves and whenever an answer ends (done, stopped or failed).
    element.addEventListener('trialogue-send', () => void save());
    element.addEventListener('trialogue-turn-end', () => void save());
    return element;
  }

  let chat = createChat([]);
  holder.append(chat);
  phone.addEventListener('change', () => {
    chat.setAttribute('layout', phone.matches ? 'tabs' : 'columns');
  });

  async function refreshKeys() {
    const before = keyedNow;
    keyedNow = await app.keyed();
    // The default follows the keys until the visitor picks models.
    if (picker.selected().length === 0 || picker.selected().join() === defaultSelection(before).join()) {
      picker.set(defaultSelection(keyedNow));
      chat.models = picker.selected();
    } else picker.refresh();
    renderNotice();
  }
  app.on('keys', () => void refreshKeys());
  void refreshKeys();

  return {
    async open(json) {
      chat.stopAll();
      chat = createChat([]);
      holder.replaceChildren(chat);
      // Let the empty model list settle first, or it would replace the imported panes.
      await chat.updateComplete;
      chat.importTranscript(json);
      const refs = parseTranscript(json).participants.map((p) => `${p.provider}:${p.modelId}`);
      picker.set(refs);
      renderNotice();
    },
  };
}
