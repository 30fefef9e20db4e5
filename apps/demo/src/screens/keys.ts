/**
 * Keys, on their own screen so answers never sit below a key form: `<trialogue-key-manager>` (this
 * tab only by default, or remembered on this device encrypted with a passphrase).
 */
import type { AppContext } from '../app/context.js';
import { h } from '../views/dom.js';

export function keysScreen(root: HTMLElement, app: AppContext): void {
  app.keyManager.id = 'key-manager';
  app.keyManager.dataset.themed = '';
  root.append(
    h(
      'p',
      { class: 'hint' },
      'Keys are sent only to their own provider, in its auth header, straight from this browser. Without a key, the offline sample models answer. See "Where your keys go".',
    ),
    app.keyManager,
  );
}
