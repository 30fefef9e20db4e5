/**
 * What `<trialogue-debate>` shows, built from debate events alone and held in plain objects: each
 * exchange (a question and its run), its rounds in order, each round's turns, votes, rankings and
 * consensus check, and the outcome. A test can feed it events without a DOM; the element renders it.
 */
import type { TranscriptParticipant, Usage } from '@trialogue/core';
import type {
  ConsensusCheckEvent,
  DebateEvent,
  RankingEvent,
  RunEndEvent,
  SidesEvent,
  VoteEvent,
} from '@trialogue/debate';

/** One turn as a card shows it. */
export interface TurnView {
  turnId: string;
  participantId: string;
  round: number;
  phase: string;
  status: 'streaming' | 'done' | 'failed' | 'stopped';
  text: string;
  reasoning: string;
  answer?: string;
  confidence?: number;
  usage?: Usage;
  cost?: number;
  firstTokenMs?: number;
  /** The error's message (already redacted by core), for a failed or stopped turn. */
  error?: string;
  /** The debater's assigned side on an argument turn (adversarial): `Debater A: defends "42".` */
  side?: string;
}

/** One round (or phase) of a run. */
export interface RoundView {
  round: number;
  phase: string;
  turns: TurnView[];
  votes: VoteEvent[];
  rankings: RankingEvent[];
  consensus?: ConsensusCheckEvent;
  /** What the user said between turns of this round (conversation format), in order. */
  interjections: { turnId: string; text: string }[];
}

/** One question and the run that answered it. */
export interface ExchangeView {
  runId: string;
  format: string;
  question: string;
  participants: TranscriptParticipant[];
  rounds: RoundView[];
  end?: RunEndEvent;
  replay: boolean;
  /** The debaters' positions (adversarial), once assigned. */
  sides?: SidesEvent;
}

/** The debates shown: exchanges in order, the last one possibly still running. */
export class DebateSession {
  readonly exchanges: ExchangeView[] = [];
  private readonly turns = new Map<string, TurnView>();

  /** The exchange running or last run. */
  get current(): ExchangeView | undefined {
    return this.exchanges.at(-1);
  }

  /** Whether the last exchange has not ended. */
  get running(): boolean {
    const current = this.current;
    return Boolean(current && !current.end);
  }

  /** Forgets every exchange. */
  clear(): void {
    this.exchanges.length = 0;
    this.turns.clear();
  }

  /** A participant's name in the current exchange. */
  nameOf(participantId: string): string {
    const found = this.current?.participants.find((p) => p.id === participantId);
    return found?.label || found?.modelId || participantId;
  }

  private round(exchange: ExchangeView, round: number, phase?: string): RoundView {
    let view = exchange.rounds.findLast(
      (r) => r.round === round && (phase === undefined || r.phase === phase),
    );
    if (!view) {
      view = { round, phase: phase ?? '', turns: [], votes: [], rankings: [], interjections: [] };
      exchange.rounds.push(view);
    }
    return view;
  }

  /** Takes one event into the view. Returns the turn it changed, if any. */
  apply(event: DebateEvent, replay = false): TurnView | undefined {
    if (event.type === 'run-start') {
      this.exchanges.push({
        runId: event.runId,
        format: event.format,
        question: event.question,
        participants: event.participants,
        rounds: [],
        replay,
      });
      return undefined;
    }
    const exchange = this.current;
    if (!exchange) return undefined;
    switch (event.type) {
      case 'round-start':
        this.round(exchange, event.round, event.phase);
        return undefined;
      case 'turn-start': {
        const turn: TurnView = {
          turnId: event.turnId,
          participantId: event.participantId,
          round: event.round,
          phase: event.phase,
          status: 'streaming',
          text: '',
          reasoning: '',
        };
        const side =
          exchange.sides && event.round >= exchange.sides.round
            ? exchange.sides.sides.find((s) => s.participantId === event.participantId)
            : undefined;
        if (side) turn.side = `Debater ${side.letter}: ${side.position}`;
        this.turns.set(`${exchange.runId}/${event.turnId}`, turn);
        this.round(exchange, event.round, event.phase).turns.push(turn);
        return turn;
      }
      case 'turn-delta': {
        const turn = this.turns.get(`${exchange.runId}/${event.turnId}`);
        if (!turn) return undefined;
        if (event.kind === 'text') turn.text += event.text;
        else turn.reasoning += event.text;
        return turn;
      }
      case 'turn-end': {
        const turn = this.turns.get(`${exchange.runId}/${event.turnId}`);
        if (!turn) return undefined;
        Object.assign(turn, {
          status: 'done',
          text: event.text,
          reasoning: event.reasoning ?? turn.reasoning,
          answer: event.answer,
          confidence: event.confidence,
          usage: event.usage,
          cost: event.cost,
          firstTokenMs: event.timings.timeToFirstTokenMs,
        } satisfies Partial<TurnView>);
        return turn;
      }
      case 'turn-error': {
        const turn = this.turns.get(`${exchange.runId}/${event.turnId}`);
        if (!turn) return undefined;
        turn.status = event.error.kind === 'aborted' ? 'stopped' : 'failed';
        turn.text = event.text;
        turn.error = event.error.message;
        turn.usage = event.usage;
        return turn;
      }
      case 'vote':
        this.round(exchange, event.round).votes.push(event);
        return undefined;
      case 'ranking':
        this.round(exchange, event.round).rankings.push(event);
        return undefined;
      case 'consensus-check':
        this.round(exchange, event.round).consensus = event;
        return undefined;
      case 'sides':
        exchange.sides = event;
        return undefined;
      case 'interjection': {
        const latest = exchange.rounds.at(-1) ?? this.round(exchange, 0, '');
        latest.interjections.push({ turnId: event.turnId, text: event.text });
        return undefined;
      }
      case 'run-end':
        exchange.end = event;
        return undefined;
    }
  }
}
