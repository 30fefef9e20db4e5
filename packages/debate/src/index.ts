/**
 * @trialogue/debate: multi-model debates on Trialogue. Formats built from shared parts (speaking
 * order, visibility, aggregation, stop rules), budgets, live events and auditable transcripts.
 * @packageDocumentation
 */

// Answers
export * from './answers/index.js';
export {
  type EvalArmSummary,
  type EvalItem,
  type EvalItemRun,
  type EvalProgress,
  type EvalReport,
  type EvalTieBreak,
  type EvaluateOptions,
  evaluate,
} from './eval/evaluate.js';
export { type FormatEvalReportOptions, formatEvalReport } from './eval/format-report.js';
export { formatPValue, type McNemarOptions, type McNemarResult, mcnemar } from './eval/mcnemar.js';
export { wilsonInterval } from './eval/wilson-interval.js';
export { adversarial, DEFAULT_SIDES } from './formats/adversarial.js';
export { conversation } from './formats/conversation.js';
export { council, parseRanking } from './formats/council.js';
export { moa } from './formats/moa.js';
export {
  type Ballot,
  ballotsOf,
  bordaCount,
  DEFAULT_CONFIDENCE,
  OPEN_ENDED,
  tallyVotes,
  type VoteResult,
  vote,
  voteOutcome,
  withSynthesis,
} from './formats/parts/aggregation.js';
export {
  askJudge,
  earlyJudge,
  earlyJudgeCalls,
  type JudgeVerdict,
  judgeOrVote,
  parseVerdict,
  synthesise,
} from './formats/parts/deciders.js';
export { assertCountOption, countOption, formatOptionError } from './formats/parts/format-options.js';
export {
  moderated,
  type OrderState,
  parallel,
  parseNextSpeaker,
  roundRobin,
  type SpeakingOrder,
  sequential,
} from './formats/parts/order.js';
export { plannedRounds } from './formats/parts/plan.js';
export { latestTurns, type RoundsResult, type RoundsSpec, runRounds } from './formats/parts/rounds.js';
export {
  allAgree,
  maxRounds,
  quorum,
  type RoundState,
  type StopRule,
  stopRuleByName,
  unanimity,
  unchanged,
} from './formats/parts/stop-rules.js';
export {
  anonymised,
  everything,
  nothing,
  othersPreviousRound,
  ownHistory,
  previousRound,
  renderVisible,
  summary,
  type Visibility,
  type VisibleTurn,
} from './formats/parts/visibility.js';
export { formats, resolveFormat } from './formats/registry.js';
export { roundtable } from './formats/roundtable.js';
export { society } from './formats/society.js';
// Formats and their parts
export type {
  DebateContext,
  DebateFormat,
  FormatName,
  PlanInput,
  PlannedCall,
  TurnPlan,
} from './formats/types.js';
export { voteFormat } from './formats/vote.js';
// Prompts
export {
  DEFAULT_QUOTE_CHARS,
  neutraliseTags,
  QUOTE_TAG,
  quoteParticipant,
  truncateMiddle,
  UNTRUSTED_NOTE,
} from './prompts/quote.js';
export { FINAL_ANSWER_RULE, questionBlock, sections, systemPrompt } from './prompts/templates.js';
export { type DebateEstimate, estimateDebate } from './run/estimate.js';
export type * from './run/events.js';
export { type Exchange, type ExchangeRecord, exchangesOf, historyMessages } from './run/history.js';
export type {
  DebateBudget,
  DebateHandle,
  DebateOptions,
  DebateResult,
  HistoryView,
  Participant,
} from './run/options.js';
export { deriveSeed, seededRandom, shuffle } from './run/random.js';
export { type ReplayDebateOptions, replayDebate } from './run/replay.js';
// Running a debate
export { runDebate } from './run/run-debate.js';
export { type ArithmeticTaskOptions, arithmeticTask } from './tasks/arithmetic.js';
export { type LoadTasksOptions, loadTasks, parseTaskJsonl, type TaskRecord } from './tasks/load.js';
export { scoringFor, type TaskScoring } from './tasks/scoring.js';
// Evaluation
export { NORMALISER_NAMES, type NormaliserName, type Task } from './tasks/types.js';
