/**
 * Markdown to safe DOM, one pass: marked (GFM) turns text into HTML in which raw HTML from the model
 * is escaped to text and every link, image and code block is only a numbered placeholder; DOMPurify,
 * with an allow-list of plain formatting tags and no attribute that can carry a URL, sanitizes that
 * HTML as a second line of defence; then the placeholders are filled through DOM APIs
 * (`setAttribute`, `textContent`) from values checked here, never parsed as HTML again.
 */
import DOMPurify from 'dompurify';
import { Lexer, Marked, type Token, type Tokens } from 'marked';
import { messages } from '../common/messages.js';
import type { MessageStrings } from '../message/strings.js';
import { isAllowedImageOrigin, safeImageUrl, safeLinkUrl } from './urls.js';

/** Options of {@link renderMarkdown} and {@link createMarkdownStream}. */
export interface RenderMarkdownOptions {
  /**
   * Origins whose images may be loaded, each on a click (`['https://images.example.com']`). Without
   * a list any `http(s)` image may be loaded on a click; images are never fetched without one.
   */
  imageOrigins?: readonly string[];
  /** Strings to use instead of the page's message map (`messages().message`). */
  strings?: Partial<MessageStrings>;
  /**
   * The level of the text's first heading (default 3: a message sits under the page's h1 and a
   * pane's h2). Later headings keep their rank relative to the first one, never skip a level and
   * never go above this one, so the page's outline stays valid whatever the model writes.
   */
  headingLevel?: number;
}

/**
 * Heading levels seen so far in one text: the markdown depth of its first heading and the level
 * of the last one (a stream carries this from its kept blocks to its tail).
 */
export interface HeadingOutline {
  firstDepth?: number;
  lastLevel?: number;
}

/** Reference definitions (`[label]: url`) seen so far, keyed the way marked keys them. */
export type LinkDefinitions = Record<string, { href: string; title: string }>;

interface Placeholders {
  links: { href: string; title: string | null | undefined; literal: boolean }[];
  images: { href: string; alt: string; title: string | null }[];
  code: { text: string; lang: string }[];
}

let headingBase = 3;
let outline: HeadingOutline = {};

// The render in progress (rendering is synchronous, so one slot is enough).
let placeholders: Placeholders = { links: [], images: [], code: [] };

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
/** Escapes text for HTML, every `&` included: what the model wrote is shown, never interpreted. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => escapes[char]!);
}

const marked = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: {
    // Raw HTML (block or inline) is shown as the text the model wrote.
    html(token: Tokens.HTML | Tokens.Tag) {
      const text = escapeHtml(token.text);
      return token.block ? `<p data-md-raw="">${text.replace(/\n+$/, '')}</p>\n` : text;
    },
    link(token: Tokens.Link) {
      const index =
        placeholders.links.push({ href: token.href, title: token.title, literal: !!token.autolink }) - 1;
      const text = token.autolink ? escapeHtml(token.text) : this.parser.parseInline(token.tokens);
      return `<a data-md-link="${index}">${text}</a>`;
    },
    image(token: Tokens.Image) {
      const index = placeholders.images.push({ href: token.href, alt: token.text, title: token.title }) - 1;
      return `<span data-md-image="${index}"></span>`;
    },
    code(token: Tokens.Code) {
      const lang = (token.lang ?? '').trim().split(/\s/)[0]!.slice(0, 40);
      const index = placeholders.code.push({ text: token.text, lang }) - 1;
      return `<div data-md-code="${index}"></div>\n`;
    },
    codespan(token: Tokens.Codespan) {
      return `<code>${escapeHtml(token.text)}</code>`;
    },
    checkbox(token: Tokens.Checkbox) {
      return `<span data-md-task="${token.checked ? 'done' : 'open'}"></span>`;
    },
    heading(token: Tokens.Heading) {
      outline.firstDepth ??= token.depth;
      const ranked = headingBase + token.depth - outline.firstDepth;
      const level = Math.max(headingBase, Math.min(ranked, (outline.lastLevel ?? headingBase - 1) + 1, 6));
      outline.lastLevel = level;
      return `<h${level}>${this.parser.parseInline(token.tokens)}</h${level}>\n`;
    },
  },
});

/**
 * Limits on one inline run (a paragraph, a heading, a table cell) read as markdown; past them the
 * run is shown as plain text. Inline parsing is quadratic on adversarial input (`*a*a*a…`: 2,000
 * characters take 50 ms, 50,000 take seconds), so a model cannot stall the page for long. Real
 * prose stays far below: a dense paragraph of 4,000 characters with a link, bold, italics, code
 * and strikethrough every sentence has about 800 delimiters.
 */
export const INLINE_LIMITS = { maxChars: 10_000, maxDelimiters: 1_500 } as const;

