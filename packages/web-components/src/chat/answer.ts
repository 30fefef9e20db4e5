/**
 * How `<trialogue-chat>` shows a model's answer. Model output is untrusted: it reaches the page only
 * through `<trialogue-message>` (the package's one safe markdown renderer: no raw HTML, checked
 * links, no remote image without a click), which re-renders only the unfinished tail while the
 * answer streams.
 */
import { html, nothing, type TemplateResult } from 'lit';
import '../message/index.js';

/** The answer's body. `theme` is passed on so a forced light/dark theme reaches the message too. */
export function renderAnswer(
  text: string,
  streaming: boolean,
  label: string,
  theme: string | undefined,
): TemplateResult {
  return html`<trialogue-message
    part="answer-body"
    .text=${text}
    .label=${label}
    ?streaming=${streaming}
    theme=${theme ?? nothing}
  ></trialogue-message>`;
}
