// The chat pages' script (chat.html, and chat-csp.html under a strict CSP, where no inline script runs).
// Everything comes from the one script-tag file. The test hands over the fake servers' base
// URLs in the query and the keys through window.configure (never in the URL or an attribute).
import { createRegistry, memoryKeyStore } from '/dist/trialogue.js';

const params = new URLSearchParams(location.search);
const chat = document.querySelector('trialogue-chat');
if (params.get('models')) chat.setAttribute('models', params.get('models'));
if (params.get('theme')) {
  chat.setAttribute('theme', params.get('theme'));
  document.body.classList.toggle('dark', params.get('theme') === 'dark');
}
const bases = JSON.parse(params.get('bases') ?? '{}');
const settings = Object.fromEntries(
  Object.entries(bases).map(([provider, baseURL]) => [
    provider,
    provider === 'anthropic' ? { baseURL, dangerouslyAllowBrowser: true } : { baseURL },
  ]),
);
window.__events = [];
for (const type of ['send', 'turn-start', 'turn-delta', 'turn-end', 'error', 'stop', 'export']) {
  chat.addEventListener(`trialogue-${type}`, (event) => {
    window.__events.push({ type: event.type, detail: JSON.parse(JSON.stringify(event.detail)) });
  });
}
window.configure = (keys, request) => {
  chat.registry = createRegistry({ keys: memoryKeyStore(keys), settings });
  if (request) chat.request = request;
};
window.__ready = true;
