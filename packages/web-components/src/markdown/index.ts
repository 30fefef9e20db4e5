/**
 * Safe markdown for untrusted model output: the one module every Trialogue element uses to show
 * what a model wrote. GFM (tables, lists, code, strikethrough) through `marked`; raw HTML shown as
 * text; DOMPurify with a strict allow-list as a second line of defence; links only `http:`,
 * `https:` and `mailto:` (with their host shown, opening in a new tab without referrer); remote images
 * only after a click on a placeholder; code as text with a copy button. Text in, safe DOM out.
 *
 * `renderMarkdown` renders a whole text; `createMarkdownStream` renders an answer as it streams,
 * keeping finished blocks and re-rendering only the unfinished tail, once per animation frame.
 * @packageDocumentation
 */
import { lexBlocks, type RenderMarkdownOptions, renderTokens } from './render.js';

export type { RenderMarkdownOptions } from './render.js';
export {
  createMarkdownStream,
  type MarkdownRenderInfo,
  type MarkdownStream,
  type MarkdownStreamOptions,
} from './stream.js';
export { markdownStyles } from './styles.js';
export { isAllowedImageOrigin, safeImageUrl, safeLinkUrl } from './urls.js';

/**
 * Renders `text` (markdown written by a model, or anyone) to a fragment that is safe to insert:
 * no element from the text's own HTML, no script, no style, no URL but checked `http(s)`/`mailto`
 * links, no image fetched until its placeholder is clicked. Put the fragment in an element with the
 * class `markdown` and {@link markdownStyles} in its styles.
 *
 * @example
 * ```ts fragment
 * const body = document.createElement('div');
 * body.className = 'markdown';
 * body.append(renderMarkdown('**Hi** <img src=x onerror=alert(1)> [docs](https://example.com)'));
 * // <p><strong>Hi</strong> &lt;img src=x onerror=alert(1)&gt; <a href="https://example.com/" ...>docs ...</a></p>
 * ```
 */
export function renderMarkdown(text: string, options: RenderMarkdownOptions = {}): DocumentFragment {
  return renderTokens(lexBlocks(text.replace(/\r\n?/g, '\n')), options, {});
}
