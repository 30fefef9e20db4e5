import { css } from 'lit';

/** The dark palette, used by both ways into dark (the colour scheme and `theme="dark"`). */
const darkTokens = css`
  --_bg: var(--trialogue-color-background, #16181c);
  --_surface: var(--trialogue-color-surface, #202329);
  --_text: var(--trialogue-color-text, #e8eaed);
  --_muted: var(--trialogue-color-muted, #a9aeb6);
  --_border: var(--trialogue-color-border, #3d424a);
  --_accent: var(--trialogue-color-accent, #8ab4ff);
  --_accent-text: var(--trialogue-color-accent-text, #10131a);
  --_danger: var(--trialogue-color-danger, #ff8a80);
  --_warning: var(--trialogue-color-warning, #f2c16b);
  --_success: var(--trialogue-color-success, #7fd694);
  --_focus: var(--trialogue-color-focus, #9cc0ff);
  --_code-bg: var(--trialogue-color-code-background, #272b31);
  color-scheme: dark;
`;

/**
 * The design tokens every element reads: colours, fonts, radii and spacing as CSS custom properties
 * (`--trialogue-*`), light by default, dark from `prefers-color-scheme` or `theme="dark"`
 * (`theme="light"` forces light). A page restyles every element by setting these on any ancestor.
 *
 * Each element puts `themeStyles` first in its `static styles`.
 */
export const themeStyles = css`
  :host {
    --_bg: var(--trialogue-color-background, #ffffff);
    --_surface: var(--trialogue-color-surface, #f5f6f8);
    --_text: var(--trialogue-color-text, #1a1c1f);
    --_muted: var(--trialogue-color-muted, #55595f);
    --_border: var(--trialogue-color-border, #c9cdd3);
    --_accent: var(--trialogue-color-accent, #2151c5);
    --_accent-text: var(--trialogue-color-accent-text, #ffffff);
    --_danger: var(--trialogue-color-danger, #b3261e);
    --_warning: var(--trialogue-color-warning, #8a5300);
    --_success: var(--trialogue-color-success, #1e6b34);
    --_focus: var(--trialogue-color-focus, #1b5fd1);
    --_code-bg: var(--trialogue-color-code-background, #eef0f3);
    --_font: var(--trialogue-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_mono: var(--trialogue-font-mono, ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace);
    --_size: var(--trialogue-font-size, 15px);
    --_radius: var(--trialogue-radius, 8px);
    --_space: var(--trialogue-space, 8px);
    color-scheme: light;
    color: var(--_text);
    font-family: var(--_font);
    font-size: var(--_size);
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${darkTokens}
    }
  }
  :host([theme='dark']) {
    ${darkTokens}
  }
  :host([hidden]) {
    display: none;
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  button {
    font: inherit;
    color: inherit;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) - 2px);
    padding: calc(var(--_space) / 2) var(--_space);
    cursor: pointer;
  }
  button.primary {
    background: var(--_accent);
    color: var(--_accent-text);
    border-color: var(--_accent);
  }
  button:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
`;

/**
 * The colour classes the setup elements (key manager, model picker, debate) share for status text:
 * `.muted` for secondary text, `.ok` for a success, `.error` for a failure. Listed after
 * `themeStyles` in those elements' `static styles`.
 */
export const statusStyles = css`
  .muted {
    color: var(--_muted);
  }
  .ok {
    color: var(--_success);
  }
  .error {
    color: var(--_danger);
  }
`;
