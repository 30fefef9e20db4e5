/**
 * `<trialogue-debate>`: set up a debate between models, see what it will cost, watch it live, stop
 * it, continue it, open a saved one, export it.
 *
 * Set-up: the question, a format (roundtable, society, council, mixture of agents, adversarial with
 * a judge, conversation, vote), which of `models` take part, a judge or chair where the format has
 * one, rounds, and a budget; `estimateDebate`'s pre-flight (calls, tokens, cost) is shown before
 * start. Live: rounds as sections, turns as cards streaming side by side (model text through
 * `<trialogue-message>`, the safe markdown renderer), votes, rankings, consensus checks, and the
 * outcome with its stop reason. Stop at any time (button or Esc); continue with a follow-up; open a
 * saved transcript (replayed with `replayDebate`, no model called); export JSON or Markdown.
 *
 * @example
 * ```html fragment
 * <trialogue-debate models="openai:gpt-4.1-mini anthropic:claude-haiku-4-5 groq:llama-3.3-70b-versatile"></trialogue-debate>
 * <script type="module">
 *   document.querySelector('trialogue-debate').registry = createRegistry({ keys: keyManager.keyStore });
 * </script>
 * ```
 *
 * @property models - Model references that may take part (attribute `models`, space-separated).
 * @property registry - Resolves references to models with keys from a key store (required to run).
 * @property catalogue - Prices and names (default: `@trialogue/providers`' catalogue).
 * @property format - The format chosen first (attribute `format`, default `roundtable`).
 * @property replayDelayMs - Pause between replayed deltas (default 4 ms; 0 for none).
 * @property transcript - (read only) the transcript of the last run, for saving.
 * @attr theme - `light` or `dark` (default: the system's).
 *
 * @fires trialogue-debate-start - A run or replay began: `{ runId, format, question, participants, replay }`.
 * @fires trialogue-debate-event - Every debate event as it happens: `{ event }` (plain JSON).
 * @fires trialogue-debate-end - The run ended: `{ runId, stopReason, outcome, transcript }`.
 * @fires trialogue-debate-stop - The user stopped the run: `{ runId }`.
 * @fires trialogue-debate-export - An export is about to download: `{ format, filename, content }`; cancel it to handle the file yourself.
 * @fires trialogue-debate-error - The debate could not start or a file could not be opened: `{ message, kind?, code? }`.
 *
 * @csspart setup - The set-up form.
 * @csspart estimate - The pre-flight estimate.
 * @csspart round - Each round's section.
 * @csspart turn - Each turn's card.
 * @csspart votes - A round's vote table.
 * @csspart ranking - A round's rankings.
 * @csspart outcome - The outcome.
 * @csspart toolbar - Stop, export, open, new.
 *
 * @cssprop --trialogue-color-background, --trialogue-color-surface, --trialogue-color-text,
 *   --trialogue-color-muted, --trialogue-color-border, --trialogue-color-accent,
 *   --trialogue-color-danger, --trialogue-color-success, --trialogue-radius, --trialogue-space,
 *   --trialogue-font-family - see the package README's theming table.
 * @cssprop --trialogue-debate-card-width - Narrowest turn card before cards wrap (default 18rem).
 */
import {
  formatCost,
  type ModelCatalogue,
  parseTranscript,
  type Registry,
  serializeTranscript,
  type Transcript,
  type TranscriptOutcome,
  type TranscriptParticipant,
  TrialogueError,
  toMarkdown,
} from '@trialogue/core';
import {
  type DebateEstimate,
  type DebateEvent,
  type DebateHandle,
  type DebateOptions,
  estimateDebate,
  type FormatName,
  replayDebate,
  runDebate,
} from '@trialogue/debate';
import { catalogue as shippedCatalogue } from '@trialogue/providers';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import '../message/index.js';
import { liveRegions } from '../common/announcer.js';
import { messages, onMessagesChange } from '../common/messages.js';
import { statusStyles, themeStyles } from '../common/theme.js';
import { DebateSession, type ExchangeView, type RoundView, type TurnView } from './session.js';
import {
  countOf,
  type DebateSetup,
  debateOptions,
  estimateOptions,
  FORMAT_NAMES,
  optionsFromTranscript,
  roleOf,
} from './setup.js';
import { debateStyles } from './styles.js';

