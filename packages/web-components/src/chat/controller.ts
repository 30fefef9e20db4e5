/**
 * The state of a multi-model chat, without a DOM: panes (one per model, the same model twice is two
 * panes), each pane's own thread, the turns streaming now, stop and retry, and the transcript.
 * `<trialogue-chat>` only renders it; tests drive it directly with scripted models.
 */
import {
  type ChatMessage,
  type ChatModel,
  type ChatRequest,
  costOf,
  type FanOut,
  fanOut,
  formatModelRef,
  invalidRequest,
  MAX_MESSAGE_CHARS,
  type ModelCatalogue,
  parseModelRef,
  parseTranscript,
  redactDeep,
  type StreamEvent,
  serializeTranscript,
  type TerminalEvent,
  type Timings,
  type Transcript,
  type TranscriptTurn,
  TrialogueError,
  type TrialogueErrorJSON,
  toMarkdown,
  type Usage,
} from '@trialogue/core';
import { catalogue as defaultCatalogue } from '@trialogue/providers/catalogue';
import type {
  ChatErrorDetail,
  ChatSendDetail,
  ChatStopDetail,
  ChatTurnDeltaDetail,
  ChatTurnEndDetail,
  ChatTurnStartDetail,
} from './events.js';

/** Where a pane's turn is. `stopped` is a stop the user asked for, never a failure. */
export type TurnStatus = 'waiting' | 'streaming' | 'done' | 'stopped' | 'failed';

/** One message of a pane's thread: the person's question or the model's answer. */
export interface ChatTurn {
  /** Unique within the conversation. */
  id: string;
  role: 'user' | 'assistant';
  /** For an answer that failed or was stopped: the partial text, kept. */
  text: string;
  reasoning?: string;
  /** Answers only. */
  status?: TurnStatus;
  /** The error of a failed answer (redacted, plain data). */
  error?: TrialogueErrorJSON;
  usage?: Usage;
  /** US dollars, when the model's price is in the catalogue. */
  cost?: number;
  timings?: Timings;
  finishReason?: string;
  /** A retry before the first token is under way (attempt number and delay), while it lasts. */
  retrying?: { attempt: number; delayMs: number };
  startedAt: string;
  endedAt?: string;
  /** For a user turn: the id shared by every pane the message was sent to. */
  sendId?: string;
}

/** One column: a model and its own thread. */
export interface ChatPane {
  /** Stable id within the conversation (`p1`, `p2`…); the transcript's participant id. */
  readonly id: string;
  /** `provider:modelId`. */
  ref: string;
  /**
   * What the pane shows as its name: the model's label (see {@link ChatControllerOptions.describe})
   * or else its id, with ` #2` for the second pane of the same model.
   */
  label: string;
  /** The model's own label, once known (from `describe`, the ChatModel's `label`, or an imported transcript). */
  modelLabel?: string;
  /** The model, when given as an object; otherwise resolved from `ref` at each send. */
  model?: ChatModel;
  /** The thread, oldest first: user and assistant turns. */
  turns: ChatTurn[];
}

/** A model as panes take it: a ChatModel, or a `provider:model` reference for the resolver. */
export type ChatModelInput = ChatModel | string;

/**
 * What the controller reports as it goes; the element dispatches each as `trialogue-<type>` with
 * the rest as its detail (see ./events.ts).
 */
export type ChatControllerEvent =
  | ({ type: 'send' } & ChatSendDetail)
  | ({ type: 'turn-start' } & ChatTurnStartDetail)
  | ({ type: 'turn-delta' } & ChatTurnDeltaDetail)
  | ({ type: 'turn-end' } & ChatTurnEndDetail)
  | ({ type: 'error' } & ChatErrorDetail)
  | ({ type: 'stop' } & ChatStopDetail);

