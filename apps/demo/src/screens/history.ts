/**
 * History: every chat, debate and arena round kept in this browser, newest first; search, open,
 * rename, delete; export as the project's JSON transcript or as Markdown; import a JSON transcript;
 * "Clear everything" (history, leaderboard and keys).
 */
import { parseTranscript, toMarkdown } from '@trialogue/core';
import type { AppContext } from '../app/context.js';
import type { SavedSession } from '../history/store.js';
import { displayName } from '../models.js';
import { button, download, fileName, h } from '../views/dom.js';
import { messageView } from '../views/message.js';

export function historyScreen(
  root: HTMLElement,
  app: AppContext,
  actions: {
    clearEverything: () => Promise<void>;
    continueChat: (json: string) => void;
    continueDebate: (json: string) => void;
  },
): void {
  const search = h('input', {
    type: 'search',
    id: 'history-search',
    placeholder: 'Search titles and answers',
    'aria-label': 'Search history',
  });
  const file = h('input', {
    type: 'file',
    accept: '.json,application/json',
    id: 'history-import',
    'aria-label': 'Import a JSON transcript',
    tabindex: '-1',
    class: 'visually-hidden',
  });
  const importButton = button('Import a JSON transcript', () => file.click(), {
    id: 'history-import-button',
  });
  const status = h('p', { class: 'status', role: 'status', id: 'history-status' });
  const list = h('ul', { class: 'history-list', id: 'history-list' });
  const viewer = h('section', { class: 'viewer', id: 'history-viewer', 'aria-label': 'Saved session' });
  const clear = button('Clear everything', () => void actions.clearEverything(), {
    class: 'danger',
    id: 'clear-everything',
  });
  root.append(
    h('div', { class: 'toolbar' }, search, importButton, file, clear),
    h(
      'p',
      { class: 'hint' },
      '"Clear everything" removes the history, the leaderboard and every key on this device at once.',
    ),
    status,
    h('div', { class: 'history-layout' }, list, viewer),
  );

  function open(session: SavedSession) {
    let transcript: ReturnType<typeof parseTranscript>;
    try {
      transcript = parseTranscript(session.transcript);
    } catch (error) {
      status.textContent = `Could not open "${session.title}": ${(error as Error).message}`;
      return;
    }
    const names = new Map(
      transcript.participants.map((p) => [p.id, p.label ?? displayName(`${p.provider}:${p.modelId}`)]),
    );
    viewer.replaceChildren(
      h('h3', {}, session.title),
      h(
        'p',
        { class: 'hint' },
        `${session.kind} · ${new Date(session.createdAt).toLocaleString()}${transcript.outcome?.answer ? ` · outcome: ${transcript.outcome.answer}` : ''}`,
      ),
      ...transcript.turns.map((turn) => {
        // A model's text is markdown (through the safe renderer); the visitor's is plain text.
        const view =
          turn.role === 'assistant' ? messageView() : { element: h('p', { class: 'text plain' }), set() {} };
        if (turn.role === 'assistant') view.set(turn.text, false);
        else view.element.textContent = turn.text;
        return h(
          'article',
          { class: `saved-turn ${turn.role}` },
          h(
            'h4',
            {},
            turn.role === 'user' ? 'You' : (names.get(turn.participantId) ?? turn.participantId),
            turn.phase ? h('small', {}, ` · ${turn.phase}`) : undefined,
          ),
          view.element,
          turn.error ? h('p', { class: 'error' }, turn.error.message) : undefined,
        );
      }),
    );
  }

  async function render() {
    const sessions = await app.history.list(search.value);
    list.replaceChildren(
      ...(sessions.length
        ? sessions.map((session) => {
            const title = h('button', { type: 'button', class: 'link title' }, session.title);
            title.addEventListener('click', () => open(session));
            const rename = button('Rename', () => {
              const field = h('input', {
                type: 'text',
                value: session.title,
                'aria-label': 'New name',
                class: 'rename-field',
              });
              const done = async () => {
                await app.history.rename(session.id, field.value);
                await render();
              };
              field.addEventListener('keydown', (event) => {
                if (event.key === 'Enter') void done();
                if (event.key === 'Escape') void render();
              });
              field.addEventListener('blur', () => void done());
              title.replaceWith(field);
              field.focus();
              field.select();
            });
            const transcriptOf = () => parseTranscript(session.transcript);
            return h(
              'li',
              { 'data-id': session.id, 'data-kind': session.kind },
              h('span', { class: `kind ${session.kind}` }, session.kind),
              title,
              h('time', { datetime: session.updatedAt }, new Date(session.updatedAt).toLocaleString()),
              h(
                'span',
                { class: 'row-actions' },
                rename,
                session.kind === 'chat' || session.kind === 'debate'
                  ? button(
                      session.kind === 'chat' ? 'Continue' : 'Open',
                      () =>
                        session.kind === 'chat'
                          ? actions.continueChat(session.transcript)
                          : actions.continueDebate(session.transcript),
                      {
                        'aria-label':
                          session.kind === 'chat'
                            ? `Continue ${session.title} in Chat`
                            : `Open ${session.title} in Debate`,
                        class: 'continue',
                      },
                    )
                  : undefined,
                button(
                  'JSON',
                  () => download(fileName(session.title, 'json'), session.transcript, 'application/json'),
                  { 'aria-label': `Export ${session.title} as JSON`, class: 'export-json' },
                ),
                button(
                  'Markdown',
                  () => download(fileName(session.title, 'md'), toMarkdown(transcriptOf()), 'text/markdown'),
                  { 'aria-label': `Export ${session.title} as Markdown`, class: 'export-md' },
                ),
                button(
                  'Delete',
                  async () => {
                    await app.history.remove(session.id);
                    viewer.replaceChildren();
                    await render();
                  },
                  { 'aria-label': `Delete ${session.title}`, class: 'delete' },
                ),
              ),
            );
          })
        : [
            h(
              'li',
              { class: 'empty' },
              search.value
                ? 'Nothing matches.'
                : 'Nothing saved yet: chats, debates and arena rounds appear here as they finish.',
            ),
          ]),
    );
  }

  file.addEventListener('change', async () => {
    const chosen = file.files?.[0];
    file.value = '';
    if (!chosen) return;
    try {
      const saved = await app.history.importJson(await chosen.text());
      status.textContent = `Imported "${saved.title}".`;
      await render();
      open(saved);
    } catch (error) {
      status.textContent = `Could not import ${chosen.name}: ${(error as Error).message}`;
    }
  });
  search.addEventListener('input', () => void render());
  app.on('history', () => void render());
  void render();
}
