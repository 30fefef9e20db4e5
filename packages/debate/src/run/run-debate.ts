import {
  addUsage,
  type ChatMessage,
  type ChatRequest,
  createTranscript,
  type ErrorEvent,
  participantFromModel,
  recordTurn,
  redact,
  type TranscriptOutcome,
  type TranscriptParticipant,
  type TranscriptTurn,
  TrialogueError,
} from '@trialogue/core';
import { extractConfidence } from '../answers/confidence.js';
import { defaultAnswer } from '../answers/extract.js';
import { ballotsOf, tallyVotes, withSynthesis } from '../formats/parts/aggregation.js';
import { resolveFormat } from '../formats/registry.js';
import type { DebateContext, TurnPlan } from '../formats/types.js';
import {
  DEFAULT_PROMPT_QUOTE_CHARS,
  DEFAULT_QUOTE_CHARS,
  quoteParticipant,
  quoteShare,
} from '../prompts/quote.js';
import { budgetTracker } from './budget.js';
import { createEventLog } from './channel.js';
import type { DebateEvent, DebateEventInput } from './events.js';
import { type ExchangeRecord, exchangesOf, historyMessages } from './history.js';
import type { DebateHandle, DebateOptions, DebateResult, Participant } from './options.js';
import { deriveSeed, seededRandom } from './random.js';
import { priceOf, validateDebateOptions } from './validate.js';

/** The terminal event of a stream that broke its contract (threw, or ended without a terminal event). */
function failure(
  participant: Participant,
  message: string,
  turn: TranscriptTurn,
  began: number,
  cause?: unknown,
): ErrorEvent {
  const error = TrialogueError.is(cause)
    ? cause
    : new TrialogueError({ kind: 'provider', provider: participant.model.provider, message, cause });
  return { type: 'error', error, text: turn.text, timings: { totalMs: Date.now() - began } };
}

/** Thrown inside a run to end it; caught by the engine. */
class StopRun extends Error {
  constructor(
    readonly reason: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(reason);
  }
}

/**
 * Starts a debate and returns at once. Iterate the handle for live events; await `result` for the
 * transcript. Invalid options throw a `TrialogueError` (`invalid-request`) before any model call.
 *
 * @example
 * ```ts
 * const handle = runDebate({ question: 'What is 17 * 23?', participants, format: 'roundtable' });
 * for await (const event of handle) if (event.type === 'turn-end') console.log(event.participantId, event.answer);
 * const { outcome } = await handle.result; // { stopReason: 'consensus', answer: '391', ... }
 * ```
 */
export function runDebate(options: DebateOptions): DebateHandle {
  return startDebate(options).handle;
}

/**
 * @internal `runDebate`, plus a way to stop the run with any reason: `replayDebate` ends a replay
 * where, and why, the recorded run stopped (a budget, an abort).
 */
