import { css } from 'lit';

/** The debate element's layout (colours, fonts and spacing come from the shared theme tokens). */
export const debateStyles = css`
  :host {
    display: block;
    background: var(--_bg);
    padding: calc(var(--_space) * 2);
    border-radius: var(--_radius);
  }
  h2 {
    margin: 0 0 var(--_space);
    font-size: 1.25em;
  }
  h3 {
    margin: 0 0 var(--_space);
    font-size: 1.05em;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
    margin-bottom: calc(var(--_space) * 2);
  }
  .file {
    display: inline-flex;
    align-items: center;
    gap: var(--_space);
    flex-wrap: wrap;
  }
  .file input {
    font: inherit;
    max-width: 100%;
  }
  button.danger {
    border-color: var(--_danger);
    color: var(--_danger);
    font-weight: 600;
  }
  .setup,
  .follow-up {
    display: grid;
    gap: var(--_space);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 2);
    margin-bottom: calc(var(--_space) * 2);
  }
  label {
    font-weight: 600;
  }
  label.check {
    font-weight: normal;
    display: block;
    padding: 2px 0;
  }
  textarea,
  select,
  input[type='number'] {
    box-sizing: border-box;
    width: 100%;
    font: inherit;
    color: var(--_text);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) - 2px);
    padding: calc(var(--_space) / 2) var(--_space);
  }
  fieldset {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space) calc(var(--_space) * 1.5);
    margin: 0;
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr));
    gap: var(--_space);
  }
  .grid label {
    display: block;
    margin-bottom: 2px;
  }
  .hint {
    margin: 2px 0 0;
    font-size: 0.88em;
  }
  .estimate {
    padding: var(--_space);
    border-left: 4px solid var(--_accent);
    background: var(--_bg);
  }
  .setup button[type='submit'] {
    justify-self: start;
  }
  .exchange {
    margin-bottom: calc(var(--_space) * 3);
  }
  .question {
    border-left: 4px solid var(--_accent);
    padding: 0 var(--_space);
    margin-bottom: calc(var(--_space) * 2);
  }
  .question p {
    margin: 2px 0;
    white-space: pre-wrap;
  }
  .question p:first-of-type {
    font-weight: 600;
  }
  .round {
    margin-bottom: calc(var(--_space) * 2);
  }
  .turns {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, var(--trialogue-debate-card-width, 18rem)), 1fr));
    gap: var(--_space);
  }
  .turn {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) / 2);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space);
    min-width: 0;
  }
  .turn.failed {
    border-color: var(--_danger);
  }
  .turn-head,
  .turn-foot {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: calc(var(--_space) / 2);
    font-size: 0.88em;
  }
  .model {
    overflow-wrap: anywhere;
  }
  /* An adversarial debater's side: its own line under the model and the status. */
  .side {
    order: 1;
    flex-basis: 100%;
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .status {
    border-radius: 999px;
    padding: 0 var(--_space);
    border: 1px solid currentColor;
  }
  .status.streaming {
    color: var(--_accent);
  }
  .status.done {
    color: var(--_success);
  }
  .status.failed {
    color: var(--_danger);
  }
  .status.stopped {
    color: var(--_warning);
  }
  .turn-error {
    margin: 0;
    font-size: 0.9em;
  }
  trialogue-message {
    display: block;
  }
  .reasoning summary {
    cursor: pointer;
    color: var(--_muted);
    font-size: 0.9em;
  }
  .interjection {
    margin: var(--_space) 0;
    padding: var(--_space);
    border-left: 4px solid var(--_accent);
    white-space: pre-wrap;
  }
  .consensus {
    margin: var(--_space) 0;
  }
  table.votes {
    border-collapse: collapse;
    margin: var(--_space) 0;
    min-width: min(100%, 24rem);
  }
  .votes caption {
    text-align: left;
    font-weight: 600;
  }
  .votes th,
  .votes td {
    border: 1px solid var(--_border);
    padding: 2px var(--_space);
    text-align: left;
  }
  .votes tr.winner td {
    font-weight: 700;
  }
  .rankings {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 2);
  }
  .rankings figure {
    margin: 0;
  }
  .rankings ol {
    margin: 2px 0;
    padding-left: 1.5em;
  }
  .outcome {
    border: 2px solid var(--_success);
    border-radius: var(--_radius);
    padding: var(--_space) calc(var(--_space) * 1.5);
  }
  .outcome h3:focus {
    outline: none;
  }
  .outcome h3:focus-visible {
    outline: 3px solid var(--_focus);
  }
  .final {
    font-size: 1.1em;
    margin: 0 0 var(--_space);
  }
  .stop-reason {
    margin: 0 0 var(--_space);
  }
`;