/** Detail of `trialogue-debate-start`. */
export interface DebateStartDetail {
  runId: string;
  format: string;
  question: string;
  participants: TranscriptParticipant[];
  /** A saved debate played back (no model called). */
  replay: boolean;
}

/** Detail of `trialogue-debate-end`. */
export interface DebateEndDetail {
  runId: string;
  stopReason: string;
  outcome: TranscriptOutcome;
  transcript: Transcript;
}

/** Detail of `trialogue-debate-export`. */
export interface DebateExportDetail {
  format: 'json' | 'markdown';
  filename: string;
  content: string;
}

/** Detail of `trialogue-debate-error`. */
export interface DebateErrorDetail {
  message: string;
  kind?: string;
  code?: string;
}

type Estimate = { ok: true; value: DebateEstimate } | { ok: false; message: string };

/** The debate element. */
export class TrialogueDebate extends LitElement {
  static override properties = {
    models: {
      converter: {
        fromAttribute: (value: string | null) => (value ?? '').split(/\s+/).filter(Boolean),
        toAttribute: (value: string[]) => value.join(' '),
      },
    },
    registry: { attribute: false },
    catalogue: { attribute: false },
    format: {},
    replayDelayMs: { type: Number, attribute: 'replay-delay-ms' },
    theme: { reflect: true },
    setup: { state: true },
    estimate: { state: true },
    notice: { state: true },
    alert: { state: true },
    busy: { state: true },
  };

  declare models: string[];
  declare registry: Registry | undefined;
  declare catalogue: ModelCatalogue;
  declare format: FormatName;
  declare replayDelayMs: number;
  declare theme: string | undefined;
  declare private setup: DebateSetup;
  declare private estimate: Estimate | undefined;
  declare private notice: string;
  declare private alert: string;
  /** Resolving models before a run starts. */
  declare private busy: boolean;

  private readonly session = new DebateSession();
  private handle: DebateHandle | undefined;
  private lastOptions: DebateOptions | undefined;
  private result: Transcript | undefined;
  /** The saved transcript last opened: a follow-up continues it when the registry can resolve its models. */
  private replayed: Transcript | undefined;
  private frame = 0;
  private offMessages: (() => void) | undefined;
  private estimateRun = 0;
  private saidSinceRender = false;

