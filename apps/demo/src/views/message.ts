/**
 * Model output on the page. With `<trialogue-message>` (the project's safe markdown renderer) it is
 * rendered markdown; until that element is registered it is plain text. Either way it is never
 * parsed as HTML here.
 */
import { h } from './dom.js';

/** A view of one answer's text. */
export interface MessageView {
  element: HTMLElement;
  set(text: string, streaming: boolean): void;
}

type MessageElement = HTMLElement & { text?: string; content?: string; streaming?: boolean };

export function messageView(): MessageView {
  if (customElements.get('trialogue-message')) {
    const element = document.createElement('trialogue-message') as MessageElement;
    element.className = 'text';
    return {
      element,
      set(text, streaming) {
        element.text = text;
        element.streaming = streaming;
      },
    };
  }
  const element = h('div', { class: 'text plain' });
  return {
    element,
    set(text) {
      element.textContent = text;
    },
  };
}
