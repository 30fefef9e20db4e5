/**
 * `<trialogue-chat>`: one composer, one pane per model, each model with its own thread.
 *
 * @summary Ask several models at once and watch them answer side by side.
 *
 * @attr models - Space-separated `provider:model` references, resolved through `registry`
 *   (`models="openai:gpt-4.1-mini anthropic:claude-haiku-4-5"`). The `models` property also takes
 *   ChatModel objects. The same model twice is two panes (`#2`).
 * @attr layout - `columns` (default; one column per pane, stacked below 640px), `tabs` or `stacked`.
 * @attr theme - `light` or `dark`; default follows `prefers-color-scheme`.
 * @attr history-key - Opt in to keeping the conversation across reloads: it is saved (as a
 *   transcript, never a key) in `localStorage` under `trialogue-chat:<history-key>` and restored
 *   when the element starts.
 *
 * @prop {ChatModelInput[]} models - The models, one pane each (1 to 6).
 * @prop {Registry} registry - Resolves references (providers' `createRegistry` over a key store).
 *   Keys only ever come from there: never from an attribute.
 * @prop request - Request fields sent with every turn: `system`, `maxOutputTokens`, `temperature`,
 *   `retry`, `timeouts`…
 * @prop {ModelCatalogue} catalogue - Prices for the cost shown per turn (default: the providers' catalogue).
 * @prop {ChatModelInput[]} choices - Models offered in each pane's model switch (default: the panes' own).
 * @prop describeModel - `(ref) => label | undefined`: the name a pane shows for a `provider:model`
 *   reference. Default: the ChatModel's own `label` (the sample models say "offline sample, not a
 *   real model"), known at once for a model object and after the first send for a reference; else
 *   the model id.
 *
 * @fires trialogue-send - {@link ChatSendDetail}: a message was sent.
 * @fires trialogue-turn-start - {@link ChatTurnStartDetail}: a pane began answering.
 * @fires trialogue-turn-delta - {@link ChatTurnDeltaDetail}: new text in a pane.
 * @fires trialogue-turn-end - {@link ChatTurnEndDetail}: a pane's answer ended (done, stopped, failed).
 * @fires trialogue-error - {@link ChatErrorDetail}: a pane's answer failed.
 * @fires trialogue-stop - {@link ChatStopDetail}: panes were stopped.
 * @fires trialogue-export - {@link ChatExportDetail}: the conversation was exported (cancelable).
 *
 * @csspart base - The whole element's box.
 * @csspart toolbar - Layout, stop all, export and import.
 * @csspart panes - The panes' container.
 * @csspart pane - One model's pane (also `pane-failed` when its last answer failed).
 * @csspart pane-header - A pane's name, status and buttons.
 * @csspart log - A pane's messages (`role="log"`).
 * @csspart user-message - A message of the person.
 * @csspart answer - A model's answer (with its reasoning, status and error).
 * @csspart answer-body - The `<trialogue-message>` that renders the answer's markdown safely.
 * @csspart error - A failed answer's message and hint.
 * @csspart stats - Time to first token, tokens and cost.
 * @csspart composer - The message box and its buttons.
 * @csspart send-button - The send button.
 *
 * @cssproperty --trialogue-color-background, --trialogue-color-surface, --trialogue-color-text,
 *   --trialogue-color-muted, --trialogue-color-border, --trialogue-color-accent,
 *   --trialogue-color-accent-text, --trialogue-color-danger, --trialogue-color-warning,
 *   --trialogue-color-success, --trialogue-color-focus - Colours (light and dark defaults).
 * @cssproperty --trialogue-font-family, --trialogue-font-mono, --trialogue-font-size - Fonts.
 * @cssproperty --trialogue-radius, --trialogue-space - Corner radius and spacing unit.
 * @cssproperty --trialogue-chat-log-height - Largest height of a pane's message list (default 28rem).
 */