// * _ ~ [ ] ` <
const delimiterCodes = new Set([42, 95, 126, 91, 93, 96, 60]);

function tooCostly(src: string): boolean {
  if (src.length > INLINE_LIMITS.maxChars) return true;
  let delimiters = 0;
  for (let i = 0; i < src.length; i++) {
    if (delimiterCodes.has(src.charCodeAt(i)) && ++delimiters > INLINE_LIMITS.maxDelimiters) return true;
  }
  return false;
}

/**
 * Splits `text` into top-level block tokens (paragraphs, lists, tables, code, ...), each with the
 * `raw` source it came from. `links` seeds reference definitions seen earlier in the same answer.
 * Never throws: input nested deep enough to exhaust the stack comes back as one block of text.
 */
export function lexBlocks(text: string, links?: LinkDefinitions): Token[] & { links: LinkDefinitions } {
  // Shown by the html renderer: escaped, as the text it is.
  const asText = (): Token[] & { links: LinkDefinitions } => {
    const token: Tokens.HTML = { type: 'html', block: true, pre: false, raw: text, text };
    return Object.assign([token], { links: {} });
  };
  // Nesting that deep costs marked time quadratic in the depth, then its stack: no one writes it.
  if (tooDeep.test(text)) return asText();
  const lexer = new Lexer({ ...marked.defaults });
  if (links) Object.assign(lexer.tokens.links, links);
  try {
    // What marked's lex() does, with a length limit on each inline run.
    const tokens = lexer.blockTokens(text, lexer.tokens) as Token[] & { links: LinkDefinitions };
    for (let i = 0; i < lexer.inlineQueue.length; i++) {
      const { src, tokens: into } = lexer.inlineQueue[i]!;
      lexer.state.inRawBlock = false;
      if (tooCostly(src)) into.push({ type: 'text', raw: src, text: src, escaped: false });
      else lexer.inlineTokens(src, into);
    }
    lexer.inlineQueue = [];
    return tokens;
  } catch {
    return asText();
  }
}

// 64 nested quotes, or a list marker 96 columns in (some 40 levels of lists).
const tooDeep = /^(?:[ \t]*>){64}|^[ \t]{96,}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/m;

// Only plain formatting survives, and no attribute that can hold a URL, a script or a style: links,
// images and code come back only through the numbered placeholders.
const allowedTags = [
  'p',
  'br',
  'hr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'strong',
  'em',
  'del',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'a',
  'span',
  'div',
];
const allowedAttributes = [
  'align',
  'start',
  'data-md-link',
  'data-md-image',
  'data-md-code',
  'data-md-task',
  'data-md-raw',
];

let purifier: ReturnType<typeof DOMPurify> | undefined;
function sanitize(html: string): DocumentFragment {
  // Our own instance: DOMPurify settings and hooks of the host page are neither used nor changed.
  purifier ??= DOMPurify(window);
  return purifier.sanitize(html, {
    ALLOWED_TAGS: allowedTags,
    ALLOWED_ATTR: allowedAttributes,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    ALLOW_UNKNOWN_PROTOCOLS: false,
    // No attribute left may hold a URL; the placeholders' numbers are not checked as URLs.
    ALLOWED_URI_REGEXP: /^(?:https?|mailto):/i,
    ADD_URI_SAFE_ATTR: allowedAttributes,
    RETURN_DOM_FRAGMENT: true,
  });
}

/**
 * Renders block tokens (from {@link lexBlocks}) to a sanitized fragment. `headings` carries the
 * heading outline from the blocks before these (it is updated).
 */
export function renderTokens(
  tokens: Token[],
  options: RenderMarkdownOptions = {},
  headings: HeadingOutline = {},
): DocumentFragment {
  const own: Placeholders = { links: [], images: [], code: [] };
  placeholders = own;
  outline = headings;
  headingBase = Math.min(Math.max(Math.round(options.headingLevel ?? 3), 1), 6);
  let html: string;
  try {
    html = marked.parser(tokens) as string;
  } catch {
    // Nesting too deep to render: the source, as text.
    html = `<p data-md-raw="">${escapeHtml(tokens.map((token) => token.raw).join(''))}</p>`;
  } finally {
    placeholders = { links: [], images: [], code: [] };
    outline = {};
  }
  const fragment = sanitize(html);
  fillPlaceholders(fragment, own, { ...messages().message, ...options.strings }, options);
  return fragment;
}

function index(element: Element, name: string, list: readonly unknown[]): number | undefined {
  const value = Number(element.getAttribute(name));
  element.removeAttribute(name);
  return Number.isInteger(value) && value >= 0 && value < list.length ? value : undefined;
}

function make<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

