import { css } from 'lit';

/** Layout of `<trialogue-message>` (colours come from the theme tokens). */
export const messageStyles = css`
  :host {
    display: block;
    /* in a grid or flex layout, long code lines scroll inside the message, not widen the page */
    min-width: 0;
    max-width: 100%;
  }
  .message {
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 1.5);
    min-width: 0;
  }
  :host([message-role='user']) .message {
    background: var(--_surface);
  }
  .header {
    margin-bottom: var(--_space);
    font-size: 0.85em;
    font-weight: 600;
    color: var(--_muted);
  }
  .plain {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    line-height: 1.55;
  }
`;