import {
  type ChatModel,
  type ChatRequest,
  formatCost,
  type ModelCatalogue,
  type Registry,
  TrialogueError,
} from '@trialogue/core';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { liveRegions } from '../common/announcer.js';
import { messages, onMessagesChange } from '../common/messages.js';
import { renderAnswer } from './answer.js';
import {
  ChatController,
  type ChatControllerEvent,
  type ChatModelInput,
  type ChatPane,
  type ChatTurn,
  MAX_PANES,
} from './controller.js';
import type { ChatExportDetail, ChatTurnDeltaDetail } from './events.js';
import { chatStyles } from './styles.js';

/** How panes sit: side by side, as tabs, or one under the other. */
export type ChatLayout = 'columns' | 'tabs' | 'stacked';

const modelsConverter = {
  fromAttribute: (value: string | null): string[] => (value ?? '').split(/\s+/).filter(Boolean),
};

/** The element; see the file's header for its public surface. */
export class TrialogueChat extends LitElement {
  /** The element's styles: the shared theme tokens, then its own (themed through CSS custom properties and `::part`). */
  static override styles = chatStyles;
  static override properties = {
    models: { converter: modelsConverter },
    registry: { attribute: false },
    request: { attribute: false },
    catalogue: { attribute: false },
    choices: { attribute: false },
    describeModel: { attribute: false },
    layout: { reflect: true },
    historyKey: { attribute: 'history-key' },
    theme: { reflect: true },
    focusedPane: { state: true },
    selectedTab: { state: true },
    targets: { state: true },
    problem: { state: true },
  };

  /** The models, one pane each (1 to 6): ChatModel objects and/or `provider:model` references. */
  declare models: ChatModelInput[];
  /** Resolves references at each send (providers' `createRegistry` over a key store). */
  declare registry: Registry | undefined;
  /** Request fields sent with every turn (`system`, `maxOutputTokens`, `retry`, `timeouts`…). */
  declare request: Omit<ChatRequest, 'messages' | 'signal'> | undefined;
  /** Prices for the cost shown per answer; default the providers' catalogue. */
  declare catalogue: ModelCatalogue | undefined;
  /** Models offered in each pane's model switch, besides the panes' own. */
  declare choices: ChatModelInput[] | undefined;
  /**
   * The name a pane shows for a `provider:model` reference; undefined (or returning undefined) for
   * the default: the ChatModel's own `label`, else the model id. The pane title still shows the provider.
   */
  declare describeModel: ((ref: string) => string | undefined) | undefined;
  /** How panes sit: `columns` (stacked below 640px), `tabs` or `stacked`. */
  declare layout: ChatLayout;
  /** Keeps the conversation in `localStorage` under `trialogue-chat:<historyKey>` (opt in). */
  declare historyKey: string | undefined;
  /** Forces the light or dark palette; default follows `prefers-color-scheme`. */
  declare theme: 'light' | 'dark' | undefined;
  /** A pane shown full width, others hidden. */
  declare focusedPane: string | undefined;
  declare selectedTab: string | undefined;
  /** Pane ids the composer sends to; undefined means every pane. */
  declare targets: string[] | undefined;
  /** A configuration or input problem shown above the composer. */
  declare problem: string;

  /** The state behind the element (DOM-free); drive it directly for anything the UI does. */
  readonly controller: ChatController;
  private polite = '';
  private assertive = '';
  private pendingPolite: string[] = [];
  private cancelRender: (() => void) | undefined;
  /** Deltas waiting for the next frame, one entry per pane and kind, in arrival order. */
  private readonly pendingDeltas = new Map<string, ChatTurnDeltaDetail>();
  private cancelDeltas: (() => void) | undefined;
  private copiedPane: string | undefined;
  private accepted = false;
  private readonly applied: {
    models?: unknown;
    registry?: unknown;
    catalogue?: unknown;
    describeModel?: unknown;
  } = {};
  private restoredFrom: string | undefined;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private unsubscribeMessages: (() => void) | undefined;

