/**
 * The demo's shell: screens as tabs (Chat, Debate, Arena, History, Keys, Where your keys go), the
 * light/dark switch, and "clear everything". Each screen lives in ./screens.
 */
import '@trialogue/web-components/chat';
import '@trialogue/web-components/debate';
import '@trialogue/web-components/key-manager';
import '@trialogue/web-components/message';
import '@trialogue/web-components/model-picker';
import './style.css';
import { createContext } from './app/context.js';
import { arenaScreen } from './screens/arena.js';
import { chatScreen } from './screens/chat.js';
import { debateScreen } from './screens/debate.js';
import { historyScreen } from './screens/history.js';
import { keysScreen } from './screens/keys.js';

const SCREENS = ['chat', 'debate', 'arena', 'history', 'keys', 'privacy'] as const;
type Screen = (typeof SCREENS)[number];

function show(screen: Screen) {
  for (const id of SCREENS) {
    document.getElementById(`screen-${id}`)!.hidden = id !== screen;
    const tab = document.querySelector<HTMLAnchorElement>(`nav a[href="#${id}"]`)!;
    if (id === screen) tab.setAttribute('aria-current', 'page');
    else tab.removeAttribute('aria-current');
  }
}

function route() {
  const wanted = location.hash.slice(1) as Screen;
  show(SCREENS.includes(wanted) ? wanted : 'chat');
}

/** light, dark, or the system's choice; kept in localStorage (not sensitive). */
function setupTheme() {
  const toggle = document.getElementById('theme-toggle') as HTMLButtonElement;
  const apply = (theme: string) => {
    if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
    else delete document.documentElement.dataset.theme;
    for (const element of document.querySelectorAll('[data-themed]')) {
      if (theme === 'light' || theme === 'dark') element.setAttribute('theme', theme);
      else element.removeAttribute('theme');
    }
    toggle.textContent = `Theme: ${theme}`;
  };
  const order = ['system', 'light', 'dark'];
  let theme = localStorage.getItem('trialogue.theme') ?? 'system';
  apply(theme);
  toggle.addEventListener('click', () => {
    theme = order[(order.indexOf(theme) + 1) % order.length]!;
    localStorage.setItem('trialogue.theme', theme);
    apply(theme);
  });
}

async function main() {
  setupTheme();
  const app = await createContext(new URL(location.href));
  const root = (id: Screen) =>
    document.getElementById(`screen-${id}`)!.querySelector<HTMLElement>('.screen-body')!;
  const chat = chatScreen(root('chat'), app);
  const debate = debateScreen(root('debate'), app);
  arenaScreen(root('arena'), app);
  keysScreen(root('keys'), app);
  historyScreen(root('history'), app, {
    async clearEverything() {
      await app.history.clear();
      for (const id of await app.keys.list()) await app.keys.delete(id);
      // Everything else this site kept: encrypted keys, the storage choice, the theme, and any other
      // database of this origin (such as the key stores' own). A database still open is deleted as
      // the reload closes it.
      localStorage.clear();
      sessionStorage.clear();
      for (const { name } of await indexedDB.databases()) {
        if (name && name !== 'trialogue-demo') indexedDB.deleteDatabase(name);
      }
      location.reload();
    },
    continueChat(json) {
      void chat.open(json);
      location.hash = '#chat';
    },
    continueDebate(json) {
      void debate.open(json);
      location.hash = '#debate';
    },
  });
  window.addEventListener('hashchange', route);
  route();
  document.body.dataset.ready = 'true';
}

void main();
