import { css } from 'lit';

/**
 * Styles for rendered markdown (put them after `themeStyles` in an element's `static styles`; they
 * read the same `--_*` tokens). The container gets the class `markdown`.
 */
export const markdownStyles = css`
  .markdown {
    line-height: 1.55;
    overflow-wrap: anywhere;
    min-width: 0;
  }
  .markdown > :first-child {
    margin-top: 0;
  }
  .markdown > :last-child {
    margin-bottom: 0;
  }
  .markdown p,
  .markdown ul,
  .markdown ol,
  .markdown blockquote,
  .markdown table,
  .markdown .code-block {
    margin: 0 0 calc(var(--_space) * 1.25);
  }
  .markdown h3,
  .markdown h4,
  .markdown h5,
  .markdown h6 {
    margin: calc(var(--_space) * 2) 0 var(--_space);
    line-height: 1.3;
  }
  .markdown h3 {
    font-size: 1.25em;
  }
  .markdown h4 {
    font-size: 1.1em;
  }
  .markdown h5,
  .markdown h6 {
    font-size: 1em;
  }
  .markdown ul,
  .markdown ol {
    padding-inline-start: 1.6em;
  }
  .markdown blockquote {
    border-inline-start: 3px solid var(--_border);
    padding-inline-start: var(--_space);
    color: var(--_muted);
  }
  .markdown a {
    color: var(--_accent);
    text-decoration: underline;
  }
  .markdown .link-host {
    /* inline-block: the link's underline does not run under the host */
    display: inline-block;
    margin-inline-start: 0.25em;
    color: var(--_muted);
    font-size: 0.85em;
  }
  .markdown code {
    font-family: var(--_mono);
    font-size: 0.92em;
    background: var(--_code-bg);
    border-radius: 4px;
    padding: 0.1em 0.3em;
  }
  .markdown .raw {
    white-space: pre-wrap;
    font-family: var(--_mono);
    font-size: 0.92em;
  }
  .markdown table {
    border-collapse: collapse;
    display: block;
    overflow-x: auto;
    max-width: 100%;
  }
  .markdown th,
  .markdown td {
    border: 1px solid var(--_border);
    padding: calc(var(--_space) / 2) var(--_space);
  }
  .markdown th {
    background: var(--_surface);
  }
  .markdown .code-block {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_code-bg);
    overflow: hidden;
  }
  .markdown .code-header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space);
    padding: calc(var(--_space) / 2) var(--_space);
    border-bottom: 1px solid var(--_border);
    font-size: 0.85em;
    color: var(--_muted);
  }
  .markdown .code-header .copy {
    margin-inline-start: auto;
    font-size: 0.95em;
  }
  .markdown pre {
    margin: 0;
    padding: var(--_space);
    overflow-x: auto;
  }
  .markdown pre code {
    background: none;
    padding: 0;
    font-size: 0.9em;
    white-space: pre;
  }
  .markdown .image-placeholder {
    display: inline-block;
    border-style: dashed;
    margin: calc(var(--_space) / 2) 0;
  }
  .markdown .image-blocked {
    color: var(--_muted);
    font-style: italic;
  }
  .markdown img {
    max-width: 100%;
    height: auto;
  }
  /* also here, so rendered markdown needs no other style sheet for it */
  .markdown .visually-hidden {
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
  .markdown .task {
    margin-inline-end: 0.3em;
  }
`;