  constructor() {
    super();
    this.models = [];
    this.layout = 'columns';
    this.problem = '';
    this.controller = new ChatController({
      request: () => this.request,
      onChange: (change) => {
        // A new set of panes (an import, a model switch) shows at the next update; tokens wait for a frame.
        if (change?.structural) this.requestUpdate();
        else this.scheduleRender();
        this.scheduleSave();
      },
      onEvent: (event) => this.onControllerEvent(event),
    });
    this.addController(this.controller);
    this.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.controller.isBusy()) {
        event.preventDefault();
        this.stopAll();
      }
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.unsubscribeMessages = onMessagesChange(() => this.requestUpdate());
    addEventListener('pagehide', this.saveHistory);
    // A render cancelled when the element was moved must still happen.
    this.scheduleRender();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribeMessages?.();
    removeEventListener('pagehide', this.saveHistory);
    if (this.saveTimer) this.saveHistory();
    this.cancelRender?.();
    this.cancelRender = undefined;
    this.flushDeltas();
  }

  // --- public methods -----------------------------------------------------------------------

  /**
   * Sends a message to every pane, or to the pane ids in `to` (a follow-up to one model continues
   * that model's thread only). Rejects with a TrialogueError for bad input, before any call.
   */
  send(text: string, options: { to?: readonly string[] } = {}): Promise<void> {
    this.applyProperties();
    return this.controller.send(text, options);
  }

  /** Stops one pane, or every pane when no id is given. */
  stop(paneId?: string): void {
    if (paneId === undefined) this.stopAll();
    else this.controller.stop(paneId);
  }

  /** Stops every pane still answering. */
  stopAll(): void {
    this.controller.stopAll();
  }

  /** Asks a pane's last question again. */
  retry(paneId: string): Promise<void> {
    this.applyProperties();
    return this.controller.retry(paneId);
  }

  /**
   * The conversation as JSON transcript text or Markdown (never a key). Dispatches
   * `trialogue-export`; with `download: true` also saves it as a file unless a listener calls
   * `preventDefault()`.
   */
  exportTranscript(format: 'json' | 'markdown' = 'json', options: { download?: boolean } = {}): string {
    this.applyProperties();
    const content = format === 'json' ? this.controller.exportJson() : this.controller.exportMarkdown();
    const detail: ChatExportDetail = {
      format,
      content,
      filename: `trialogue-chat.${format === 'json' ? 'json' : 'md'}`,
    };
    const proceed = this.dispatchEvent(
      new CustomEvent('trialogue-export', { detail, bubbles: true, composed: true, cancelable: true }),
    );
    if (proceed && options.download) downloadText(detail.filename, content, format);
    return content;
  }

  /**
   * Opens a saved transcript (JSON text or object): its participants become the panes, each with
   * its thread. ChatModel objects in `models` with the same reference are reused; the others are
   * resolved through `registry` at the next send. Throws the parser's clear error on a bad file.
   */
  importTranscript(input: Parameters<ChatController['importTranscript']>[0]): void {
    this.applyProperties();
    const objects = this.modelList().filter((model): model is ChatModel => typeof model !== 'string');
    this.controller.importTranscript(input, objects);
    this.focusedPane = undefined;
    this.targets = undefined;
  }

  // --- lifecycle ----------------------------------------------------------------------------

  protected override willUpdate(_changed: PropertyValues<this>): void {
    this.applyProperties();
  }

  /**
   * Hands the properties to the controller when they changed since the last time. Runs before each
   * render, and at once from `send()` and the other methods, so a page may set `models` and call
   * `send()` in the same task, before Lit's first update.
   */
  private applyProperties(): void {
    const applied = this.applied;
    if (applied.catalogue !== this.catalogue) {
      applied.catalogue = this.catalogue;
      this.controller.catalogue = this.catalogue;
    }
    if (applied.describeModel !== this.describeModel) {
      applied.describeModel = this.describeModel;
      this.controller.describe = this.describeModel;
    }
    if (applied.registry !== this.registry) {
      const registry = this.registry;
      applied.registry = registry;
      this.controller.resolve = registry ? (ref) => registry.resolve(ref) : undefined;
    }
    if (applied.models !== this.models) {
      applied.models = this.models;
      try {
        this.controller.setModels(this.modelList());
        this.problem = '';
      } catch (error) {
        this.problem = (error as Error).message;
        this.announce(this.problem, true);
      }
      const ids = new Set(this.controller.panes.map((pane) => pane.id));
      if (this.focusedPane && !ids.has(this.focusedPane)) this.focusedPane = undefined;
      if (this.targets) this.targets = this.targets.filter((id) => ids.has(id));
    }
    if (this.historyKey && this.restoredFrom !== this.historyKey) this.restoreHistory();
  }

  /**
   * The `models` property as a list. A framework may set it to the attribute's string form (React 19
   * sets properties on custom elements): that reads as the attribute would.
   */
  private modelList(): ChatModelInput[] {
    const models: unknown = this.models;
    if (typeof models === 'string') return modelsConverter.fromAttribute(models);
    return Array.isArray(models) ? (models as ChatModelInput[]) : [];
  }

  /** Reads the saved conversation, once per history key; a broken entry is reported and left alone. */
  private restoreHistory(): void {
    this.restoredFrom = this.historyKey;
    let saved: string | null = null;
    try {
      saved = localStorage.getItem(`trialogue-chat:${this.historyKey}`);
    } catch {
      return; // storage blocked (private mode, sandboxed frame): nothing to restore
    }
    if (!saved) return;
    try {
      this.importTranscript(saved);
    } catch (error) {
      this.problem = (error as Error).message;
    }
  }

  /** Saves the conversation soon (at most once a second, and when the page is hidden). */
  private scheduleSave(): void {
    if (!this.historyKey || this.saveTimer) return;
    this.saveTimer = setTimeout(() => this.saveHistory(), 1000);
  }

  private saveHistory = (): void => {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (!this.historyKey) return;
    try {
      localStorage.setItem(`trialogue-chat:${this.historyKey}`, this.controller.exportJson());
    } catch {
      // Storage full or blocked: the conversation still lives in the page.
    }
  };

  // --- rendering ----------------------------------------------------------------------------

  protected override render(): TemplateResult {
    const s = messages().chat;
    const panes = this.controller.panes;
    const busy = this.controller.isBusy();
    const tabs = this.layout === 'tabs' && panes.length > 1 && !this.focusedPane;
    const selected = tabs ? (panes.find((p) => p.id === this.selectedTab) ?? panes[0]) : undefined;
    const visible = this.focusedPane
      ? panes.filter((pane) => pane.id === this.focusedPane)
      : selected
        ? [selected]
        : panes;
    const layoutClass = this.focusedPane ? 'focused' : this.layout;
    return html`<section class="base" part="base" aria-label=${s.title}>
      <div class="toolbar" part="toolbar">
        <div class="group">
          <label>
            ${s.layout}
            <select @change=${this.onLayout} .value=${this.layout}>
              <option value="columns">${s.layoutColumns}</option>
              <option value="tabs">${s.layoutTabs}</option>
              <option value="stacked">${s.layoutStacked}</option>
            </select>
          </label>
          ${
            this.focusedPane
              ? html`<button type="button" @click=${() => this.setFocusedPane(undefined)}>${s.unfocusPane}</button>`
              : nothing
          }
        </div>
        <div class="group">
          <button type="button" class="stop-all" ?disabled=${!busy} @click=${() => this.stopAll()}>${s.stopAll}</button>
          <button type="button" class="export-json" @click=${() => this.exportTranscript('json', { download: true })}>
            ${s.exportJson}
          </button>
          <button type="button" class="export-markdown" @click=${() => this.exportTranscript('markdown', { download: true })}>
            ${s.exportMarkdown}
          </button>
          <input
            id="import"
            class="import-input"
            type="file"
            accept=".json,application/json"
            @change=${this.onImportFile}
          /><label class="import-label" for="import">${s.importTranscript}</label>
        </div>
      </div>
      ${tabs ? this.renderTabs(panes, selected!) : nothing}
      <div class="panes ${layoutClass} columns-${Math.max(1, Math.min(visible.length, MAX_PANES))}" part="panes">
        ${panes.length === 0 ? html`<p class="empty">${s.noModels}</p>` : nothing}
        ${repeat(
          visible,
          (pane) => pane.id,
          (pane) => this.renderPane(pane, tabs),
        )}
      </div>
      ${this.renderComposer(panes, busy)} ${liveRegions(this.polite, this.assertive)}
    </section>`;
  }

  private renderTabs(panes: ChatPane[], selected: ChatPane): TemplateResult {
    return html`<div class="tablist" role="tablist" @keydown=${this.onTabKey}>
      ${panes.map(
        (pane) =>
          html`<button
            type="button"
            role="tab"
            id="tab-${pane.id}"
            aria-controls="pane-${pane.id}"
            aria-selected=${pane === selected ? 'true' : 'false'}
            tabindex=${pane === selected ? 0 : -1}
            @click=${() => {
              this.selectedTab = pane.id;
            }}
          >
            ${pane.label}
          </button>`,
      )}
    </div>`;
  }

  private renderPane(pane: ChatPane, asTab: boolean): TemplateResult {
    const s = messages().chat;
    const last = lastAnswer(pane);
    const status = last?.status;
    const busy = this.controller.isBusy(pane.id);
    const provider = pane.ref.slice(0, pane.ref.indexOf(':'));
    const copied = this.copiedPane === pane.id;
    return html`<section
      class="pane"
      part="pane ${status === 'failed' ? 'pane-failed' : ''}"
      id="pane-${pane.id}"
      data-pane=${pane.id}
      data-status=${status ?? 'idle'}
      role=${asTab ? 'tabpanel' : nothing}
      aria-labelledby=${asTab ? `tab-${pane.id}` : `title-${pane.id}`}
      aria-busy=${busy ? 'true' : 'false'}
    >
      <header class="pane-header" part="pane-header">
        <h2 class="pane-title" id="title-${pane.id}">
          ${pane.label} <span class="provider">${provider}</span>
        </h2>
        <span class="badge" data-status=${status ?? 'idle'}>${status ? statusText(status) : ''}</span>
        <div class="pane-actions">
          ${this.renderSwitch(pane)}
          ${
            busy
              ? html`<button type="button" class="stop" @click=${() => this.controller.stop(pane.id)}>
                ${s.stop}<span class="visually-hidden"> ${pane.label}</span>
              </button>`
              : html`<button
                type="button"
                class="retry"
                ?disabled=${pane.turns.length === 0}
                @click=${() => this.onRetry(pane.id)}
              >
                ${s.retry}<span class="visually-hidden"> ${pane.label}</span>
              </button>`
          }
          <button type="button" class="copy" ?disabled=${!last?.text} @click=${() => this.onCopy(pane)}>
            ${copied ? s.copied : s.copy}<span class="visually-hidden"> ${pane.label}</span>
          </button>
          <button
            type="button"
            class="focus"
            aria-pressed=${this.focusedPane === pane.id ? 'true' : 'false'}
            @click=${() => this.setFocusedPane(this.focusedPane === pane.id ? undefined : pane.id)}
          >
            ${this.focusedPane === pane.id ? s.unfocusPane : s.focusPane}<span class="visually-hidden"> ${pane.label}</span>
          </button>
          <button type="button" class="remove" @click=${() => this.onRemove(pane.id)}>
            ${s.remove}<span class="visually-hidden"> ${pane.label}</span>
          </button>
        </div>
      </header>
      <div class="log" part="log" role="log" aria-labelledby="title-${pane.id}" tabindex="0">
        ${repeat(
          pane.turns,
          (turn) => turn.id,
          (turn) => this.renderTurn(pane, turn),
        )}
      </div>
      <div class="stats" part="stats">${last ? statsText(last) : ''}</div>
    </section>`;
  }

  private renderSwitch(pane: ChatPane): TemplateResult | typeof nothing {
    const s = messages().chat;
    const choices = this.choiceRefs();
    if (choices.length < 2) return nothing;
    return html`<label>
      <span class="visually-hidden">${s.switchModel} ${pane.label}</span>
      <select class="switch" @change=${(event: Event) => this.onSwitch(pane.id, event)}>
        ${choices.map((ref) => html`<option value=${ref} ?selected=${ref === pane.ref}>${ref}</option>`)}
      </select>
    </label>`;
  }

  private renderTurn(pane: ChatPane, turn: ChatTurn): TemplateResult {
    const s = messages().chat;
    if (turn.role === 'user') {
      // One line: the bubble keeps the person's own line breaks (pre-wrap), so no template whitespace.
      // prettier-ignore
      return html`<div class="turn user" part="user-message"><span class="speaker">${s.you}</span>${turn.text}</div>`;
    }
    const streaming = turn.status === 'waiting' || turn.status === 'streaming';
    const error = turn.error;
    return html`<div class="turn assistant" part="answer" data-turn=${turn.id} data-status=${turn.status ?? ''}>
      ${
        turn.reasoning
          ? html`<details class="reasoning">
            <summary>${s.thinking}</summary>
            <pre>${turn.reasoning}</pre>
          </details>`
          : nothing
      }
      ${turn.text ? renderAnswer(turn.text, streaming, pane.label, this.theme) : nothing}
      ${
        streaming
          ? html`<div class="typing" aria-hidden="true" title=${s.typing(pane.label)}>
            <span></span><span></span><span></span>
          </div>`
          : nothing
      }
      ${
        turn.retrying
          ? html`<div class="stopped-note">
            ${s.retrying((turn.retrying.delayMs / 1000).toFixed(1), turn.retrying.attempt)}
          </div>`
          : nothing
      }
      ${turn.status === 'stopped' ? html`<div class="stopped-note">${s.statusStopped}</div>` : nothing}
      ${
        turn.status === 'failed' && error
          ? html`<div class="error" part="error">
            <p><strong>${s.statusFailed}</strong>: ${error.message}</p>
            <p>${s.hint(error.kind, error.provider ?? pane.ref.split(':')[0]!, retryAfterSeconds(error.retryAfterMs))}</p>
            <button type="button" class="retry-inline" @click=${() => this.onRetry(pane.id)}>
              ${s.retry}<span class="visually-hidden"> ${pane.label}</span>
            </button>
          </div>`
          : nothing
      }
    </div>`;
  }

  private renderComposer(panes: ChatPane[], busy: boolean): TemplateResult {
    const s = messages().chat;
    const targets = this.targets ?? panes.map((pane) => pane.id);
    return html`<form class="composer" part="composer" @submit=${this.onSubmit}>
      <label for="message">${s.composerLabel}</label>
      <textarea
        id="message"
        name="message"
        placeholder=${s.composerPlaceholder}
        @keydown=${this.onComposerKey}
      ></textarea>
      ${
        panes.length > 1
          ? html`<fieldset class="targets">
            <legend>${s.sendTo}</legend>
            <label>
              <input
                type="checkbox"
                class="target-all"
                .checked=${targets.length === panes.length}
                @change=${(event: Event) => {
                  this.targets = (event.target as HTMLInputElement).checked ? undefined : [];
                }}
              />
              ${s.sendToAll}
            </label>
            ${panes.map(
              (pane) => html`<label>
                <input
                  type="checkbox"
                  class="target"
                  value=${pane.id}
                  .checked=${targets.includes(pane.id)}
                  @change=${(event: Event) => this.onTarget(pane.id, (event.target as HTMLInputElement).checked)}
                />
                ${pane.label}
              </label>`,
            )}
          </fieldset>`
          : nothing
      }
      ${this.problem ? html`<p class="problem" role="alert">${this.problem}</p>` : nothing}
      <div class="composer-actions">
        <button type="submit" class="primary send" part="send-button">${s.send}</button>
        <button type="button" class="stop-all-composer" ?disabled=${!busy} @click=${() => this.stopAll()}>
          ${s.stopAll}
        </button>
      </div>
    </form>`;
  }

  // --- handlers -----------------------------------------------------------------------------

  private onComposerKey = (event: KeyboardEvent): void => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.submit();
    }
  };

  private onSubmit = (event: Event): void => {
    event.preventDefault();
    this.submit();
  };

  private submit(): void {
    const textarea = this.renderRoot.querySelector('textarea');
    if (!textarea) return;
    const text = textarea.value;
    const to = this.targets;
    if (to && to.length === 0) {
      this.showProblem(messages().chat.sendTo);
      return;
    }
    this.accepted = false;
    this.controller
      .send(text, to ? { to } : {})
      .catch((error: unknown) => this.showProblem((error as Error).message));
    // The controller checks the input and emits `send` synchronously: clear the box only then.
    if (this.accepted) {
      textarea.value = '';
      this.problem = '';
    }
  }

  private onRetry(paneId: string): void {
    this.controller.retry(paneId).catch((error: unknown) => this.showProblem((error as Error).message));
  }

  private onRemove(paneId: string): void {
    this.controller.removePane(paneId);
    if (this.focusedPane === paneId) this.focusedPane = undefined;
    if (this.targets) this.targets = this.targets.filter((id) => id !== paneId);
  }

  private onSwitch(paneId: string, event: Event): void {
    const ref = (event.target as HTMLSelectElement).value;
    const choice =
      [...(this.choices ?? []), ...this.modelList()].find((model) => refOfInput(model) === ref) ?? ref;
    this.controller.switchModel(paneId, choice);
  }

  private onTarget(paneId: string, checked: boolean): void {
    const all = this.controller.panes.map((pane) => pane.id);
    const current = new Set(this.targets ?? all);
    if (checked) current.add(paneId);
    else current.delete(paneId);
    this.targets = current.size === all.length ? undefined : all.filter((id) => current.has(id));
  }

  private onLayout = (event: Event): void => {
    this.layout = (event.target as HTMLSelectElement).value as ChatLayout;
  };

  private onTabKey = (event: KeyboardEvent): void => {
    const panes = this.controller.panes;
    const index = panes.findIndex((pane) => pane.id === (this.selectedTab ?? panes[0]?.id));
    let next = index;
    if (event.key === 'ArrowRight') next = (index + 1) % panes.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + panes.length) % panes.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = panes.length - 1;
    else return;
    event.preventDefault();
    this.selectedTab = panes[next]!.id;
    void this.updateComplete.then(() =>
      (this.renderRoot.querySelector(`#tab-${this.selectedTab}`) as HTMLElement | null)?.focus(),
    );
  };

  private setFocusedPane(paneId: string | undefined): void {
    this.focusedPane = paneId;
  }

  private async onCopy(pane: ChatPane): Promise<void> {
    const text = lastAnswer(pane)?.text ?? '';
    try {
      await navigator.clipboard.writeText(text);
      this.copiedPane = pane.id;
      this.announce(messages().chat.copied);
      setTimeout(() => {
        if (this.copiedPane === pane.id) this.copiedPane = undefined;
        this.requestUpdate();
      }, 1500);
    } catch (error) {
      this.showProblem((error as Error).message);
    }
  }

  private async onImportFile(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    try {
      this.importTranscript(await file.text());
      this.problem = '';
    } catch (error) {
      this.showProblem(TrialogueError.is(error) ? error.message : String(error));
    }
  }

  private showProblem(message: string): void {
    this.problem = message;
    this.announce(message, true);
  }

  // --- controller → DOM events, announcements and renders -----------------------------------

  private onControllerEvent(event: ChatControllerEvent): void {
    const s = messages().chat;
    const { type, ...detail } = event;
    if (event.type === 'turn-delta') {
      // Tokens arrive far faster than anyone can read: gather them, one event per pane and frame.
      const key = `${event.paneId} ${event.kind}`;
      const pending = this.pendingDeltas.get(key);
      if (pending && pending.turnId === event.turnId) pending.text += event.text;
      else {
        if (pending) this.flushDeltas();
        this.pendingDeltas.set(key, detail as ChatTurnDeltaDetail);
      }
      this.cancelDeltas ??= nextFrame(this.flushDeltas);
      return;
    }
    // Whatever came before this event is told first (a turn's last delta before its end).
    this.flushDeltas();
    if (type === 'send') this.accepted = true;
    this.dispatch(type, detail);
    if (event.type === 'turn-start') this.announce(s.started(event.label));
    else if (event.type === 'turn-end') {
      if (event.status === 'done') this.announce(s.finished(event.label));
      else if (event.status === 'stopped') this.announce(s.stopped(event.label));
    } else if (event.type === 'error') this.announce(s.failed(event.label, event.error.message), true);
  }

  private dispatch(type: ChatControllerEvent['type'], detail: object): void {
    this.dispatchEvent(new CustomEvent(`trialogue-${type}`, { detail, bubbles: true, composed: true }));
  }

  /** Queues a screen-reader message; several in one tick are read as one. */
  private announce(text: string, assertive = false): void {
    if (assertive) {
      this.assertive = text;
      this.scheduleRender();
      return;
    }
    this.pendingPolite.push(text);
    if (this.pendingPolite.length === 1) {
      queueMicrotask(() => {
        this.polite = this.pendingPolite.join('. ');
        this.pendingPolite = [];
        this.scheduleRender();
      });
    }
  }

  /** At most one render per animation frame, however many tokens arrive. */
  private scheduleRender(): void {
    this.cancelRender ??= nextFrame(() => {
      this.cancelRender = undefined;
      this.requestUpdate();
    });
  }

  /** Dispatches the deltas gathered since the last frame: one event per pane and kind. */
  private flushDeltas = (): void => {
    this.cancelDeltas?.();
    this.cancelDeltas = undefined;
    const deltas = [...this.pendingDeltas.values()];
    this.pendingDeltas.clear();
    for (const detail of deltas) this.dispatch('turn-delta', detail);
  };

  private choiceRefs(): string[] {
    const refs = [...(this.choices ?? []), ...this.modelList()].map(refOfInput);
    return [...new Set(refs)];
  }
}