function fillPlaceholders(
  fragment: DocumentFragment,
  found: Placeholders,
  strings: MessageStrings,
  options: RenderMarkdownOptions,
): void {
  for (const anchor of fragment.querySelectorAll('a')) {
    const at = index(anchor, 'data-md-link', found.links);
    const link = at === undefined ? undefined : found.links[at]!;
    const url = link && safeLinkUrl(link.href, !link.literal);
    if (!url || !link) {
      // Not a link we allow: its text stays, as text.
      anchor.replaceWith(...anchor.childNodes);
      continue;
    }
    anchor.setAttribute('href', url.href);
    anchor.setAttribute('rel', 'noopener noreferrer nofollow');
    anchor.setAttribute('target', '_blank');
    anchor.setAttribute('part', 'link');
    if (link.title) anchor.setAttribute('title', link.title);
    const shown = url.protocol === 'mailto:' ? '' : url.host;
    if (shown && !anchor.textContent!.includes(shown)) {
      anchor.append(make('span', 'link-host', `(${shown})`));
    }
    anchor.append(make('span', 'visually-hidden', ` ${strings.opensInNewTab}`));
  }
  for (const slot of fragment.querySelectorAll('[data-md-image]')) {
    const at = index(slot, 'data-md-image', found.images);
    const image = at === undefined ? undefined : found.images[at];
    const placeholder = image ? imagePlaceholder(image, strings, options) : '';
    // A button inside a link is invalid (nested interactive): it goes right after the link.
    const anchor = slot.closest('a');
    if (anchor) {
      slot.remove();
      anchor.after(placeholder);
    } else slot.replaceWith(placeholder);
  }
  for (const slot of fragment.querySelectorAll('[data-md-code]')) {
    const at = index(slot, 'data-md-code', found.code);
    const code = at === undefined ? undefined : found.code[at];
    slot.replaceWith(code ? codeBlock(code.text, code.lang, strings) : '');
  }
  for (const task of fragment.querySelectorAll('[data-md-task]')) {
    const done = task.getAttribute('data-md-task') === 'done';
    task.removeAttribute('data-md-task');
    task.className = 'task';
    task.setAttribute('role', 'img');
    task.setAttribute('aria-label', done ? strings.taskDone : strings.taskOpen);
    task.textContent = done ? '☑' : '☐';
  }
  for (const raw of fragment.querySelectorAll('[data-md-raw]')) {
    raw.removeAttribute('data-md-raw');
    raw.className = 'raw';
  }
}

function imagePlaceholder(
  image: Placeholders['images'][number],
  strings: MessageStrings,
  options: RenderMarkdownOptions,
): Node {
  const alt = image.alt.trim();
  const url = safeImageUrl(image.href);
  if (!url) return make('span', 'image-blocked', strings.imageUnsupported(alt));
  if (!isAllowedImageOrigin(url, options.imageOrigins)) {
    return make('span', 'image-blocked', strings.imageNotAllowed(alt, url.host));
  }
  const button = make('button', 'image-placeholder', strings.loadImage(alt, url.host));
  button.type = 'button';
  button.setAttribute('part', 'image-placeholder');
  button.addEventListener('click', () => {
    const img = make('img');
    img.alt = alt;
    if (image.title) img.title = image.title;
    img.referrerPolicy = 'no-referrer';
    img.decoding = 'async';
    img.tabIndex = -1;
    img.setAttribute('part', 'image');
    img.src = url.href;
    button.replaceWith(img);
    img.focus();
  });
  return button;
}

function codeBlock(text: string, lang: string, strings: MessageStrings): Node {
  const figure = make('figure', 'code-block');
  figure.setAttribute('part', 'code-block');
  figure.setAttribute('role', 'group');
  figure.setAttribute('aria-label', strings.codeBlock(lang));
  const header = make('div', 'code-header');
  if (lang) header.append(make('span', 'code-language', strings.codeLanguage(lang)));
  const status = make('span', 'visually-hidden');
  status.setAttribute('role', 'status');
  const copy = make('button', 'copy', strings.copyCode);
  copy.type = 'button';
  copy.setAttribute('part', 'copy-button');
  const pre = make('pre');
  // Code is text: no highlighter turns it back into HTML.
  const code = make('code', undefined, text);
  if (lang) code.dataset.language = lang;
  pre.append(code);
  // A scrollable region must be reachable from the keyboard.
  pre.tabIndex = 0;
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = strings.copied;
      copy.textContent = strings.copied;
      setTimeout(() => {
        copy.textContent = strings.copyCode;
        status.textContent = '';
      }, 2000);
    } catch {
      const selection = getSelection();
      selection?.selectAllChildren(code);
      status.textContent = strings.copyFailed;
    }
  });
  header.append(copy, status);
  figure.append(header, pre);
  return figure;
}
