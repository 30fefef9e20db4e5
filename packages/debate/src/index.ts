/**
 * @trialogue/debate: multi-model debates on Trialogue. Formats built from shared parts (speaking
 * order, visibility, aggregation, stop rules), budgets, live events and auditable transcripts.
 * @packageDocumentation
 */

// Running a debate
export { runDebate } from './run/run-debate.js';
export { type DebateEstimate, estimateDebate } from './run/estimate.js';
export type {
  DebateBudget,
  DebateHandle,
  DebateOptions,
  DebateResult,
  HistoryView,
  Participant,
} from './run/options.js';
export type * from './run/events.js';
export { type Exchange, exchangesOf, historyMessages } from './run/history.js';
export { deriveSeed, seededRandom, shuffle } from './run/random.js';

// Formats and their parts
export type {
  DebateContext,
  DebateFormat,
  FormatName,
  PlanInput,
  PlannedCall,
  TurnPlan,
} from './formats/types.js';
export { formats, resolveFormat } from './formats/registry.js';
export { roundtable } from './formats/roundtable.js';
export { society } from './formats/society.js';
export { council, parseRanking } from './formats/council.js';
export { moa } from './formats/moa.js';
export { DEFAULT_SIDES, adversarial, parseVerdict } from './formats/adversarial.js';
export { conversation } from './formats/conversation.js';
export { voteFormat } from './formats/vote.js';
export {
  type OrderState,
  type SpeakingOrder,
  moderated,
  parallel,
  parseNextSpeaker,
  roundRobin,
  sequential,
} from './formats/parts/order.js';
export {
  type Visibility,
  type VisibleTurn,
  anonymised,
  everything,
  nothing,
  othersPreviousRound,
  ownHistory,
  previousRound,
  renderVisible,
  summary,
} from './formats/parts/visibility.js';
export {
  type Ballot,
  DEFAULT_CONFIDENCE,
  type VoteResult,
  ballotsOf,
  bordaCount,
  tallyVotes,
  vote,
  voteOutcome,
} from './formats/parts/aggregation.js';
export {
  type RoundState,
  type StopRule,
  allAgree,
  maxRounds,
  quorum,
  stopRuleByName,
  unanimity,
  unchanged,
} from './formats/parts/stop-rules.js';
export { type RoundsResult, type RoundsSpec, latestTurns, runRounds } from './formats/parts/rounds.js';
export { assertCountOption, countOption, formatOptionError } from './formats/parts/format-options.js';

// Prompts
export {
  DEFAULT_QUOTE_CHARS,
  QUOTE_TAG,
  UNTRUSTED_NOTE,
  neutraliseTags,
  quoteParticipant,
  truncateMiddle,
} from './prompts/quote.js';
export { FINAL_ANSWER_RULE, questionBlock, sections, systemPrompt } from './prompts/templates.js';

// Answers
export * from './answers/index.js';

// Evaluation
export { type NormaliserName, NORMALISER_NAMES, type Task } from './tasks/types.js';
export { type ArithmeticTaskOptions, arithmeticTask } from './tasks/arithmetic.js';
export { type LoadTasksOptions, type TaskRecord, loadTasks, parseTaskJsonl } from './tasks/load.js';
export { type TaskScoring, scoringFor } from './tasks/scoring.js';
export { type McNemarOptions, type McNemarResult, formatPValue, mcnemar } from './eval/mcnemar.js';
export { wilsonInterval } from './eval/summary.js';
export {
  type EvalArmSummary,
  type EvalItem,
  type EvalItemRun,
  type EvalProgress,
  type EvalReport,
  type EvaluateOptions,
  evaluate,
} from './eval/evaluate.js';
export { type FormatEvalReportOptions, formatEvalReport } from './eval/format-report.js';
