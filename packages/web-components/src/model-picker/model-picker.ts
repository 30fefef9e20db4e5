/**
 * `<trialogue-model-picker>`: choose up to `max` models (default 6) from the catalogue and from the
 * providers' model lists, searchable, each with its price, context window, free-tier and
 * "key missing" marks.
 *
 * An ARIA combobox (the search field) over a multi-select listbox: arrow keys, Home and End move,
 * Enter adds or removes, Escape clears the search; chosen models are listed above with a remove
 * button each.
 *
 * @example
 * ```html fragment
 * <trialogue-model-picker max="3"></trialogue-model-picker>
 * <script type="module">
 *   picker.keyStore = keyManager.keyStore;
 *   picker.registry = createRegistry({ keys: keyManager.keyStore });
 *   picker.addEventListener('trialogue-models-change', (e) => (chat.models = e.detail.models));
 * </script>
 * ```
 *
 * @property selected - The chosen model references (`provider:model`), in the order chosen.
 * @property max - Most models that can be chosen (attribute `max`, default 6).
 * @property catalogue - The model catalogue (default: `@trialogue/providers`' catalogue).
 * @property keyStore - Where keys are: providers without one get "key missing".
 * @property registry - Lists the models of providers that have a key, and of keyless ones that are
 *   not local servers (`listModels()`), on `refresh()`.
 * @property keyless - Providers that need no key, never marked "key missing" (attribute `keyless`,
 *   space-separated; default `sample`). Servers on this machine (Ollama, LM Studio) are always keyless,
 *   and so is any provider whose factory says `requiresKey: false` (the `providers` property).
 * @property providers - Provider factories (`allProviders`, `sample`…): those with
 *   `requiresKey: false` count as keyless.
 * @attr theme - `light` or `dark` (default: the system's).
 *
 * @fires trialogue-models-change - The choice changed: `{ models, added?, removed? }` (references only).
 *
 * @csspart search - The search field.
 * @csspart listbox - The list of models.
 * @csspart option - One model in the list.
 * @csspart chosen - The list of chosen models.
 *
 * @cssprop --trialogue-color-accent, --trialogue-color-surface, --trialogue-color-warning,
 *   --trialogue-color-success, --trialogue-radius, --trialogue-space - see the package README.
 */
import type { KeyStore, ModelCatalogue, ModelInfo, ProviderFactory, Registry } from '@trialogue/core';
import { catalogue as shippedCatalogue } from '@trialogue/providers/catalogue';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { liveRegions } from '../common/announcer.js';
import { messages, onMessagesChange } from '../common/messages.js';
import { statusStyles, themeStyles } from '../common/theme.js';
import { localProviderIds } from '../key-manager/providers.js';
import {
  buildModelOptions,
  DEFAULT_KEYLESS,
  filterModelOptions,
  formatPrice,
  formatTokens,
  type ModelOption,
} from './options.js';

/** Detail of `trialogue-models-change`. */
export interface ModelsChangeDetail {
  /** The chosen references, in the order chosen. */
  models: string[];
  added?: string;
  removed?: string;
}

/** The model picker element. */
export class TrialogueModelPicker extends LitElement {
  static override properties = {
    selected: { attribute: false },
    max: { type: Number },
    catalogue: { attribute: false },
    keyStore: { attribute: false },
    registry: { attribute: false },
    keyless: {
      converter: { fromAttribute: (value: string | null) => (value ?? '').split(/\s+/).filter(Boolean) },
    },
    providers: { attribute: false },
    theme: { reflect: true },
    query: { state: true },
    active: { state: true },
    keyed: { state: true },
    listed: { state: true },
    notice: { state: true },
    alert: { state: true },
  };