  constructor() {
    super();
    this.models = [];
    this.registry = undefined;
    this.catalogue = shippedCatalogue;
    this.format = 'roundtable';
    this.replayDelayMs = 4;
    this.setup = { question: '', format: 'roundtable', models: [], budget: {} };
    this.notice = '';
    this.alert = '';
    this.busy = false;
    this.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.session.running) {
        event.preventDefault();
        this.stop();
      }
    });
  }

  /** The transcript of the last run or replay (never holds a key), once it has ended. */
  get transcript(): Transcript | undefined {
    return this.result;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.offMessages = onMessagesChange(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.offMessages?.();
    this.handle?.stop('disconnected');
    cancelAnimationFrame(this.frame);
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('models')) {
      const models = this.models.slice(0, 6);
      const roleModel =
        this.setup.roleModel && this.models.includes(this.setup.roleModel) ? this.setup.roleModel : undefined;
      this.setup = { ...this.setup, models, roleModel };
    }
    if (changed.has('format') && FORMAT_NAMES.includes(this.format))
      this.setup = { ...this.setup, format: this.format };
    if (changed.has('setup') || changed.has('catalogue')) void this.refreshEstimate();
  }

  private async refreshEstimate(): Promise<void> {
    const run = ++this.estimateRun;
    let estimate: Estimate;
    try {
      const options = await estimateOptions(
        { ...this.setup, question: this.setup.question || '?' },
        this.catalogue,
      );
      estimate = { ok: true, value: estimateDebate(options) };
    } catch (error) {
      estimate = { ok: false, message: messageOf(error) };
    }
    if (run === this.estimateRun) this.estimate = estimate;
  }

  private emit<T>(name: string, detail: T, cancelable = false): boolean {
    return this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable }));
  }

  private fail(error: unknown, say: (message: string) => string): void {
    const message = messageOf(error);
    this.alert = say(message);
    const detail: DebateErrorDetail = { message };
    if (TrialogueError.is(error)) {
      detail.kind = error.kind;
      if (error.code) detail.code = error.code;
    }
    this.emit('trialogue-debate-error', detail);
  }

  /** Renders at most once per animation frame while tokens stream. */
  private scheduleRender(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.requestUpdate();
    });
  }

  /** Starts a debate from the form's set-up (or `setup`). Resolves when it has ended. */
  async start(): Promise<void> {
    const t = messages().debate;
    if (this.session.running || this.busy) return;
    if (!this.registry) {
      this.fail(new Error(t.missingRegistry), t.startFailed);
      return;
    }
    const registry = this.registry;
    this.alert = '';
    this.busy = true;
    let options: DebateOptions;
    try {
      options = await debateOptions(this.setup, (ref) => registry.resolve(ref), this.catalogue);
      this.lastOptions = options;
      this.replayed = undefined;
      const handle = runDebate(options);
      this.session.clear();
      this.result = undefined;
      await this.follow(handle, false);
    } catch (error) {
      this.fail(error, t.startFailed);
    } finally {
      this.busy = false;
    }
  }

  /**
   * Asks the same panel a follow-up, with the last run as history. After opening a saved transcript,
   * its participants (and judge or chair) are resolved through `registry` first; a model that cannot
   * be resolved (a missing key) is reported and nothing is called.
   */
  async continueWith(question: string): Promise<void> {
    const t = messages().debate;
    if (this.session.running || !this.result || !question.trim()) return;
    if (!this.lastOptions && !this.canContinueReplay()) return;
    try {
      if (!this.lastOptions) {
        const registry = this.registry!;
        this.lastOptions = await optionsFromTranscript(
          this.replayed!,
          (ref) => registry.resolve(ref),
          this.catalogue,
        );
      }
      const handle = runDebate({ ...this.lastOptions, question: question.trim(), history: this.result });
      await this.follow(handle, false);
    } catch (error) {
      this.fail(error, t.startFailed);
    }
  }

  /**
   * Says something to the panel between turns (the `conversation` format): the next speaker hears
   * it. Other formats refuse with an `invalid-request` error, announced.
   */
  interject(text: string): void {
    if (!this.handle || !this.session.running || !text.trim()) return;
    try {
      this.handle.interject(text.trim());
      this.say(messages().debate.interjected);
    } catch (error) {
      this.fail(error, messages().debate.startFailed);
    }
  }

  /** Stops the running debate: turns in flight keep their partial text; stop reason `aborted`. */
  stop(): void {
    if (!this.handle || !this.session.running) return;
    this.emit('trialogue-debate-stop', { runId: this.handle.runId });
    this.handle.stop();
  }

  /**
   * Opens a saved transcript (its JSON text or the parsed object) and replays it: the same events,
   * prompts and outcome, with no model called.
   */
  async openTranscript(saved: string | Transcript): Promise<void> {
    const t = messages().debate;
    if (this.session.running) return;
    try {
      const transcript = parseTranscript(saved);
      const handle = replayDebate(transcript, { delayMs: this.replayDelayMs });
      this.session.clear();
      this.result = undefined;
      this.lastOptions = undefined;
      this.replayed = transcript;
      await this.follow(handle, true);
    } catch (error) {
      this.fail(error, t.openFailed);
    }
  }

  private async follow(handle: DebateHandle, replay: boolean): Promise<void> {
    this.handle = handle;
    for await (const event of handle) {
      const turn = this.session.apply(event, replay);
      if (event.type === 'run-start') {
        this.emit<DebateStartDetail>('trialogue-debate-start', {
          runId: event.runId,
          format: event.format,
          question: event.question,
          participants: event.participants,
          replay,
        });
      }
      this.emit('trialogue-debate-event', { event });
      this.announce(event, turn);
      if (event.type === 'run-start') {
        this.requestUpdate();
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLButtonElement>('#stop')?.focus();
      } else if (event.type === 'turn-delta') this.scheduleRender();
      else this.requestUpdate();
    }
    const result = await handle.result;
    this.result = result.transcript;
    this.handle = undefined;
    this.requestUpdate();
    this.emit<DebateEndDetail>('trialogue-debate-end', {
      runId: handle.runId,
      stopReason: result.outcome.stopReason,
      outcome: result.outcome,
      transcript: result.transcript,
    });
    await this.updateComplete;
    // The stop button is gone: the focus moves to the outcome it led to.
    [...this.renderRoot.querySelectorAll<HTMLElement>('.outcome h3')].at(-1)?.focus();
  }

  /**
   * Puts a sentence in the polite live region. Sentences said before the next render are read
   * together ("A started round 1. B started round 1."), so parallel turns are not lost.
   */
  private say(sentence: string): void {
    this.notice = this.saidSinceRender ? `${this.notice} ${sentence}` : sentence;
    this.saidSinceRender = true;
  }

  protected override updated(): void {
    this.saidSinceRender = false;
  }

  private announce(event: DebateEvent, turn: TurnView | undefined): void {
    const t = messages().debate;
    const who = turn ? this.session.nameOf(turn.participantId) : '';
    switch (event.type) {
      case 'run-start':
        this.say(t.started(event.question));
        break;
      case 'turn-start':
        this.say(t.turnStarted(who, event.round));
        break;
      case 'turn-end':
        this.say(t.turnFinished(who, event.round));
        break;
      case 'turn-error':
        if (event.error.kind !== 'aborted') this.alert = t.turnFailed(who, event.error.message);
        break;
      case 'run-end':
        this.say(t.ended(t.stopReasons[event.stopReason] ?? event.stopReason));
        break;
    }
  }

  /** Downloads the last transcript as JSON (the project's format) or Markdown. */
  exportTranscript(format: 'json' | 'markdown'): void {
    const transcript = this.result;
    if (!transcript) return;
    const content = format === 'json' ? serializeTranscript(transcript) : toMarkdown(transcript);
    const stem = `debate-${transcript.createdAt.slice(0, 19).replace(/[^0-9]/g, '')}`;
    const filename = `${stem}.${format === 'json' ? 'json' : 'md'}`;
    if (!this.emit<DebateExportDetail>('trialogue-debate-export', { format, filename, content }, true))
      return;
    const url = URL.createObjectURL(
      new Blob([content], { type: format === 'json' ? 'application/json' : 'text/markdown' }),
    );
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  private newDebate(): void {
    if (this.session.running) return;
    this.session.clear();
    this.result = undefined;
    this.lastOptions = undefined;
    this.replayed = undefined;
    this.requestUpdate();
  }

  private patchSetup(patch: Partial<DebateSetup>): void {
    this.setup = { ...this.setup, ...patch };
  }

  private setBudget(key: 'maxCostUsd' | 'maxTokens' | 'maxDurationMs', raw: string, scale = 1): void {
    const budget = { ...this.setup.budget };
    const value = Number(raw);
    if (raw.trim() && Number.isFinite(value) && value > 0) budget[key] = value * scale;
    else delete budget[key];
    this.patchSetup({ budget });
  }

  private toggleModel(ref: string, on: boolean): void {
    const chosen = new Set(this.setup.models);
    if (on) chosen.add(ref);
    else chosen.delete(ref);
    this.patchSetup({ models: this.models.filter((m) => chosen.has(m)) });
  }

  private async onFile(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file) await this.openTranscript(await file.text());
  }

  override render() {
    const exchanges = this.session.exchanges;
    return html`<section class="debate" aria-labelledby="debate-title">
        <h2 id="debate-title">${messages().debate.title}</h2>
        ${this.renderToolbar()} ${exchanges.length ? nothing : this.renderSetup()}
        ${repeat(
          exchanges,
          (exchange) => exchange.runId,
          (exchange) => this.renderExchange(exchange),
        )}
        ${this.renderInterject()} ${this.renderFollowUp()}
      </section>
      ${liveRegions(this.notice, this.alert)}`;
  }

  private renderToolbar() {
    const t = messages().debate;
    const running = this.session.running;
    const ended = Boolean(this.result) && !running;
    return html`<div part="toolbar" class="toolbar">
      ${
        running
          ? html`<button id="stop" type="button" class="danger" aria-keyshortcuts="Escape" title=${t.stopHint} @click=${() => this.stop()}>
            ${t.stop}
          </button>`
          : nothing
      }
      ${
        ended
          ? html`<button type="button" @click=${() => this.exportTranscript('json')}>${t.exportJson}</button>
            <button type="button" @click=${() => this.exportTranscript('markdown')}>${t.exportMarkdown}</button>
            <button type="button" @click=${() => this.newDebate()}>${t.newDebate}</button>`
          : nothing
      }
      ${
        running
          ? nothing
          : html`<label class="file"
            >${t.open}
            <input id="open" type="file" accept=".json,application/json" @change=${(e: Event) => this.onFile(e)}
          /></label>`
      }
    </div>`;
  }

  private renderSetup() {
    const t = messages().debate;
    const setup = this.setup;
    const role = roleOf(setup.format);
    const count = countOf(setup.format);
    const estimate = this.estimate;
    const canStart =
      Boolean(setup.question.trim()) &&
      estimate?.ok === true &&
      !this.busy &&
      (!role?.required || Boolean(setup.roleModel));
    return html`<form
      part="setup"
      class="setup"
      @submit=${(event: Event) => {
        event.preventDefault();
        void this.start();
      }}
    >
      <h3>${t.setup}</h3>
      <label for="question">${t.question}</label>
      <textarea
        id="question"
        rows="3"
        placeholder=${t.questionPlaceholder}
        .value=${setup.question}
        @input=${(e: Event) => this.patchSetup({ question: (e.target as HTMLTextAreaElement).value })}
      ></textarea>
      <label for="format">${t.format}</label>
      <select id="format" @change=${(e: Event) => this.patchSetup({ format: (e.target as HTMLSelectElement).value as FormatName, count: undefined })}>
        ${FORMAT_NAMES.map((name) => html`<option value=${name} ?selected=${name === setup.format}>${t.formats[name] ?? name}</option>`)}
      </select>
      <fieldset>
        <legend>${t.participants}</legend>
        ${
          this.models.length
            ? this.models.map(
                (ref, index) => html`<label class="check"
                ><input
                  type="checkbox"
                  .checked=${setup.models.includes(ref)}
                  ?disabled=${!setup.models.includes(ref) && setup.models.length >= 6}
                  @change=${(e: Event) => this.toggleModel(ref, (e.target as HTMLInputElement).checked)}
                />
                ${this.modelName(ref)}<span class="muted"> · ${ref}</span><span class="visually-hidden"> (${index + 1})</span></label
              >`,
              )
            : html`<p class="muted">${t.noModels}</p>`
        }
      </fieldset>
      <div class="grid">
        ${
          role
            ? html`<div>
              <label for="role">${role.role === 'judge' ? t.judge : t.chair}</label>
              <select
                id="role"
                aria-describedby=${role.required ? 'role-hint' : nothing}
                @change=${(e: Event) => this.patchSetup({ roleModel: (e.target as HTMLSelectElement).value || undefined })}
              >
                <option value="" ?selected=${!setup.roleModel}>${t.none}</option>
                ${this.models.map((ref) => html`<option value=${ref} ?selected=${ref === setup.roleModel}>${this.modelName(ref)}</option>`)}
              </select>
              ${role.required ? html`<p id="role-hint" class="muted hint">${t.judgeRequired}</p>` : nothing}
            </div>`
            : nothing
        }
        ${
          count
            ? html`<div>
              <label for="count">${count.option === 'layers' ? t.layers : t.rounds}</label>
              <input
                id="count"
                type="number"
                min="1"
                max="10"
                .value=${String(setup.count ?? count.default)}
                @change=${(e: Event) => this.patchSetup({ count: Number((e.target as HTMLInputElement).value) || undefined })}
              />
            </div>`
            : nothing
        }
      </div>
      <fieldset class="grid budget">
        <legend>${t.budget}</legend>
        <div>
          <label for="max-cost">${t.maxCost}</label>
          <input id="max-cost" type="number" min="0" step="any" @change=${(e: Event) => this.setBudget('maxCostUsd', (e.target as HTMLInputElement).value)} />
        </div>
        <div>
          <label for="max-tokens">${t.maxTokens}</label>
          <input id="max-tokens" type="number" min="0" step="1" @change=${(e: Event) => this.setBudget('maxTokens', (e.target as HTMLInputElement).value)} />
        </div>
        <div>
          <label for="max-minutes">${t.maxMinutes}</label>
          <input
            id="max-minutes"
            type="number"
            min="0"
            step="any"
            @change=${(e: Event) => this.setBudget('maxDurationMs', (e.target as HTMLInputElement).value, 60_000)}
          />
        </div>
      </fieldset>
      <div part="estimate" class="estimate" id="estimate" aria-live="polite">
        <strong>${t.estimate}:</strong> ${this.renderEstimate(estimate)}
      </div>
      <button type="submit" class="primary" ?disabled=${!canStart} aria-describedby="estimate">${t.start}</button>
    </form>`;
  }

  private renderEstimate(estimate: Estimate | undefined) {
    const t = messages().debate;
    if (!estimate) return nothing;
    if (!estimate.ok) return html`<span class="error">${t.estimateProblem(estimate.message)}</span>`;
    const { calls, inputTokens, outputTokens, costUsd } = estimate.value;
    const cost = costUsd === undefined ? t.estimateNoPrice : t.estimateCost(formatCost(costUsd));
    return html`${t.estimateLine(calls, formatCount(inputTokens), formatCount(outputTokens))}, ${cost}.`;
  }

  private modelName(ref: string): string {
    const [provider = '', ...rest] = ref.split(':');
    return this.catalogue.find(provider, rest.join(':'))?.label ?? rest.join(':');
  }

  private renderExchange(exchange: ExchangeView) {
    const t = messages().debate;
    return html`<article class="exchange" aria-label=${exchange.question}>
      <header class="question">
        <span class="muted">${t.formats[exchange.format]?.split(':')[0] ?? exchange.format}</span>
        <p>${exchange.question}</p>
        ${exchange.replay ? html`<p class="muted">${t.replaying}</p>` : nothing}
      </header>
      ${exchange.rounds.map((round) => this.renderRound(round))} ${exchange.end ? this.renderOutcome(exchange) : nothing}
    </article>`;
  }

  private renderRound(round: RoundView) {
    const t = messages().debate;
    const id = `round-${round.round}-${round.phase}`;
    return html`<section part="round" class="round" aria-labelledby=${id}>
      <h3 id=${id}>${t.round(round.round, round.phase)}</h3>
      <div class="turns">${repeat(
        round.turns,
        (turn) => turn.turnId,
        (turn) => this.renderTurn(turn),
      )}</div>
      ${round.interjections.map(
        (said) =>
          html`<p class="interjection" data-turn=${said.turnId}><strong>${t.you}:</strong> ${said.text}</p>`,
      )}
      ${round.consensus ? this.renderConsensus(round) : nothing} ${round.votes.map((vote) => this.renderVote(vote))}
      ${round.rankings.length ? this.renderRankings(round) : nothing}
    </section>`;
  }

  private renderTurn(turn: TurnView) {
    const t = messages().debate;
    const name = this.session.nameOf(turn.participantId);
    const participant = this.session.current?.participants.find((p) => p.id === turn.participantId);
    const status = { streaming: t.streaming, done: t.done, failed: t.failed, stopped: t.stopped }[
      turn.status
    ];
    const facts = [
      turn.usage?.totalTokens ? t.tokens(turn.usage.totalTokens) : '',
      turn.cost !== undefined ? formatCost(turn.cost) : '',
      turn.firstTokenMs !== undefined ? t.firstToken(turn.firstTokenMs) : '',
    ].filter(Boolean);
    return html`<div part="turn" class="turn ${turn.status}" data-turn=${turn.turnId} data-participant=${turn.participantId} aria-busy=${turn.status === 'streaming' ? 'true' : 'false'}>
      <div class="turn-head">
        <span class="model muted">${participant ? `${participant.provider} · ${participant.modelId}` : ''}</span>
        ${turn.side ? html`<span part="side" class="side">${turn.side}</span>` : nothing}
        <span class="status ${turn.status}">${status}</span>
      </div>
      <trialogue-message
        .text=${turn.text}
        .label=${name}
        ?streaming=${turn.status === 'streaming'}
        theme=${this.theme ?? nothing}
      ></trialogue-message>
      ${turn.error ? html`<p class="error turn-error">${turn.error}</p>` : nothing}
      ${
        turn.reasoning
          ? html`<details class="reasoning">
            <summary>${t.reasoning}</summary>
            <trialogue-message
              .text=${turn.reasoning}
              .label=${t.reasoningOf(name)}
              ?streaming=${turn.status === 'streaming'}
              theme=${this.theme ?? nothing}
            ></trialogue-message>
          </details>`
          : nothing
      }
      <div class="turn-foot">
        ${
          turn.answer !== undefined
            ? html`<span class="answer"
              >${t.answer}: <strong>${turn.answer}</strong>${
                turn.confidence !== undefined
                  ? html` <span class="muted">(${t.confidence} ${turn.confidence})</span>`
                  : nothing
              }</span
            >`
            : nothing
        }
        ${facts.length ? html`<span class="muted facts">${facts.join(' · ')}</span>` : nothing}
      </div>
    </div>`;
  }

  private renderConsensus(round: RoundView) {
    const t = messages().debate;
    const check = round.consensus!;
    return html`<p class="consensus ${check.agreed ? 'ok' : ''}">
      ${t.consensus(check.agreed)}:
      ${Object.entries(check.answers)
        .map(([id, answer]) => `${this.session.nameOf(id)} → ${answer ?? '—'}`)
        .join(' · ')}
    </p>`;
  }

  private renderVote(vote: RoundView['votes'][number]) {
    const t = messages().debate;
    return html`<table part="votes" class="votes">
      <caption>
        ${t.votes}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t.answer}</th>
          <th scope="col">#</th>
          <th scope="col">${t.participants}</th>
        </tr>
      </thead>
      <tbody>
        ${vote.tally.map(
          (row) => html`<tr class=${row.answer === vote.winner ? 'winner' : ''}>
            <td>${row.answer}</td>
            <td>${Number(row.weight.toFixed(2))}</td>
            <td>${row.voters.map((id) => this.session.nameOf(id)).join(', ')}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private renderRankings(round: RoundView) {
    const t = messages().debate;
    return html`<div part="ranking" class="rankings">
      ${round.rankings.map(
        (ranking) => html`<figure>
          <figcaption>${t.ranking} ${ranking.rankerId ? t.rankedBy(this.session.nameOf(ranking.rankerId)) : `· ${t.aggregate}`}</figcaption>
          <ol>
            ${ranking.ranking.map(
              (id) =>
                html`<li>${this.session.nameOf(id)}${ranking.scores?.[id] !== undefined ? html` <span class="muted">(${ranking.scores[id]})</span>` : nothing}</li>`,
            )}
          </ol>
        </figure>`,
      )}
    </div>`;
  }

  private renderOutcome(exchange: ExchangeView) {
    const t = messages().debate;
    const end = exchange.end!;
    const totalTokens = end.usage?.totalTokens;
    return html`<section part="outcome" class="outcome" aria-labelledby="outcome-${exchange.runId}">
      <h3 id="outcome-${exchange.runId}" tabindex="-1">${t.outcome}</h3>
      <p class="final">
        ${end.outcome.answer !== undefined ? t.outcomeAnswer(end.outcome.answer) : t.noAnswer}
        ${end.outcome.decidedBy ? html`<span class="muted">(${t.decidedBy(this.session.nameOf(end.outcome.decidedBy))})</span>` : nothing}
      </p>
      <p class="stop-reason" data-stop-reason=${end.stopReason}>${t.stopReason(t.stopReasons[end.stopReason] ?? end.stopReason)}</p>
      <p class="muted">${t.totals(end.calls, totalTokens === undefined ? '?' : formatCount(totalTokens), end.cost === undefined ? '' : formatCost(end.cost))}</p>
    </section>`;
  }

  private renderInterject() {
    const t = messages().debate;
    if (
      !this.session.running ||
      this.session.current?.format !== 'conversation' ||
      this.session.current.replay
    )
      return nothing;
    return html`<form
      class="follow-up interject"
      @submit=${(event: Event) => {
        event.preventDefault();
        const field = this.renderRoot.querySelector<HTMLTextAreaElement>('#interject');
        this.interject(field?.value ?? '');
        if (field) field.value = '';
      }}
    >
      <label for="interject">${t.interjectLabel}</label>
      <textarea id="interject" rows="2" placeholder=${t.interjectPlaceholder}></textarea>
      <button type="submit">${t.interjectSend}</button>
    </form>`;
  }

  /** A replayed transcript can be continued when the registry knows every participant's provider. */
  private canContinueReplay(): boolean {
    const known = this.registry?.providerIds;
    return Boolean(
      this.replayed && known && this.replayed.participants.every((p) => known.includes(p.provider)),
    );
  }

  private renderFollowUp() {
    const t = messages().debate;
    if (!this.result || !(this.lastOptions || this.canContinueReplay()) || this.session.running)
      return nothing;
    return html`<form
      class="follow-up"
      @submit=${(event: Event) => {
        event.preventDefault();
        const field = this.renderRoot.querySelector<HTMLTextAreaElement>('#follow-up');
        const question = field?.value ?? '';
        if (field) field.value = '';
        void this.continueWith(question);
      }}
    >
      <label for="follow-up">${t.followUp}</label>
      <textarea id="follow-up" rows="2" placeholder=${t.followUpPlaceholder}></textarea>
      <button type="submit" class="primary">${t.continue}</button>
    </form>`;
  }

  /** The element's styles: the shared theme tokens, then its own (themed through CSS custom properties and `::part`). */
  static override styles = [themeStyles, statusStyles, debateStyles];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `12,345` tokens. */
function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

declare global {
  interface HTMLElementTagNameMap {
    'trialogue-debate': TrialogueDebate;
  }
  interface HTMLElementEventMap {
    'trialogue-debate-start': CustomEvent<DebateStartDetail>;
    'trialogue-debate-event': CustomEvent<{ event: DebateEvent }>;
    'trialogue-debate-end': CustomEvent<DebateEndDetail>;
    'trialogue-debate-stop': CustomEvent<{ runId: string }>;
    'trialogue-debate-export': CustomEvent<DebateExportDetail>;
    'trialogue-debate-error': CustomEvent<DebateErrorDetail>;
  }
}
