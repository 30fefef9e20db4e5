import type { OptionSpec } from '../args/parse.js';
import type { Context } from '../context.js';
import { ask, askOptions } from './ask.js';
import { chat, chatOptions } from './chat.js';
import { debate, debateCommandOptions } from './debate.js';
import { evalCommand, evalOptions } from './eval.js';
import { history, historyOptions } from './history.js';
import { keys, keysOptions } from './keys.js';
import { models, modelsOptions } from './models.js';
import { replay, replayOptions } from './replay.js';
import { run, runOptions } from './run.js';

/** One command: its options, help and handler. */
export interface Command {
  name: string;
  usage: string;
  summary: string;
  options: OptionSpec[];
  examples: string[];
  run(context: Context): Promise<number>;
}

/** Every command, in the order `--help` lists them. */
export const commands: Command[] = [
  {
    name: 'ask',
    usage: 'trialogue ask [question] -m <provider:model> [-m ...]',
    summary: 'Ask several models one question at once and compare the answers side by side.',
    options: askOptions,
    examples: [
      'trialogue ask "Why is the sky blue?" -m openai:gpt-4.1-mini -m anthropic:claude-haiku-4-5',
      'echo "Summarise this" | trialogue ask -m groq:llama-3.3-70b-versatile',
      'trialogue ask "2+2?" -m openai:gpt-4.1-mini --json | jq -c .',
    ],
    run: ask,
  },
  {
    name: 'chat',
    usage: 'trialogue chat -m <provider:model> [-m ...]',
    summary: 'An interactive session with several models, saved as it goes: /help lists its commands.',
    options: chatOptions,
    examples: [
      'trialogue chat -m openai:gpt-4.1-mini -m anthropic:claude-haiku-4-5',
      'trialogue chat --resume',
      'printf "Hi\\n/only openai\\nAnd you?\\n/cost\\n" | trialogue chat -m openai:gpt-4.1-mini -m groq:llama-3.1-8b-instant',
    ],
    run: chat,
  },
  {
    name: 'debate',
    usage:
      'trialogue debate [question] --format <name> -m <provider:model> -m ... [--judge ...] [--rounds n] [--max-cost usd]',
    summary: 'Make models debate: roundtable, society, council, moa, adversarial, conversation or vote.',
    options: debateCommandOptions,
    examples: [
      'trialogue debate "Is a hot dog a sandwich?" -m openai:gpt-4.1-mini -m anthropic:claude-haiku-4-5 -m groq:llama-3.3-70b-versatile',
      'trialogue debate "Should we rewrite it in Rust?" --format adversarial -m openai:gpt-4.1-mini -m anthropic:claude-haiku-4-5 --judge google:gemini-2.5-flash --rounds 2',
      'trialogue debate "What is 17*23?" --format society --rounds 2 -m groq:llama-3.1-8b-instant -m groq:llama-3.1-8b-instant --max-cost 0.05 --yes --out debate.json',
    ],
    run: debate,
  },
  {
    name: 'replay',
    usage: 'trialogue replay <transcript.json | results.jsonl --item id>',
    summary: 'Play a saved debate or chat back, round by round.',
    options: replayOptions,
    examples: [
      'trialogue replay debate.json',
      'trialogue replay debate.json --speed 3',
      'trialogue replay debate.json --json',
      'trialogue replay spec.transcripts.jsonl --item q2',
    ],
    run: replay,
  },
  {
    name: 'history',
    usage: 'trialogue history [show <id> | rm <id>]',
    summary: 'Your saved sessions (ask, chat, debate), newest first; show one, or delete it.',
    options: historyOptions,
    examples: [
      'trialogue history',
      'trialogue history show 20261206-0748',
      'trialogue chat --resume 20261206-0748',
      'trialogue history rm 20261206-0748',
    ],
    run: history,
  },
  {
    name: 'eval',
    usage: 'trialogue eval --task arithmetic|file.jsonl --format <name> -m <provider:model> -m ...',
    summary: 'Score a debate format against the compute-matched vote baseline on a task set.',
    options: evalOptions,
    examples: [
      'trialogue eval --task arithmetic --n 50 --format society -m groq:llama-3.1-8b-instant -m groq:llama-3.1-8b-instant -m groq:llama-3.1-8b-instant --yes',
      'trialogue eval --task my-tasks.jsonl --format council -m openai:gpt-4.1-mini -m anthropic:claude-haiku-4-5 --out report.json --yes',
      'Task lines: {"question": "What is 17*23?", "answer": 391} (optional: id, choices, normaliser)',
    ],
    run: evalCommand,
  },
  {
    name: 'run',
    usage: 'trialogue run <spec.json>',
    summary: 'Debate many questions from a spec: rate-limit aware, one transcript per line, resumable.',
    options: runOptions,
    examples: [
      'trialogue run spec.json',
      'trialogue run spec.json --concurrency 8 --out results.jsonl',
      'Spec: { "participants": ["openai:gpt-4.1-mini", "groq:llama-3.3-70b-versatile"], "format": "society", "rounds": 2,',
      '        "budget": { "maxCostUsd": 0.05 }, "questions": "questions.jsonl", "out": "transcripts.jsonl",',
      '        "concurrency": 4, "perProvider": { "groq": 2 }, "retries": 3 }',
    ],
    run,
  },
  {
    name: 'models',
    usage: 'trialogue models [provider]',
    summary: 'What each configured provider offers, with prices and free tiers.',
    options: modelsOptions,
    examples: ['trialogue models', 'trialogue models groq', 'trialogue models --all --json'],
    run: models,
  },
  {
    name: 'keys',
    usage: 'trialogue keys [list | check [provider...] | set <provider> | delete <provider>]',
    summary: 'Which providers have keys; check them; store one in your config file.',
    options: keysOptions,
    examples: [
      'trialogue keys',
      'trialogue keys check',
      'trialogue keys set anthropic',
      'echo "$KEY" | trialogue keys set openai',
    ],
    run: keys,
  },
];
