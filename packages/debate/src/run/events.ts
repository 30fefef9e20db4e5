import type {
  FinishReason,
  Timings,
  TranscriptOutcome,
  TranscriptParticipant,
  TrialogueErrorJSON,
  Usage,
} from '@trialogue/core';

/** Fields every debate event carries. */
export interface DebateEventBase {
  /** The run this event belongs to. */
  runId: string;
  /** 1, 2, 3... strictly increasing within a run. */
  seq: number;
  /** ISO time the event was emitted. */
  at: string;
}

/** Where a turn sits in the run. */
export interface TurnRef {
  turnId: string;
  participantId: string;
  round: number;
  phase: string;
}

export interface RunStartEvent extends DebateEventBase {
  type: 'run-start';
  format: string;
  question: string;
  participants: TranscriptParticipant[];
  seed: number;
  budget?: Record<string, number>;
}

export interface RoundStartEvent extends DebateEventBase {
  type: 'round-start';
  round: number;
  phase: string;
  /** Who is expected to speak in this round, in order. */
  participantIds: string[];
}

export interface TurnStartEvent extends DebateEventBase, TurnRef {
  type: 'turn-start';
}

export interface TurnDeltaEvent extends DebateEventBase, TurnRef {
  type: 'turn-delta';
  /** Answer text or visible reasoning. */
  kind: 'text' | 'reasoning';
  text: string;
}

export interface TurnEndEvent extends DebateEventBase, TurnRef {
  type: 'turn-end';
  text: string;
  reasoning?: string;
  /** The extracted, normalised answer, when there is one. */
  answer?: string;
  confidence?: number;
  usage?: Usage;
  /** US dollars, when the participant's price is known. */
  cost?: number;
  timings: Timings;
  finishReason: FinishReason;
}

export interface TurnErrorEvent extends DebateEventBase, TurnRef {
  type: 'turn-error';
  /** The partial text that arrived before the failure. */
  text: string;
  error: TrialogueErrorJSON;
  usage?: Usage;
  timings?: Timings;
}

/** One ballot and the tally of a vote. */
export interface VoteEvent extends DebateEventBase {
  type: 'vote';
  round: number;
  method: 'majority' | 'confidence';
  ballots: { participantId: string; turnId: string; answer?: string; confidence?: number }[];
  tally: { answer: string; weight: number; voters: string[] }[];
  winner?: string;
  tie?: string[];
}

/** One participant's ranking (`rankerId`), or the aggregate (`rankerId` absent, `scores` present). */
export interface RankingEvent extends DebateEventBase {
  type: 'ranking';
  round: number;
  rankerId?: string;
  /** Participant ids, best first. */
  ranking: string[];
  method?: 'borda';
  scores?: Record<string, number>;
}

/** After a round: do the answers agree? */
export interface ConsensusCheckEvent extends DebateEventBase {
  type: 'consensus-check';
  round: number;
  answers: Record<string, string | null>;
  agreed: boolean;
  /** The stop rule that fired, when one did. */
  stop?: string;
}

/** One debater's assigned position (see {@link SidesEvent}). */
export interface DebaterSide {
  participantId: string;
  /** Its letter, as the judge and the other debaters read it: `A`, `B`, `C`... */
  letter: string;
  /** `defend`: argues for `text`; `oppose`: argues against `text` (everyone first agreed on it); `side`: a side given in `sides`. */
  kind: 'defend' | 'oppose' | 'side';
  /** The answer defended or opposed, or the side's text (redacted). */
  text: string;
  /** The position in one sentence, as the judge reads it after the letter: `defends "42".` */
  position: string;
}

/**
 * The debaters' positions, announced as soon as they are decided (adversarial format): after the
 * opening answers, or at once when `sides` gives them; before the first argued round starts.
 */
export interface SidesEvent extends DebateEventBase {
  type: 'sides';
  /** The first round in which the debaters argue their positions. */
  round: number;
  /**
   * Where the positions came from: `sides` (given), `first-answers` (the two most common opening
   * answers), `agreement` (every opening answer agreed: one side defends it, the other attacks it) or
   * `default-sides` (no opening answer gave a short answer: proponent and critic).
   */
  from: 'sides' | 'first-answers' | 'agreement' | 'default-sides';
  /** One entry per debater, in speaking order. */
  sides: DebaterSide[];
}

/** The user spoke between turns (conversation format). */
export interface InterjectionEvent extends DebateEventBase {
  type: 'interjection';
  turnId: string;
  text: string;
}

export interface RunEndEvent extends DebateEventBase {
  type: 'run-end';
  stopReason: string;
  outcome: TranscriptOutcome;
  usage?: Usage;
  cost?: number;
  calls: number;
  durationMs: number;
}

/** Everything a debate run emits. Plain JSON. */
export type DebateEvent =
  | RunStartEvent
  | RoundStartEvent
  | TurnStartEvent
  | TurnDeltaEvent
  | TurnEndEvent
  | TurnErrorEvent
  | VoteEvent
  | RankingEvent
  | ConsensusCheckEvent
  | SidesEvent
  | InterjectionEvent
  | RunEndEvent;

/** An event before the run stamps `runId`, `seq` and `at` on it. */
export type DebateEventInput = DebateEvent extends infer E
  ? E extends DebateEvent
    ? Omit<E, keyof DebateEventBase>
    : never
  : never;