/** Options of {@link ChatController}. */
export interface ChatControllerOptions {
  /** Resolves a `provider:model` reference (a registry's `resolve`). */
  resolve?: (ref: string) => Promise<ChatModel>;
  /** Prices turns; default the providers' catalogue. */
  catalogue?: ModelCatalogue;
  /**
   * The label a pane shows for a `provider:model` reference, or undefined for the default: the
   * ChatModel's own `label` (a model object, or one resolved at a send), else the model id.
   */
  describe?: (ref: string) => string | undefined;
  /** Request fields sent with every turn (system prompt, maxOutputTokens, retry, timeouts…). */
  request?: () => Omit<ChatRequest, 'messages' | 'signal'> | undefined;
  /**
   * Called after every change of state. `structural` is true when the panes themselves changed
   * (models set, added, removed or switched, a transcript imported, the threads cleared): a host
   * should show that at once; other changes (tokens) may wait for the next frame.
   */
  onChange?: (change: ChatChange) => void;
  /** Called for every event. */
  onEvent?: (event: ChatControllerEvent) => void;
  /** The clock (tests). */
  now?: () => Date;
}

/** What {@link ChatControllerOptions.onChange} is told about a change. */
export interface ChatChange {
  /** True when the panes changed (not just a turn's text or status). */
  structural: boolean;
}

/** The most panes a chat holds. */
export const MAX_PANES = 6;

interface Running {
  /** Set once the models are resolved and the calls start. */
  run?: FanOut<string>;
  turn: ChatTurn;
  stopRequested: boolean;
}

/**
 * Multi-model chat state. Plain object: construct it with models, call `send`, `stop`, `retry`;
 * read `panes`. As a Lit `ReactiveController` (`host.addController(controller)`) it stops every
 * stream when its element leaves the page for good.
 *
 * @example
 * ```ts
 * const chat = new ChatController({ onChange: render });
 * chat.setModels([gptModel, claudeModel]);
 * await chat.send('Why is the sky blue?');           // to every pane
 * await chat.send('Shorter, please', { to: ['p2'] }); // continues p2's thread only
 * ```
 */