/**
 * Runs `run` on the next animation frame, or after 250 ms when the page gets no frames (a hidden
 * tab); returns a cancel function.
 */
function nextFrame(run: () => void): () => void {
  let done = false;
  const go = () => {
    if (done) return;
    cancel();
    run();
  };
  const frame = requestAnimationFrame(go);
  const timer = setTimeout(go, 250);
  const cancel = () => {
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
  return cancel;
}

function lastAnswer(pane: ChatPane): ChatTurn | undefined {
  for (let i = pane.turns.length - 1; i >= 0; i--) {
    if (pane.turns[i]!.role === 'assistant') return pane.turns[i];
  }
  return undefined;
}

function statusText(status: NonNullable<ChatTurn['status']>): string {
  const s = messages().chat;
  return {
    waiting: s.statusWaiting,
    streaming: s.statusStreaming,
    done: s.statusDone,
    stopped: s.statusStopped,
    failed: s.statusFailed,
  }[status];
}

function statsText(turn: ChatTurn): string {
  const s = messages().chat;
  const parts: string[] = [];
  const ttft = turn.timings?.timeToFirstTokenMs;
  if (ttft !== undefined) parts.push(s.firstToken(ttft));
  if (turn.usage) parts.push(s.tokens(turn.usage.inputTokens, turn.usage.outputTokens));
  if (turn.cost !== undefined) parts.push(formatCost(turn.cost));
  return parts.join(' · ');
}

function retryAfterSeconds(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : Math.ceil(ms / 1000);
}

function refOfInput(model: ChatModelInput): string {
  return typeof model === 'string' ? model.trim() : `${model.provider}:${model.modelId}`;
}

function downloadText(filename: string, content: string, format: 'json' | 'markdown'): void {
  const blob = new Blob([content], { type: format === 'json' ? 'application/json' : 'text/markdown' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
