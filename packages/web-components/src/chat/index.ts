/**
 * `<trialogue-chat>`: ask several models at once, one pane and one thread per model. Importing this
 * module registers the element; the controller is exported for tests and custom views.
 * @packageDocumentation
 */
import { TrialogueChat } from './chat-element.js';

export { type ChatLayout, TrialogueChat } from './chat-element.js';
export {
  type ChatChange,
  ChatController,
  type ChatControllerEvent,
  type ChatControllerOptions,
  type ChatModelInput,
  type ChatPane,
  type ChatTurn,
  MAX_PANES,
  type TurnStatus,
} from './controller.js';
export type {
  ChatErrorDetail,
  ChatExportDetail,
  ChatSendDetail,
  ChatStopDetail,
  ChatTurnDeltaDetail,
  ChatTurnEndDetail,
  ChatTurnStartDetail,
} from './events.js';
export { chatStrings } from './strings.js';

if (typeof customElements !== 'undefined' && !customElements.get('trialogue-chat'))
  customElements.define('trialogue-chat', TrialogueChat);

declare global {
  interface HTMLElementTagNameMap {
    'trialogue-chat': TrialogueChat;
  }
}