export class ChatController {
  /** The panes, in order. */
  readonly panes: ChatPane[] = [];
  private readonly options: ChatControllerOptions;
  private readonly running = new Map<string, Running>();
  private nextPane = 1;
  private nextTurn = 1;
  private createdAt: string;
  private transcriptId: string | undefined;
  private disconnectTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: ChatControllerOptions = {}) {
    this.options = options;
    this.createdAt = this.now().toISOString();
  }

  /** Replaces how references resolve (the element's `registry` property). */
  set resolve(resolve: ((ref: string) => Promise<ChatModel>) | undefined) {
    this.options.resolve = resolve;
  }

  /** Replaces how references are labelled (the element's `describeModel` property); relabels the panes. */
  set describe(describe: ((ref: string) => string | undefined) | undefined) {
    this.options.describe = describe;
    this.relabel();
    this.changed(true);
  }

  /** Replaces the prices used for costs (the element's `catalogue` property); undefined: the providers' catalogue. */
  set catalogue(catalogue: ModelCatalogue | undefined) {
    this.options.catalogue = catalogue;
  }

  // --- ReactiveController -------------------------------------------------------------------

  /** @internal */
  hostConnected(): void {
    clearTimeout(this.disconnectTimer);
  }

  /** @internal A host moved in the page reconnects at once; one removed for good stops its streams. */
  hostDisconnected(): void {
    this.disconnectTimer = setTimeout(() => this.stopAll(), 0);
  }

  // --- panes --------------------------------------------------------------------------------

  /**
   * Sets the models, one pane each, in order. A pane whose model (same object, or same reference
   * at the same position among its duplicates) is still listed keeps its thread; others are new.
   * Throws an `invalid-request` error for more than {@link MAX_PANES} models or a malformed reference.
   */
  setModels(models: readonly ChatModelInput[]): void {
    if (models.length > MAX_PANES) {
      throw invalidRequest(
        `A chat holds at most ${MAX_PANES} models; ${models.length} were given.`,
        'too-many-models',
      );
    }
    const refs = models.map(refOf);
    const old = [...this.panes];
    const next: ChatPane[] = [];
    for (let i = 0; i < models.length; i++) {
      const input = models[i]!;
      const ref = refs[i]!;
      const reuse = old.findIndex((pane) =>
        typeof input === 'string' ? !pane.model && pane.ref === ref : pane.model === input,
      );
      if (reuse >= 0) {
        next.push(old[reuse]!);
        old.splice(reuse, 1);
      } else {
        next.push(this.newPane(input, ref));
      }
    }
    for (const gone of old) this.stop(gone.id);
    this.panes.splice(0, this.panes.length, ...next);
    this.relabel();
    this.changed(true);
  }

  /** Adds a pane for a model at the end; returns it. */
  addModel(model: ChatModelInput): ChatPane {
    if (this.panes.length >= MAX_PANES) {
      throw invalidRequest(`A chat holds at most ${MAX_PANES} models.`, 'too-many-models');
    }
    const pane = this.newPane(model, refOf(model));
    this.panes.push(pane);
    this.relabel();
    this.changed(true);
    return pane;
  }

  /** Removes a pane (stopping its stream). */
  removePane(paneId: string): void {
    const index = this.panes.findIndex((pane) => pane.id === paneId);
    if (index < 0) return;
    this.stop(paneId);
    this.panes.splice(index, 1);
    this.relabel();
    this.changed(true);
  }

  /**
   * Gives a pane another model. Its thread stays: the next message continues the conversation with
   * the new model (the earlier answers are sent as they were).
   */
  switchModel(paneId: string, model: ChatModelInput): void {
    const pane = this.pane(paneId);
    this.stop(paneId);
    pane.ref = refOf(model);
    pane.model = typeof model === 'string' ? undefined : model;
    pane.modelLabel = typeof model === 'string' ? undefined : model.label;
    this.relabel();
    this.changed(true);
  }

  /** The pane with this id; throws a clear error for an unknown id. */
  pane(paneId: string): ChatPane {
    const pane = this.panes.find((candidate) => candidate.id === paneId);
    if (!pane) {
      throw invalidRequest(
        `The chat has no pane "${paneId}". Its panes: ${this.panes.map((p) => p.id).join(', ') || 'none'}.`,
        'unknown-pane',
      );
    }
    return pane;
  }

  /** True while the pane's answer streams (or waits for its first token). */
  isBusy(paneId?: string): boolean {
    return paneId === undefined ? this.running.size > 0 : this.running.has(paneId);
  }

  // --- turns --------------------------------------------------------------------------------

  /**
   * Sends a message to every pane, or to the panes in `to`. Each pane gets its own thread as the
   * history. Checks everything before any network call and throws an `invalid-request`
   * `TrialogueError` (from `@trialogue/core`) for an empty or too long message, an unknown pane, or a pane still answering.
   * Resolves when every stream of this send has ended; failures stay in their panes.
   */
  async send(text: string, options: { to?: readonly string[] } = {}): Promise<void> {
    if (typeof text !== 'string' || text.trim() === '') {
      throw invalidRequest('The message is empty. Type something to send.', 'empty-message');
    }
    if (text.length > MAX_MESSAGE_CHARS) {
      throw invalidRequest(
        `The message is ${text.length} characters long; the most is ${MAX_MESSAGE_CHARS}.`,
        'message-too-long',
      );
    }
    const targets = (options.to ?? this.panes.map((pane) => pane.id)).map((id) => this.pane(id));
    if (targets.length === 0) {
      throw invalidRequest('There is no model to send to. Add a model first.', 'no-models');
    }
    const busy = targets.find((pane) => this.running.has(pane.id));
    if (busy) {
      throw invalidRequest(
        `${busy.label} is still answering. Stop it or wait before sending it another message.`,
        'pane-busy',
      );
    }
    const sendId = `s${this.nextTurn}`;
    const startedAt = this.now().toISOString();
    for (const pane of targets) {
      pane.turns.push({ id: this.turnId(), role: 'user', text, startedAt, sendId });
    }
    this.emit({ type: 'send', sendId, text, paneIds: targets.map((pane) => pane.id) });
    await this.run(targets);
  }

  /**
   * Asks the pane's last question again (after a failure, a stop, or to get another answer): the
   * last answer is replaced. Throws when the pane is answering or has no question yet.
   */
  async retry(paneId: string): Promise<void> {
    const pane = this.pane(paneId);
    if (this.running.has(paneId)) {
      throw invalidRequest(`${pane.label} is still answering. Stop it first.`, 'pane-busy');
    }
    const last = pane.turns.at(-1);
    if (!last) throw invalidRequest(`${pane.label} has nothing to retry yet.`, 'nothing-to-retry');
    if (last.role === 'assistant') pane.turns.pop();
    await this.run([pane]);
  }

  /** Stops one pane's answer; it shows as stopped with its partial text. Does nothing when idle. */
  stop(paneId: string): void {
    const running = this.running.get(paneId);
    if (!running) return;
    running.stopRequested = true;
    running.run?.stop(paneId);
    this.emit({ type: 'stop', paneIds: [paneId] });
  }

  /** Stops every answer under way. */
  stopAll(): void {
    const ids = [...this.running.keys()];
    if (ids.length === 0) return;
    for (const id of ids) {
      const running = this.running.get(id)!;
      running.stopRequested = true;
      running.run?.stop(id);
    }
    this.emit({ type: 'stop', paneIds: ids });
  }

  // --- transcripts --------------------------------------------------------------------------

  /**
   * The conversation as a transcript (`@trialogue/core` format): one participant per pane (provider,
   * model and label only, never a key), the messages as turns in the order they were made, and
   * which turns form each pane's thread (`meta.threads`), so an import rebuilds every pane.
   */
  toTranscript(): Transcript {
    const turns: TranscriptTurn[] = [];
    const seenSends = new Set<string>();
    const threads: Record<string, string[]> = {};
    const all = this.panes.flatMap((pane) => pane.turns.map((turn) => ({ pane, turn })));
    all.sort((a, b) => turnNumber(a.turn.id) - turnNumber(b.turn.id));
    for (const { pane, turn } of all) {
      threads[pane.id] ??= [];
      const thread = threads[pane.id]!;
      if (turn.role === 'user') {
        const sendId = turn.sendId ?? turn.id;
        thread.push(sendId);
        if (seenSends.has(sendId)) continue;
        seenSends.add(sendId);
        turns.push({
          id: sendId,
          participantId: 'user',
          role: 'user',
          text: turn.text,
          startedAt: turn.startedAt,
        });
        continue;
      }
      thread.push(turn.id);
      const out: TranscriptTurn = { id: turn.id, participantId: pane.id, role: 'assistant', text: turn.text };
      // An answer still streaming is written as interrupted (a stop), so a saved or exported
      // conversation never shows half an answer as complete.
      const interrupted = turn.status === 'waiting' || turn.status === 'streaming';
      if (turn.reasoning) out.reasoning = turn.reasoning;
      if (turn.usage) out.usage = turn.usage;
      if (turn.cost !== undefined) out.cost = turn.cost;
      if (turn.timings) out.timings = turn.timings;
      if (turn.finishReason) out.finishReason = turn.finishReason as TranscriptTurn['finishReason'];
      if (turn.error) out.error = turn.error;
      if (interrupted) {
        out.error = {
          name: 'TrialogueError',
          kind: 'aborted',
          provider: splitRef(pane.ref).provider,
          phase: turn.text ? 'stream' : 'request',
          retryable: false,
          message: 'The answer was still arriving when the conversation was saved.',
        };
      }
      out.startedAt = turn.startedAt;
      if (turn.endedAt) out.endedAt = turn.endedAt;
      turns.push(out);
    }
    this.transcriptId ??= randomId();
    const transcript: Transcript = {
      format: 'trialogue.transcript',
      version: 1,
      id: this.transcriptId,
      kind: 'chat',
      createdAt: this.createdAt,
      mode: 'side-by-side',
      participants: this.panes.map((pane) => {
        const { provider, modelId } = splitRef(pane.ref);
        return { id: pane.id, provider, modelId, label: pane.label };
      }),
      turns,
      meta: { threads },
    };
    // Belt and braces: any remembered secret that slipped into a text is masked.
    return redactDeep(transcript);
  }

  /** The transcript as JSON text. */
  exportJson(): string {
    return serializeTranscript(this.toTranscript());
  }

  /** The transcript as Markdown. */
  exportMarkdown(): string {
    return toMarkdown(this.toTranscript());
  }

  /**
   * Replaces the conversation with a saved transcript (JSON text or object). Every participant
   * becomes a pane by its reference, resolved at the next send; a model in `models` with the same
   * reference is used as is. Throws the transcript parser's clear error on a bad file, before
   * changing anything.
   */
  importTranscript(input: string | Transcript, models: readonly ChatModel[] = []): void {
    const transcript = parseTranscript(input);
    if (transcript.participants.length > MAX_PANES) {
      throw invalidRequest(
        `The transcript has ${transcript.participants.length} participants; a chat holds at most ${MAX_PANES}.`,
        'too-many-models',
      );
    }
    this.stopAll();
    const byId = new Map(transcript.turns.map((turn) => [turn.id, turn]));
    const threads = (transcript.meta?.threads ?? {}) as Record<string, unknown>;
    const unusedModels = [...models];
    this.panes.splice(0, this.panes.length);
    this.nextPane = 1;
    let highest = 0;
    for (const participant of transcript.participants) {
      const ref = formatModelRef({ provider: participant.provider, modelId: participant.modelId });
      const match = unusedModels.findIndex((model) => refOf(model) === ref);
      const model = match >= 0 ? unusedModels.splice(match, 1)[0] : undefined;
      const pane = this.newPane(model ?? ref, ref);
      if (participant.label) pane.modelLabel = participant.label.replace(/ #\d+$/, '');
      const ids = Array.isArray(threads[participant.id])
        ? (threads[participant.id] as unknown[]).filter((id): id is string => typeof id === 'string')
        : threadOf(transcript, participant.id);
      for (const id of ids) {
        const turn = byId.get(id);
        if (!turn || (turn.role === 'assistant' && turn.participantId !== participant.id)) continue;
        const copy: ChatTurn = {
          id: turn.role === 'user' ? `${id}.${pane.id}` : id,
          role: turn.role === 'assistant' ? 'assistant' : 'user',
          text: turn.text,
          startedAt: turn.startedAt ?? transcript.createdAt,
        };
        if (turn.role === 'user') copy.sendId = id;
        else {
          copy.status = turn.error ? (turn.error.kind === 'aborted' ? 'stopped' : 'failed') : 'done';
          if (turn.error) copy.error = turn.error;
          if (turn.reasoning) copy.reasoning = turn.reasoning;
          if (turn.usage) copy.usage = turn.usage;
          if (turn.cost !== undefined) copy.cost = turn.cost;
          if (turn.timings) copy.timings = turn.timings;
          if (turn.finishReason) copy.finishReason = turn.finishReason;
          if (turn.endedAt) copy.endedAt = turn.endedAt;
        }
        highest = Math.max(highest, turnNumber(id));
        pane.turns.push(copy);
      }
      this.panes.push(pane);
    }
    this.nextTurn = highest + 1;
    this.createdAt = transcript.createdAt;
    this.transcriptId = transcript.id;
    this.relabel();
    this.changed(true);
  }

  /** Forgets every thread (stopping any stream); the panes stay. */
  clear(): void {
    this.stopAll();
    for (const pane of this.panes) pane.turns = [];
    this.transcriptId = undefined;
    this.createdAt = this.now().toISOString();
    this.changed(true);
  }

  // --- internals ----------------------------------------------------------------------------

  private async run(panes: ChatPane[]): Promise<void> {
    const turns = new Map<string, ChatTurn>();
    const history = new Map<string, ChatMessage[]>();
    // Every pane is busy from this moment: a second send waits, a stop before the call stops it.
    for (const pane of panes) {
      history.set(pane.id, threadMessages(pane));
      const turn: ChatTurn = {
        id: this.turnId(),
        role: 'assistant',
        text: '',
        status: 'waiting',
        startedAt: this.now().toISOString(),
      };
      pane.turns.push(turn);
      turns.set(pane.id, turn);
      this.running.set(pane.id, { turn, stopRequested: false });
      this.emitStart(pane, turn);
    }
    this.changed();
    // Resolve models first: a missing key or an unknown provider fails that pane only, before any call.
    const entries: { key: string; model: ChatModel }[] = [];
    await Promise.all(
      panes.map(async (pane) => {
        const turn = turns.get(pane.id)!;
        const end = (error: TrialogueError) =>
          this.finishTurn(pane, turn, { type: 'error', error, text: '', timings: { totalMs: 0 } });
        try {
          const model = await this.modelOf(pane);
          if (this.running.get(pane.id)?.stopRequested) {
            end(
              new TrialogueError({
                kind: 'aborted',
                provider: model.provider,
                message: 'Stopped before the call.',
              }),
            );
          } else entries.push({ key: pane.id, model });
        } catch (error) {
          end(
            TrialogueError.is(error)
              ? error
              : new TrialogueError({ kind: 'invalid-request', message: String((error as Error)?.message) }),
          );
        }
      }),
    );
    if (entries.length === 0) return;
    const extra = this.options.request?.() ?? {};
    const run = fanOut(
      entries,
      { messages: [] },
      { requestFor: (key) => ({ ...extra, messages: history.get(key)! }) },
    );
    for (const { key } of entries) {
      const running = this.running.get(key);
      if (running) running.run = run;
    }
    for await (const { key, event } of run) this.apply(key, turns.get(key)!, event);
  }

  private apply(paneId: string, turn: ChatTurn, event: StreamEvent): void {
    const pane = this.panes.find((candidate) => candidate.id === paneId);
    switch (event.type) {
      case 'text-delta':
        this.markFirstToken(turn);
        turn.text += event.text;
        turn.status = 'streaming';
        delete turn.retrying;
        this.emit({ type: 'turn-delta', paneId, turnId: turn.id, kind: 'text', text: event.text });
        break;
      case 'reasoning-delta':
        this.markFirstToken(turn);
        turn.reasoning = (turn.reasoning ?? '') + event.text;
        turn.status = 'streaming';
        delete turn.retrying;
        this.emit({ type: 'turn-delta', paneId, turnId: turn.id, kind: 'reasoning', text: event.text });
        break;
      case 'usage':
        turn.usage = event.usage;
        break;
      case 'retry':
        turn.retrying = { attempt: event.attempt, delayMs: event.delayMs };
        break;
      case 'finish':
      case 'error':
        if (pane) this.finishTurn(pane, turn, event);
        else this.running.delete(paneId);
        return;
      default:
        return;
    }
    this.changed();
  }

  /** Time to first token, shown while the answer still streams (the finish event's timings replace it). */
  private markFirstToken(turn: ChatTurn): void {
    if (turn.timings) return;
    const elapsed = Math.max(0, Math.round(this.now().getTime() - Date.parse(turn.startedAt)));
    turn.timings = { timeToFirstTokenMs: elapsed, totalMs: elapsed };
  }

  private finishTurn(pane: ChatPane, turn: ChatTurn, event: TerminalEvent): void {
    const running = this.running.get(pane.id);
    this.running.delete(pane.id);
    turn.text = event.text;
    if (event.reasoning) turn.reasoning = event.reasoning;
    if (event.usage) turn.usage = event.usage;
    turn.timings = event.timings;
    turn.endedAt = this.now().toISOString();
    delete turn.retrying;
    const { provider, modelId } = splitRef(pane.ref);
    const price = turn.usage ? this.prices.find(provider, modelId)?.price : undefined;
    if (turn.usage && price) turn.cost = costOf(turn.usage, price);
    let status: 'done' | 'stopped' | 'failed';
    if (event.type === 'finish') {
      status = 'done';
      turn.finishReason = event.reason;
    } else {
      const error = TrialogueError.is(event.error)
        ? event.error.toJSON()
        : (redactDeep(event.error) as unknown as TrialogueErrorJSON);
      status = error.kind === 'aborted' || running?.stopRequested ? 'stopped' : 'failed';
      turn.error = error;
      if (status === 'failed') {
        this.emit({
          type: 'error',
          paneId: pane.id,
          turnId: turn.id,
          model: pane.ref,
          label: pane.label,
          error,
          text: turn.text,
        });
      }
    }
    turn.status = status;
    this.emit({
      type: 'turn-end',
      paneId: pane.id,
      turnId: turn.id,
      model: pane.ref,
      label: pane.label,
      status,
      text: turn.text,
      ...(turn.usage ? { usage: turn.usage } : {}),
      ...(turn.cost !== undefined ? { cost: turn.cost } : {}),
      ...(turn.timings ? { timings: turn.timings } : {}),
    });
    this.changed();
  }

  private emitStart(pane: ChatPane, turn: ChatTurn): void {
    this.emit({ type: 'turn-start', paneId: pane.id, turnId: turn.id, model: pane.ref, label: pane.label });
  }

  private async modelOf(pane: ChatPane): Promise<ChatModel> {
    if (pane.model) return pane.model;
    if (!this.options.resolve) {
      throw invalidRequest(
        `No model object for "${pane.ref}" and no registry to resolve it. Set the chat's registry property.`,
        'no-registry',
      );
    }
    const model = await this.options.resolve(pane.ref);
    // A resolved model may carry its own label (the sample models do): the pane shows it from now on.
    if (model.label && model.label !== pane.modelLabel && refOf(model) === pane.ref) {
      pane.modelLabel = model.label;
      this.relabel();
      this.changed(true);
    }
    return model;
  }

  private get prices(): ModelCatalogue {
    return this.options.catalogue ?? defaultCatalogue;
  }

  private newPane(model: ChatModelInput, ref: string): ChatPane {
    return {
      id: `p${this.nextPane++}`,
      ref,
      label: ref,
      ...(typeof model !== 'string' && model.label ? { modelLabel: model.label } : {}),
      model: typeof model === 'string' ? undefined : model,
      turns: [],
    };
  }

  /**
   * Labels: the `describe` hook's, else the model's own label, else the model id; the second pane of
   * the same model is `#2`, the third `#3`.
   */
  private relabel(): void {
    const seen = new Map<string, number>();
    for (const pane of this.panes) {
      const count = (seen.get(pane.ref) ?? 0) + 1;
      seen.set(pane.ref, count);
      const name = this.options.describe?.(pane.ref) || pane.modelLabel || splitRef(pane.ref).modelId;
      pane.label = count > 1 ? `${name} #${count}` : name;
    }
  }

  private turnId(): string {
    return `t${this.nextTurn++}`;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private emit(event: ChatControllerEvent): void {
    this.options.onEvent?.(event);
  }

  private changed(structural = false): void {
    this.options.onChange?.({ structural });
  }
}

/** The messages a pane sends: its thread, skipping a question whose answer never produced text. */
function threadMessages(pane: ChatPane): ChatMessage[] {
  const messages: ChatMessage[] = [];
  const turns = pane.turns;
  for (let i = 0; i < turns.length; i++) {
    const turn = turns[i]!;
    if (turn.role === 'user') {
      const answer = turns[i + 1];
      const isLast = i === turns.length - 1;
      if (isLast || (answer?.role === 'assistant' && answer.text !== '')) {
        messages.push({ role: 'user', content: turn.text });
      }
    } else if (turn.text !== '') {
      messages.push({ role: 'assistant', content: turn.text });
    }
  }
  return messages;
}

function threadOf(transcript: Transcript, participantId: string): string[] {
  // Without meta.threads: every user turn, and this participant's answers.
  return transcript.turns
    .filter((turn) => turn.role === 'user' || turn.participantId === participantId)
    .map((turn) => turn.id);
}

function refOf(model: ChatModelInput): string {
  if (typeof model === 'string') {
    const parsed = parseModelRef(model.trim());
    return formatModelRef(parsed);
  }
  return formatModelRef({ provider: model.provider, modelId: model.modelId });
}

function splitRef(ref: string): { provider: string; modelId: string } {
  const colon = ref.indexOf(':');
  return { provider: ref.slice(0, colon), modelId: ref.slice(colon + 1) };
}

function turnNumber(id: string): number {
  const n = Number.parseInt(id.replace(/^[ts]/, ''), 10);
  return Number.isFinite(n) ? n : 0;
}

function randomId(): string {
  return (
    globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
  );
}
