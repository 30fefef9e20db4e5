/**
 * Keys, on their own screen so answers never sit below a key form. Keys are kept for this tab only
 * (sessionStorage) and go only to their provider.
 */
import { TrialogueError } from '@trialogue/core';
import { allProviders } from '@trialogue/providers';
import type { AppContext } from '../app/context.js';
import { button, h } from '../views/dom.js';

const FREE_KEYS: [string, string, string][] = [
  ['Groq', 'https://console.groq.com/keys', 'free tier: Llama, Qwen, gpt-oss with rate limits'],
  ['Google Gemini', 'https://aistudio.google.com/apikey', 'free tier: Gemini Flash models with rate limits'],
  ['OpenRouter', 'https://openrouter.ai/settings/keys', 'models ending in :free cost nothing'],
];

export function keysScreen(root: HTMLElement, app: AppContext): void {
  const provider = h('select', { id: 'key-provider', name: 'provider' });
  for (const factory of allProviders)
    if (factory.requiresKey) provider.append(h('option', { value: factory.id }, factory.id));
  const key = h('input', {
    id: 'key-value',
    name: 'key',
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
  });
  const show = button('Show', () => {
    key.type = key.type === 'password' ? 'text' : 'password';
    show.textContent = key.type === 'password' ? 'Show' : 'Hide';
  });
  const status = h('p', { id: 'key-status', role: 'status' });
  const saved = h('ul', { id: 'key-list', class: 'key-list' });
  const form = h(
    'form',
    { id: 'key-form', class: 'key-form' },
    h('label', { class: 'field' }, h('span', {}, 'Provider'), provider),
    h('label', { class: 'field' }, h('span', {}, 'API key'), key),
    show,
    h('button', { type: 'submit', class: 'primary' }, 'Save for this tab'),
  );
  root.append(
    h(
      'p',
      { class: 'hint' },
      'Keys stay in this tab (they end when you close it) and are sent only to their own provider, in its auth header. See "Where your keys go".',
    ),
    form,
    status,
    h('h3', {}, 'Saved keys'),
    saved,
    h('h3', {}, 'Free keys'),
    h(
      'ul',
      { class: 'free-keys' },
      ...FREE_KEYS.map(([name, url, note]) =>
        h('li', {}, h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, name), ` — ${note}`),
      ),
    ),
    h('h3', {}, 'On this machine'),
    h(
      'p',
      {},
      'Ollama (ollama:<model>, port 11434) and LM Studio (lmstudio:<model>, port 1234) need no key. Start them with CORS allowed for this page (OLLAMA_ORIGINS for Ollama).',
    ),
  );

  async function render() {
    const ids = await app.keys.list();
    saved.replaceChildren(
      ...(ids.length
        ? ids.map((id) =>
            h(
              'li',
              { 'data-provider': id },
              `${id}: key set `,
              button(
                'Forget',
                async () => {
                  await app.keys.delete(id);
                  status.textContent = `Forgot the ${id} key.`;
                  await render();
                  app.emit('keys');
                },
                { 'aria-label': `Forget the ${id} key` },
              ),
            ),
          )
        : [h('li', {}, 'None yet: the offline sample models are used until you add one.')]),
    );
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await app.keys.set(provider.value, key.value.trim());
      status.textContent = `Saved the ${provider.value} key for this tab.`;
      key.value = '';
      await render();
      app.emit('keys');
    } catch (error) {
      status.textContent = TrialogueError.is(error) ? error.message : 'Could not save the key.';
    }
  });
  void render();
}
