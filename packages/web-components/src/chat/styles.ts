import { css } from 'lit';
import { themeStyles } from '../common/theme.js';

/** Styles of `<trialogue-chat>`: the shared tokens first, then its own layout. */
export const chatStyles = [
  themeStyles,
  css`
    :host {
      display: block;
      container-type: inline-size;
      background: var(--_bg);
    }
    .base {
      display: flex;
      flex-direction: column;
      gap: var(--_space);
      padding: var(--_space);
    }
    .toolbar,
    .pane-actions,
    .composer-actions,
    .targets {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: calc(var(--_space) / 2);
    }
    .toolbar {
      justify-content: space-between;
    }
    .toolbar .group {
      display: flex;
      flex-wrap: wrap;
      gap: calc(var(--_space) / 2);
      align-items: center;
    }
    select,
    textarea {
      font: inherit;
      color: var(--_text);
      background: var(--_bg);
      border: 1px solid var(--_border);
      border-radius: calc(var(--_radius) - 2px);
      padding: calc(var(--_space) / 2);
    }
    .panes {
      display: grid;
      gap: var(--_space);
      grid-template-columns: repeat(var(--_columns, 1), minmax(0, 1fr));
    }
    /* The column count is a class, not an inline style attribute, which a strict CSP would block
       (Lit's styleMap writes its first value as an attribute too). */
    .columns-2 {
      --_columns: 2;
    }
    .columns-3 {
      --_columns: 3;
    }
    .columns-4 {
      --_columns: 4;
    }
    .columns-5 {
      --_columns: 5;
    }
    .columns-6 {
      --_columns: 6;
    }
    .panes.stacked,
    .panes.tabs,
    .panes.focused {
      grid-template-columns: minmax(0, 1fr);
    }
    @container (max-width: 640px) {
      .panes {
        grid-template-columns: minmax(0, 1fr);
      }
    }
    /* One line of tabs, scrolled sideways when they do not fit; a long label is cut with an ellipsis
       (the pane's title below shows it whole). */
    .tablist {
      display: flex;
      gap: 2px;
      overflow-x: auto;
      border-bottom: 1px solid var(--_border);
    }
    .tablist [role='tab'] {
      flex: 0 1 auto;
      min-width: 4em;
      max-width: 16em;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      border-bottom-left-radius: 0;
      border-bottom-right-radius: 0;
    }
    .tablist [role='tab'][aria-selected='true'] {
      background: var(--_accent);
      color: var(--_accent-text);
      border-color: var(--_accent);
    }
    .pane {
      display: flex;
      flex-direction: column;
      min-width: 0;
      background: var(--_surface);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      padding: var(--_space);
      gap: calc(var(--_space) / 2);
    }
    .pane[data-status='failed'] {
      border-color: var(--_danger);
    }
    .pane-header {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      align-items: center;
      gap: calc(var(--_space) / 2);
    }
    .pane-title {
      margin: 0;
      font-size: 1em;
      font-weight: 600;
      overflow-wrap: anywhere;
    }
    .provider {
      color: var(--_muted);
      font-weight: 400;
    }
    .badge {
      font-size: 0.85em;
      color: var(--_muted);
    }
    .badge[data-status='failed'] {
      color: var(--_danger);
    }
    .badge[data-status='done'] {
      color: var(--_success);
    }
    .log {
      display: flex;
      flex-direction: column;
      gap: var(--_space);
      max-height: var(--trialogue-chat-log-height, 28rem);
      min-height: 4rem;
      overflow-y: auto;
      padding: 2px;
    }
    .turn {
      border-radius: calc(var(--_radius) - 2px);
      padding: calc(var(--_space) / 2) var(--_space);
      overflow-wrap: anywhere;
    }
    .turn.user {
      background: var(--_bg);
      border: 1px solid var(--_border);
      align-self: flex-end;
      max-width: 90%;
      white-space: pre-wrap;
    }
    .turn.assistant {
      padding: 0;
    }
    .speaker {
      display: block;
      font-size: 0.8em;
      color: var(--_muted);
      margin-bottom: 2px;
    }
    .reasoning summary {
      cursor: pointer;
      color: var(--_muted);
    }
    .reasoning pre {
      white-space: pre-wrap;
      font-family: var(--_mono);
      font-size: 0.9em;
      color: var(--_muted);
    }
    .typing {
      display: inline-flex;
      gap: 3px;
      padding: 4px 0;
    }
    .typing span {
      width: 6px;
      height: 6px;
      border-radius: 50%;
      background: var(--_muted);
      animation: blink 1.2s infinite ease-in-out;
    }
    .typing span:nth-child(2) {
      animation-delay: 0.2s;
    }
    .typing span:nth-child(3) {
      animation-delay: 0.4s;
    }
    @keyframes blink {
      0%,
      80%,
      100% {
        opacity: 0.25;
      }
      40% {
        opacity: 1;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .typing span {
        animation: none;
      }
    }
    .stopped-note {
      color: var(--_warning);
      font-size: 0.85em;
    }
    .error {
      border-left: 4px solid var(--_danger);
      padding: calc(var(--_space) / 2) var(--_space);
      background: var(--_bg);
    }
    .error strong {
      color: var(--_danger);
    }
    .error p {
      margin: 2px 0;
    }
    .stats {
      font-size: 0.85em;
      color: var(--_muted);
      min-height: 1.2em;
    }
    .composer {
      display: flex;
      flex-direction: column;
      gap: calc(var(--_space) / 2);
    }
    .composer textarea {
      width: 100%;
      box-sizing: border-box;
      min-height: 4.5em;
      resize: vertical;
    }
    fieldset.targets {
      border: 1px solid var(--_border);
      border-radius: calc(var(--_radius) - 2px);
      margin: 0;
      padding: calc(var(--_space) / 2) var(--_space);
    }
    fieldset.targets label {
      display: inline-flex;
      align-items: center;
      gap: 4px;
    }
    .problem {
      color: var(--_danger);
      margin: 0;
    }
    .empty {
      color: var(--_muted);
    }
    .import-input {
      position: absolute;
      width: 1px;
      height: 1px;
      opacity: 0;
    }
    .import-label {
      font: inherit;
      background: var(--_surface);
      border: 1px solid var(--_border);
      border-radius: calc(var(--_radius) - 2px);
      padding: calc(var(--_space) / 2) var(--_space);
      cursor: pointer;
    }
    .import-input:focus-visible + .import-label {
      outline: 3px solid var(--_focus);
      outline-offset: 2px;
    }
  `,
];
