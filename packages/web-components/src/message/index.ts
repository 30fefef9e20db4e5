/**
 * `<trialogue-message>`: one message, shown safely. A model's text (`role="assistant"`) goes through
 * the markdown module (../markdown) and nothing else; a user's or a system prompt's text, and the
 * label (a model name), are always plain text. While `streaming` is set, the text may grow (set
 * `text` to the longer string, or call `append`) and only the unfinished tail is re-rendered, once
 * per animation frame; clearing `streaming` renders the final text.
 *
 * Properties: `text`, `streaming`, `role` (`assistant` | `user` | `system`; attribute
 * `message-role`, since `role` is the ARIA attribute), `label`, `imageOrigins`, `headingLevel`
 * (attribute `heading-level`).
 *
 * @module
 */
import { html, LitElement, type PropertyValues } from 'lit';
import { messages, onMessagesChange } from '../common/messages.js';
import { themeStyles } from '../common/theme.js';
import {
  createMarkdownStream,
  type MarkdownRenderInfo,
  type MarkdownStream,
  markdownStyles,
} from '../markdown/index.js';
import { messageStyles } from './styles.js';

export { type MessageStrings, messageStrings } from './strings.js';

/** Who wrote a message: only a model's (`assistant`) text is read as markdown. */
export type MessageRole = 'assistant' | 'user' | 'system';

/**
 * One message, safely rendered.
 *
 * CSS parts (`::part(...)`):
 * - `message`: the whole message (an `article`)
 * - `header`: the line with the label
 * - `label`: the speaker's name
 * - `body`: the message text
 * - `link`: a link in the text
 * - `code-block`: a fenced code block; `copy-button` its copy button
 * - `image-placeholder`: the button that loads a remote image on a click
 *
 * Custom properties: the shared `--trialogue-color-*`, `--trialogue-font-*`, `--trialogue-radius`,
 * `--trialogue-space` (see the package README).
 *
 * @example
 * ```ts fragment
 * import '@trialogue/web-components/message';
 * const message = document.createElement('trialogue-message');
 * message.label = 'gpt-4.1-mini';
 * message.streaming = true;
 * document.body.append(message);
 * for await (const delta of deltas) message.appendText(delta);
 * message.streaming = false;
 * ```
 */
export class TrialogueMessage extends LitElement {
  static override properties = {
    text: { type: String },
    streaming: { type: Boolean, reflect: true },
    role: { type: String, attribute: 'message-role', reflect: true },
    label: { type: String },
    imageOrigins: { attribute: false },
    headingLevel: { type: Number, attribute: 'heading-level' },
  };
  /** The element's styles: the shared theme tokens, then its own (themed through CSS custom properties and `::part`). */
  static override styles = [themeStyles, markdownStyles, messageStyles];

  /** The message text (markdown for `assistant`, plain text otherwise). */
  declare text: string;
  /** Set while the text is still arriving: the body is `aria-busy` and renders incrementally. */
  declare streaming: boolean;
  /** Who wrote it. Not the ARIA `role` attribute: as an attribute it is `message-role`. */
  declare role: MessageRole;
  /** The speaker shown above the text (a model name, "You"); plain text. Defaults to the role's name. */
  declare label: string;
  /** Origins whose images may be loaded on a click (see `RenderMarkdownOptions.imageOrigins`). */
  declare imageOrigins: readonly string[] | undefined;
  /** The level of the first heading in the text (default 3; see `RenderMarkdownOptions.headingLevel`). */
  declare headingLevel: number;

  #stream: MarkdownStream | undefined;
  #body: Element | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor() {
    super();
    this.text = '';
    this.streaming = false;
    this.role = 'assistant';
    this.label = '';
    this.imageOrigins = undefined;
    this.headingLevel = 3;
  }

  /** Adds a delta to the text (the same as `message.text += delta`). */
  appendText(delta: string): void {
    this.#stream?.append(delta);
    this.text += delta;
    // The stream has it already: `updated` need not compare the whole text (the same string is O(1)).
    if (this.#stream) this.#inStream = this.text;
  }

  #inStream: string | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    // Strings replaced for the page: render again with the new ones.
    this.#unsubscribe = onMessagesChange(() => {
      this.#restart();
      this.requestUpdate();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unsubscribe?.();
    this.#stream?.dispose();
  }

  /** Called after each render of the text (once per animation frame at most while streaming). */
  onRender: ((info: MarkdownRenderInfo) => void) | undefined = undefined;

  #restart(): void {
    this.#stream?.dispose();
    this.#stream = undefined;
    this.#inStream = undefined;
    this.#body?.replaceChildren();
    this.#body = undefined;
  }

  protected override render() {
    const strings = messages().message;
    const label = this.label || strings[this.role] || strings.assistant;
    const markdown = this.role === 'assistant';
    return html`<article part="message" class="message" aria-label=${label}>
      <header part="header" class="header"><span part="label" class="label">${label}</span></header>
      ${
        markdown
          ? html`<div part="body" class="body markdown" aria-busy=${this.streaming ? 'true' : 'false'}></div>`
          : html`<div part="body" class="body plain">${this.text}</div>`
      }
    </article>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (this.role !== 'assistant') {
      this.#restart();
      return;
    }
    const body = this.renderRoot.querySelector('.markdown') ?? undefined;
    if (body !== this.#body || changed.has('imageOrigins') || changed.has('headingLevel')) {
      this.#restart();
      this.#body = body;
    }
    if (!this.#body) return;
    const fresh = !this.#stream;
    this.#stream ??= createMarkdownStream(this.#body, {
      imageOrigins: this.imageOrigins,
      headingLevel: this.headingLevel,
      onRender: (info) => this.onRender?.(info),
    });
    if (this.text !== this.#inStream) this.#stream.setText(this.text);
    this.#inStream = this.text;
    if (!this.streaming && (changed.has('text') || changed.has('streaming') || fresh)) this.#stream.finish();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'trialogue-message': TrialogueMessage;
  }
}

if (!customElements.get('trialogue-message')) customElements.define('trialogue-message', TrialogueMessage);
