/**
 * How `<trialogue-chat>` shows a model's answer. Model output is untrusted: it only ever reaches
 * the page as text, through this one function, so swapping in the safe markdown renderer
 * (`<trialogue-message>`) is a change here and nowhere else.
 */
import { html, type TemplateResult } from 'lit';

/** The answer's body: plain text (whitespace kept) until the markdown renderer is wired in. */
export function renderAnswer(text: string, _streaming: boolean): TemplateResult {
  return html`<div class="answer-text">${text}</div>`;
}