  declare selected: string[];
  declare max: number;
  declare catalogue: ModelCatalogue;
  declare keyStore: KeyStore | undefined;
  declare registry: Registry | undefined;
  /** Provider ids that need no key: never marked "key missing" (default `['sample']`). */
  declare keyless: string[];
  /** Provider factories; those with `requiresKey: false` count as keyless too. */
  declare providers: readonly Pick<ProviderFactory, 'id' | 'requiresKey'>[] | undefined;
  declare theme: string | undefined;
  declare private query: string;
  declare private active: number;
  declare private keyed: Set<string>;
  declare private listed: ModelInfo[];
  declare private notice: string;
  declare private alert: string;
  private offMessages: (() => void) | undefined;
  private options: ModelOption[] = [];
  private refreshRun = 0;

  constructor() {
    super();
    this.selected = [];
    this.max = 6;
    this.catalogue = shippedCatalogue;
    this.keyless = [...DEFAULT_KEYLESS];
    this.query = '';
    this.active = 0;
    this.keyed = new Set();
    this.listed = [];
    this.notice = '';
    this.alert = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.offMessages = onMessagesChange(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.offMessages?.();
  }

  protected override willUpdate(changed: PropertyValues): void {
    // Setting both in one task (the usual wiring) refreshes once.
    if (
      changed.has('keyStore') ||
      changed.has('registry') ||
      changed.has('keyless') ||
      changed.has('providers')
    )
      void this.refresh();
    if (
      changed.has('catalogue') ||
      changed.has('keyed') ||
      changed.has('listed') ||
      changed.has('keyless') ||
      changed.has('providers')
    ) {
      this.options = buildModelOptions(this.catalogue, this.listed, this.keyed, this.keylessIds());
    }
  }

  /** The providers that need no key: `keyless`, and every factory in `providers` without `requiresKey`. */
  private keylessIds(): Set<string> {
    const ids = new Set(Array.isArray(this.keyless) ? this.keyless : []);
    for (const factory of this.providers ?? []) if (!factory.requiresKey) ids.add(factory.id);
    return ids;
  }

  /**
   * Re-reads which providers have a key, and lists the models of each through the registry. A
   * provider whose list fails keeps its catalogue entries; the failure is announced.
   */
  async refresh(): Promise<void> {
    const run = ++this.refreshRun;
    const keyed = new Set((await this.keyStore?.list()) ?? []);
    if (run !== this.refreshRun) return; // a later refresh has started: its answer wins
    this.keyed = keyed;
    const registry = this.registry;
    if (!registry) return;
    // Local servers are not asked: one not running would only fail.
    const keyless = [...this.keylessIds()].filter((id) => !localProviderIds.has(id));
    const lists = await Promise.all(
      [...new Set([...keyed, ...keyless])]
        .filter((id) => registry.providerIds.includes(id))
        .map(async (id) => {
          try {
            return await (await registry.provider(id)).listModels();
          } catch (error) {
            this.alert = messages().modelPicker.listFailed(
              id,
              error instanceof Error ? error.message : String(error),
            );
            return [];
          }
        }),
    );
    if (run === this.refreshRun) this.listed = lists.flat();
  }

  /** The options the search shows now. */
  private get visible(): ModelOption[] {
    return filterModelOptions(this.options, this.query);
  }

  private labelOf(ref: string): string {
    return this.options.find((o) => o.ref === ref)?.label ?? ref;
  }

  /** Adds or removes a model; refuses to add past `max`. */
  toggle(ref: string): void {
    const t = messages().modelPicker;
    if (this.selected.includes(ref)) {
      this.selected = this.selected.filter((r) => r !== ref);
      this.notice = t.removed(this.labelOf(ref));
      this.emitChange({ removed: ref });
      return;
    }
    if (this.selected.length >= this.max) {
      this.notice = t.full(this.max);
      return;
    }
    this.selected = [...this.selected, ref];
    this.notice = t.added(this.labelOf(ref));
    this.emitChange({ added: ref });
  }

  private emitChange(change: { added?: string; removed?: string }): void {
    this.dispatchEvent(
      new CustomEvent<ModelsChangeDetail>('trialogue-models-change', {
        detail: { models: [...this.selected], ...change },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private onKeydown(event: KeyboardEvent): void {
    const count = this.visible.length;
    const move = (to: number) => {
      event.preventDefault();
      this.active = Math.max(0, Math.min(count - 1, to));
      void this.updateComplete.then(() =>
        this.renderRoot.querySelector(`#option-${this.active}`)?.scrollIntoView({ block: 'nearest' }),
      );
    };
    switch (event.key) {
      case 'ArrowDown':
        move(this.active + 1);
        return;
      case 'ArrowUp':
        move(this.active - 1);
        return;
      case 'PageDown':
        move(this.active + 10);
        return;
      case 'PageUp':
        move(this.active - 10);
        return;
      case 'Home':
        if (event.ctrlKey || !this.query) move(0);
        return;
      case 'End':
        if (event.ctrlKey || !this.query) move(count - 1);
        return;
      case 'Enter': {
        event.preventDefault();
        const option = this.visible[this.active];
        if (option) this.toggle(option.ref);
        return;
      }
      case 'Escape':
        if (this.query) {
          event.preventDefault();
          this.query = '';
          this.active = 0;
        }
        return;
    }
  }

  private onInput(event: Event): void {
    this.query = (event.target as HTMLInputElement).value;
    this.active = 0;
  }

  override render() {
    const t = messages().modelPicker;
    const visible = this.visible;
    const active = visible[this.active] ? this.active : 0;
    return html`
      <div class="picker">
        <h2 class="heading" id="chosen-heading">${t.selectedHeading(this.selected.length, this.max)}</h2>
        ${
          this.selected.length
            ? html`<ul part="chosen" class="chosen" aria-labelledby="chosen-heading">
              ${this.selected.map(
                (ref) => html`<li>
                  <span>${this.labelOf(ref)}</span>
                  <button type="button" aria-label=${t.remove(this.labelOf(ref))} @click=${() => this.toggle(ref)}>
                    ×
                  </button>
                </li>`,
              )}
            </ul>`
            : html`<p class="muted">${t.noneSelected}</p>`
        }
        <label for="search">${t.search}</label>
        <input
          id="search"
          part="search"
          type="text"
          role="combobox"
          autocomplete="off"
          spellcheck="false"
          aria-expanded="true"
          aria-controls="listbox"
          aria-autocomplete="list"
          aria-describedby="instructions count"
          aria-activedescendant=${visible.length ? `option-${active}` : nothing}
          placeholder=${t.searchPlaceholder}
          .value=${this.query}
          @input=${this.onInput}
          @keydown=${this.onKeydown}
        />
        <p id="instructions" class="visually-hidden">${t.instructions}</p>
        <p id="count" class="muted count">${visible.length ? t.results(visible.length) : t.noResults}</p>
        <ul id="listbox" part="listbox" role="listbox" aria-multiselectable="true" aria-label=${t.label}>
          ${visible.map((option, index) => this.renderOption(option, index, index === active))}
        </ul>
      </div>
      ${liveRegions(this.notice, this.alert)}
    `;
  }

  private renderOption(option: ModelOption, index: number, active: boolean) {
    const t = messages().modelPicker;
    const chosen = this.selected.includes(option.ref);
    const full = !chosen && this.selected.length >= this.max;
    const price = option.price
      ? option.price.input === 0 && option.price.output === 0
        ? t.freePrice
        : t.price(formatPrice(option.price.input), formatPrice(option.price.output))
      : t.noPrice;
    return html`<li
      id="option-${index}"
      part="option"
      role="option"
      class=${`option${active ? ' active' : ''}`}
      aria-selected=${chosen ? 'true' : 'false'}
      aria-disabled=${full ? 'true' : 'false'}
      data-ref=${option.ref}
      @click=${() => this.toggle(option.ref)}
      @mousedown=${(e: Event) => e.preventDefault()}
    >
      <span class="check" aria-hidden="true">${chosen ? '✓' : ''}</span>
      <span class="main">
        <span class="name">${option.label}</span>
        <span class="id">${option.provider} · ${option.modelId}</span>
        <span class="facts">
          <span>${price}</span>
          ${option.contextWindow ? html`<span>${t.context(formatTokens(option.contextWindow))}</span>` : nothing}
        </span>
      </span>
      <span class="marks">
        ${
          option.local
            ? html`<span class="badge free">${t.local}</span>`
            : option.freeTier
              ? html`<span class="badge free">${t.free}</span>`
              : nothing
        }
        ${option.keyMissing ? html`<span class="badge missing">${t.keyMissing}</span>` : nothing}
        ${option.listed ? html`<span class="badge listed">${t.listed}</span>` : nothing}
      </span>
    </li>`;
  }

  /** The element's styles: the shared theme tokens, then its own (themed through CSS custom properties and `::part`). */
  static override styles = [
    themeStyles,
    statusStyles,
    css`
      :host {
        display: block;
        background: var(--_bg);
        padding: calc(var(--_space) * 2);
        border-radius: var(--_radius);
      }
      .heading {
        font-size: 1em;
        margin: 0 0 var(--_space);
      }
      .chosen {
        list-style: none;
        padding: 0;
        margin: 0 0 var(--_space);
        display: flex;
        flex-wrap: wrap;
        gap: calc(var(--_space) / 2);
      }
      .chosen li {
        display: flex;
        align-items: center;
        gap: calc(var(--_space) / 2);
        background: var(--_surface);
        border: 1px solid var(--_border);
        border-radius: 999px;
        padding: 0 0 0 var(--_space);
      }
      .chosen button {
        border-radius: 999px;
        border: none;
        padding: 0 var(--_space);
        line-height: 1.6;
      }
      label {
        display: block;
        font-weight: 600;
        margin-bottom: calc(var(--_space) / 2);
      }
      input {
        box-sizing: border-box;
        width: 100%;
        font: inherit;
        color: var(--_text);
        background: var(--_bg);
        border: 1px solid var(--_border);
        border-radius: calc(var(--_radius) - 2px);
        padding: calc(var(--_space) / 2) var(--_space);
      }
      .count {
        margin: calc(var(--_space) / 2) 0;
        font-size: 0.9em;
      }
      [role='listbox'] {
        list-style: none;
        margin: 0;
        padding: 0;
        max-height: var(--trialogue-picker-height, 24em);
        overflow: auto;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
      }
      .option {
        display: flex;
        gap: var(--_space);
        align-items: flex-start;
        padding: var(--_space);
        border-bottom: 1px solid var(--_border);
        cursor: pointer;
      }
      .option:last-child {
        border-bottom: none;
      }
      .option.active {
        outline: 3px solid var(--_focus);
        outline-offset: -3px;
        background: var(--_surface);
      }
      .option[aria-selected='true'] .name {
        font-weight: 700;
      }
      .option[aria-disabled='true'] {
        cursor: not-allowed;
        color: var(--_muted);
      }
      .check {
        inline-size: 1.2em;
        color: var(--_accent);
        font-weight: 700;
      }
      .main {
        flex: 1;
        display: grid;
        min-width: 0;
      }
      .id,
      .facts {
        color: var(--_muted);
        font-size: 0.88em;
        overflow-wrap: anywhere;
      }
      .facts {
        display: flex;
        flex-wrap: wrap;
        gap: 0 var(--_space);
      }
      .marks {
        display: flex;
        flex-direction: column;
        gap: 2px;
        align-items: flex-end;
      }
      .badge {
        font-size: 0.78em;
        border-radius: 999px;
        padding: 0 var(--_space);
        border: 1px solid currentColor;
        white-space: nowrap;
      }
      .badge.free {
        color: var(--_success);
      }
      .badge.missing {
        color: var(--_warning);
      }
      .badge.listed {
        color: var(--_accent);
      }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'trialogue-model-picker': TrialogueModelPicker;
  }
  interface HTMLElementEventMap {
    'trialogue-models-change': CustomEvent<ModelsChangeDetail>;
  }
}
