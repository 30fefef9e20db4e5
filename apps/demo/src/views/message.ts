/**
 * Model output on the page, always through `<trialogue-message>` (the project's safe markdown
 * renderer: no raw HTML, safe links only, remote images only on a click). Never parsed here.
 */
import '@trialogue/web-components/message';

/** A view of one answer's text. */
export interface MessageView {
  element: HTMLElement;
  set(text: string, streaming: boolean): void;
}

export function messageView(): MessageView {
  const element = document.createElement('trialogue-message');
  element.className = 'text';
  return {
    element,
    set(text, streaming) {
      element.text = text;
      element.streaming = streaming;
    },
  };
}