export function startDebate(options: DebateOptions): {
  handle: DebateHandle;
  requestStop(reason: string, details?: Record<string, unknown>): void;
} {
  const format = resolveFormat(options.format);
  const { question, context } = validateDebateOptions(options, format);
  // randomUUID needs a secure context in browsers; the fallback only has to be unique enough for logs.
  const runId =
    globalThis.crypto?.randomUUID?.() ??
    `run-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  const log = createEventLog<DebateEvent>();
  const controller = new AbortController();
  const seed = options.seed ?? 0;
  const budget = options.budget ?? {};
  const extractor = options.answer ?? defaultAnswer;
  const maxQuoteChars = options.maxQuoteChars ?? DEFAULT_QUOTE_CHARS;
  const maxPromptQuoteChars = options.maxPromptQuoteChars ?? DEFAULT_PROMPT_QUOTE_CHARS;
  const formatOptions = options.formatOptions ?? {};
  const interjections: string[] = [];
  let seq = 0;
  let stop: StopRun | undefined;
  let finished = false;

  const emit = (input: DebateEventInput) => {
    log.push({ runId, seq: ++seq, at: new Date().toISOString(), ...input } as DebateEvent);
  };
  const requestStop = (reason: string, details: Record<string, unknown> = {}) => {
    if (stop || finished) return;
    stop = new StopRun(reason, details);
    controller.abort();
  };
  const onAbort = () => requestStop('aborted', { by: 'signal' });
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();
  const timer =
    budget.maxDurationMs !== undefined
      ? setTimeout(
          () => requestStop('budget', { budget: 'time', limit: budget.maxDurationMs }),
          budget.maxDurationMs,
        )
      : undefined;

  // --- transcript state ---
  const roles = (['judge', 'chair', 'moderator'] as const).flatMap((role) => {
    const participant = options[role];
    return participant ? [{ role, participant }] : [];
  });
  const toTranscriptParticipant = (p: Participant, role?: string): TranscriptParticipant =>
    participantFromModel(p.id, p.model, {
      ...(p.label !== undefined ? { label: p.label } : {}),
      ...(p.persona !== undefined || role ? { persona: p.persona ?? role } : {}),
    });
  const participantsNow = [
    ...options.participants.map((p) => toTranscriptParticipant(p)),
    ...roles.map(({ role, participant }) => toTranscriptParticipant(participant, role)),
  ];
  const previous = options.history;
  const exchanges = previous ? exchangesOf(previous) : [];
  const historyView = options.historyView ?? 'outcome';
  const transcript = createTranscript({
    id: previous?.id ?? runId,
    kind: 'debate',
    mode: format.name,
    ...(previous?.createdAt ? { createdAt: previous.createdAt } : {}),
    ...(previous?.title ? { title: previous.title } : {}),
    participants: [
      ...(previous?.participants ?? []).filter((p) => !participantsNow.some((n) => n.id === p.id)),
      ...participantsNow,
    ],
    meta: {
      ...(previous?.meta ?? {}),
      seed,
      runId,
      ...(Object.keys(budget).length ? { budget: { ...budget } } : {}),
    },
  });
  transcript.turns.push(...(previous?.turns ?? []));
  const turnIds = new Set(transcript.turns.map((t) => t.id));
  const nextTurnId = () => {
    let n = transcript.turns.length + 1;
    while (turnIds.has(`t${n}`)) n++;
    turnIds.add(`t${n}`);
    return `t${n}`;
  };
  const currentTurns: TranscriptTurn[] = [];
  const record = (turn: TranscriptTurn) => {
    transcript.turns.push(turn);
    currentTurns.push(turn);
  };

  // --- totals and budgets ---
  let calls = 0;
  const startedAt = Date.now();
  const totals = budgetTracker(budget, (details) => requestStop('budget', details));

  // --- answers ---
  const answers = new WeakMap<TranscriptTurn, { answer?: string; confidence?: number }>();
  // Turns whose plan said they give no answer (a council ranking): never counted, never a fallback.
  const noAnswer = new WeakSet<TranscriptTurn>();
  const parsed = (turn: TranscriptTurn) => {
    let entry = answers.get(turn);
    if (!entry) {
      entry =
        turn.error || turn.role !== 'assistant' || noAnswer.has(turn)
          ? {}
          : { answer: extractor(turn.text), confidence: extractConfidence(turn.text) };
      answers.set(turn, entry);
    }
    return entry;
  };

  // --- turns ---
  const active: Participant[] = [...options.participants];
  const isDebater = (p: Participant) => options.participants.some((d) => d.id === p.id);
  const prefixFor = (p: Participant): ChatMessage[] => [
    ...context,
    ...historyMessages(exchanges, p.id, historyView),
  ];

  async function runTurn(plan: TurnPlan, round: number): Promise<TranscriptTurn> {
    const { participant, phase } = plan;
    // The last net of "no remembered secret crosses from one call's output into another call's
    // request": whatever a format quoted or forwarded (answers, history, a chair's or judge's
    // input), nothing key-like leaves in a prompt.
    const system = redact(plan.system);
    const turnMessages: ChatMessage[] = [...prefixFor(participant), { role: 'user', content: plan.prompt }];
    const messages = turnMessages.map((message) => ({ ...message, content: redact(message.content) }));
    const request: ChatRequest = {
      system,
      messages,
      signal: controller.signal,
      ...(options.maxOutputTokens !== undefined ? { maxOutputTokens: options.maxOutputTokens } : {}),
      ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    };
    const turnId = nextTurnId();
    const ref = { turnId, participantId: participant.id, round, phase };
    const price = priceOf(options, participant);
    const recorder = recordTurn(
      { id: turnId, participantId: participant.id, round, phase, prompt: { system, messages } },
      { price },
    );
    emit({ type: 'turn-start', ...ref });
    calls++;
    const began = Date.now();
    totals.start(turnId, price?.outputPerMillion);
    try {
      for await (const event of participant.model.stream(request)) {
        recorder.push(event);
        if (event.type === 'text-delta' || event.type === 'reasoning-delta') {
          totals.streamed(turnId, event.text.length);
          emit({
            type: 'turn-delta',
            ...ref,
            kind: event.type === 'text-delta' ? 'text' : 'reasoning',
            text: event.text,
          });
        }
        if (recorder.done) break;
      }
    } catch (error) {
      recorder.push(failure(participant, `The model failed: ${String(error)}`, recorder.turn, began, error));
    }
    if (!recorder.done)
      recorder.push(
        failure(participant, 'The stream ended without a finish or error event.', recorder.turn, began),
      );
    const turn = recorder.turn;
    if (plan.givesAnswer === false) noAnswer.add(turn);
    record(turn);
    totals.settle(turn);
    const common = {
      ...ref,
      text: turn.text,
      ...(turn.usage ? { usage: turn.usage } : {}),
      ...(turn.cost !== undefined ? { cost: turn.cost } : {}),
      timings: turn.timings ?? { totalMs: Date.now() - began },
    };
    if (!turn.error) {
      const { answer, confidence } = parsed(turn);
      emit({
        type: 'turn-end',
        ...common,
        ...(turn.reasoning ? { reasoning: turn.reasoning } : {}),
        ...(answer !== undefined ? { answer } : {}),
        ...(confidence !== undefined ? { confidence } : {}),
        finishReason: turn.finishReason ?? 'stop',
      });
    } else {
      emit({ type: 'turn-error', ...common, error: turn.error });
      // A failure of its own (not the run stopping) takes a debater out of the run.
      if (!stop && isDebater(participant)) {
        const index = active.findIndex((p) => p.id === participant.id);
        if (index >= 0) active.splice(index, 1);
      }
    }
    return turn;
  }

  const ctx: DebateContext = {
    question,
    participants: active,
    judge: options.judge,
    chair: options.chair,
    moderator: options.moderator,
    formatOptions,
    budget,
    seed,
    turns: currentTurns,
    random: (salt) => seededRandom(deriveSeed(seed, salt)),
    label: (p) => {
      const id = typeof p === 'string' ? p : p.id;
      const found = [...options.participants, ...roles.map((r) => r.participant)].find((q) => q.id === id);
      return found?.label ?? id;
    },
    answerOf: (turn) => parsed(turn).answer,
    confidenceOf: (turn) => parsed(turn).confidence,
    succeeded: (turn) => turn.role === 'assistant' && !turn.error,
    quote: (from, text, attributes, sharedBy) =>
      quoteParticipant(from, text, {
        maxChars: quoteShare(maxQuoteChars, maxPromptQuoteChars, sharedBy),
        attributes,
      }),
    startRound(round, phase, speakers) {
      if (stop) throw stop;
      if (budget.maxRounds !== undefined && round > budget.maxRounds) {
        throw new StopRun('max-rounds', { limit: budget.maxRounds });
      }
      emit({ type: 'round-start', round, phase, participantIds: speakers.map((p) => p.id) });
    },
    async runTurns(round, plans) {
      if (stop) throw stop;
      const turns = await Promise.all(plans.map((plan) => runTurn(plan, round)));
      // ctx.turns keeps a batch in plan order, not finishing order: no prompt depends on latency.
      const slots = turns.map((turn) => currentTurns.indexOf(turn)).sort((x, y) => x - y);
      slots.forEach((slot, i) => {
        currentTurns[slot] = turns[i]!;
      });
      // A stop that cut turns short ends the run now; one that came as the last turn finished lets
      // the format conclude (its next round or call would stop it anyway).
      if (stop && turns.some((turn) => turn.error?.kind === 'aborted')) throw stop;
      if (active.length < format.minParticipants) {
        throw new StopRun('too-few-participants', {
          remaining: active.map((p) => p.id),
          needed: format.minParticipants,
        });
      }
      return turns.filter((turn) => !turn.error);
    },
    emit,
    takeInterjections(round) {
      return interjections.splice(0).map((text) => {
        const turn: TranscriptTurn = {
          id: nextTurnId(),
          participantId: 'user',
          role: 'user',
          text,
          round,
          phase: 'interjection',
          startedAt: new Date().toISOString(),
        };
        record(turn);
        emit({ type: 'interjection', turnId: turn.id, text });
        return turn;
      });
    },
  };

  /** On an early stop: the plurality of each remaining debater's latest answer, when there is one. */
  const partialOutcome = (stopped: StopRun): TranscriptOutcome => {
    const latest = active.flatMap((p) => {
      const turn = currentTurns
        .filter((t) => t.participantId === p.id && ctx.succeeded(t) && !noAnswer.has(t))
        .at(-1);
      return turn ? [turn] : [];
    });
    const result = tallyVotes(ballotsOf(ctx, latest));
    const details = { ...stopped.details, partial: true, tally: result.tally };
    return result.winner !== undefined
      ? { stopReason: stopped.reason, answer: result.winner, decidedBy: 'vote', details }
      : { stopReason: stopped.reason, details };
  };

  async function execute(): Promise<DebateResult> {
    await Promise.resolve();
    const questionTurn: TranscriptTurn = {
      id: nextTurnId(),
      participantId: 'user',
      role: 'user',
      text: question,
      round: 0,
      phase: 'question',
      startedAt: new Date().toISOString(),
    };
    transcript.turns.push(questionTurn);
    if (context.length) transcript.meta!.messages = context;
    emit({
      type: 'run-start',
      format: format.name,
      question,
      participants: participantsNow,
      seed,
      ...(Object.keys(budget).length ? { budget: { ...budget } as Record<string, number> } : {}),
    });
    let outcome: TranscriptOutcome;
    try {
      if (stop) throw stop;
      outcome = withSynthesis(await format.run(ctx), currentTurns);
    } catch (error) {
      if (error instanceof StopRun) outcome = partialOutcome(error);
      else {
        // A format's own error may quote anything (a key in a URL, a header): redact it like core's errors.
        const message = redact(error instanceof Error ? error.message : String(error));
        outcome = {
          stopReason: 'error',
          details: { error: TrialogueError.is(error) ? error.toJSON() : message },
        };
      }
    }
    // Interjections that came after the last turn are kept: nothing the user said is lost.
    if (interjections.length) ctx.takeInterjections(currentTurns.at(-1)?.round ?? 0);
    finished = true;
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    const durationMs = Date.now() - startedAt;
    transcript.outcome = outcome;
    const previousExchanges =
      (previous?.meta?.exchanges as unknown[] | undefined) ??
      exchanges.map((e) => ({ question: e.question, ...(e.outcome ? { outcome: e.outcome } : {}) }));
    transcript.meta!.exchanges = [
      ...previousExchanges,
      {
        question,
        outcome,
        format: format.name,
        seed,
        ...(options.formatOptions ? { formatOptions: options.formatOptions } : {}),
        ...(roles.length
          ? { roles: Object.fromEntries(roles.map(({ role, participant }) => [role, participant.id])) }
          : {}),
        ...(options.history ? { historyView } : {}),
        ...(options.maxQuoteChars !== undefined ? { maxQuoteChars } : {}),
        ...(options.maxPromptQuoteChars !== undefined ? { maxPromptQuoteChars } : {}),
        ...(budget.maxRounds !== undefined ? { maxRounds: budget.maxRounds } : {}),
      } satisfies ExchangeRecord,
    ];
    // This run's spend; the transcript's totals also count the exchanges it continues.
    const { usage, cost } = totals;
    const spent = { ...(usage ? { usage } : {}), ...(cost !== undefined ? { cost } : {}) };
    const before = previous?.totals;
    const allUsage = addUsage(before?.usage, usage);
    const allCost =
      before?.cost !== undefined || cost !== undefined ? (before?.cost ?? 0) + (cost ?? 0) : undefined;
    transcript.totals = {
      ...(allUsage ? { usage: allUsage } : {}),
      ...(allCost !== undefined ? { cost: allCost } : {}),
      durationMs: (before?.durationMs ?? 0) + durationMs,
    };
    emit({ type: 'run-end', stopReason: outcome.stopReason, outcome, ...spent, calls, durationMs });
    log.close();
    return { transcript, outcome, ...spent, calls };
  }

  const result = execute();
  const handle: DebateHandle = {
    runId,
    result,
    stop: (reason) => requestStop('aborted', { by: 'stop', ...(reason ? { reason } : {}) }),
    interject(text) {
      if (!format.interjections) {
        throw new TrialogueError({
          kind: 'invalid-request',
          code: 'interjection-unsupported',
          message: `The ${format.name} format does not take interjections; use the conversation format.`,
        });
      }
      if (typeof text !== 'string' || !text.trim()) {
        throw new TrialogueError({
          kind: 'invalid-request',
          code: 'empty-interjection',
          message: 'An interjection needs some text.',
        });
      }
      if (finished) {
        throw new TrialogueError({
          kind: 'invalid-request',
          code: 'run-ended',
          message: 'The conversation has ended; continue it with runDebate({ history, question }).',
        });
      }
      interjections.push(text);
    },
    [Symbol.asyncIterator]: () => log[Symbol.asyncIterator](),
  };
  return { handle, requestStop };
}
