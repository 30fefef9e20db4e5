import { writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import {
  addUsage,
  type ChatMessage,
  costOf,
  formatCost,
  redact,
  serializeTranscript,
  type Transcript,
  type TranscriptBuilder,
  toMarkdown,
  transcriptBuilder,
  type Usage,
} from '@trialogue/core';
import type { OptionSpec } from '../args/parse.js';
import { defaultModelRefs, loadProviders } from '../config/providers.js';
import { CliError, type Context, messageOf } from '../context.js';
import { ExitCode } from '../io.js';
import { table } from '../render/table.js';
import { sanitize } from '../render/text.js';
import { openSession, saveOption, sessionStore } from '../sessions/session.js';
import type { SessionWriter } from '../sessions/store.js';
import { assertOutputsWritable, modelOptions, saveTranscript } from './ask.js';
import { resolveModels, runFanOutTurn, type SessionModel } from './fan-out-turn.js';
import { pathFrom } from './input.js';

export const chatOptions: OptionSpec[] = [
  ...modelOptions,
  {
    name: 'out',
    short: 'o',
    type: 'string',
    value: '<file.json>',
    description: 'Also save the session transcript here on exit.',
  },
  {
    name: 'markdown',
    type: 'string',
    value: '<file.md>',
    description: 'Also save the session as Markdown on exit.',
  },
  {
    name: 'resume',
    type: 'string',
    optional: true,
    value: '[id]',
    description: 'Continue a saved chat (the newest without an id; trialogue history lists them).',
  },
  saveOption,
];

/** Every chat command, as /help and an unknown command list them. */
const COMMANDS: [string, string][] = [
  ['/help', 'this list'],
  ['/retry [model]', 'ask the last message again: the models that failed, or the one named'],
  ['/stop [model]', 'stop the answers being written, or one of them (Ctrl-C or Esc stop all)'],
  ['/only <model>', 'follow up with one model (any unique part of its name)'],
  ['/all', 'talk to every model again'],
  ['/add <provider:model>', 'bring a model into the chat (it starts without the history)'],
  ['/drop <model>', 'let a model go (its answers stay in the session)'],
  ['/clear', 'start a new thread (the current one stays saved)'],
  ['/save <file>', 'save the session (.md for Markdown, else JSON)'],
  ['/cost', 'tokens and cost so far, per model'],
  ['/models', 'the models in this chat (* the ones you talk to)'],
  ['/quit', 'leave (Ctrl-D too, or Ctrl-C twice on an empty line)'],
];

function commandList(width: number): string {
  const lead = Math.max(...COMMANDS.map(([name]) => name.length)) + 2;
  return `${COMMANDS.map(([name, what]) => `  ${name.padEnd(lead)}${width < lead + 30 ? `\n      ${what}` : what}`).join('\n')}\n`;
}

/** How each model's last answer to the latest message ended. */
type AnswerStatus = 'done' | 'failed' | 'stopped';

/** One chat thread: its models, each model's own history, its transcript and its session file. */
interface Thread {
  builder: TranscriptBuilder;
  history: Map<string, ChatMessage[]>;
  spent: Map<string, { usage?: Usage; cost: number }>;
  exchange: number;
  /** The latest message and how each model it went to answered. */
  last?: { text: string; round: number; status: Map<string, AnswerStatus> };
  writer: SessionWriter | undefined;
}

/**
 * `trialogue chat`: an interactive session with several models. Each model keeps its own history,
 * so after `/only` the others do not see that exchange. The session is saved as it goes (unless
 * `--no-save`) and can be continued with `--resume`.
 */
export async function chat(context: Context): Promise<number> {
  const providers = await loadProviders(context);
  const resumeArg = context.args.options.resume;
  const resumed =
    resumeArg === undefined
      ? undefined
      : await sessionStore(context).find(typeof resumeArg === 'string' ? resumeArg : undefined, 'chat');
  if (resumed && resumed.transcript.kind !== 'chat')
    throw new CliError(
      `Session ${resumed.id} is a ${resumed.transcript.mode ?? 'debate'} debate: chat --resume continues a chat or an ask.`,
    );
  if (resumed && context.args.options.model)
    throw new CliError(
      '--resume continues with the models of the session: add or drop them in the chat with /add and /drop.',
    );
  const refs = resumed
    ? resumed.transcript.participants.map((p) => `${p.provider}:${p.modelId}`)
    : ((context.args.options.model as string[] | undefined) ?? (await defaultModelRefs(context, providers)));
  const models = await resolveModels(providers, refs);
  await assertOutputsWritable(context);

  const { style } = context;
  const tty = context.io.isTTY && context.io.stdin.isTTY === true && !context.json;
  const say = (text: string) => {
    if (!context.json) context.err(text);
  };
  const warn = (text: string) => say(`${style.red(text)}\n`);

  const newThread = (previous?: Transcript, id?: string): Thread => {
    const builder = transcriptBuilder({
      kind: 'chat',
      catalogue: providers.catalogue,
      ...(previous ? { id: previous.id, createdAt: previous.createdAt } : {}),
    });
    for (const { key, model } of models)
      builder.addParticipant({ id: key, provider: model.provider, modelId: model.modelId });
    const thread: Thread = {
      builder,
      history: new Map(models.map(({ key }) => [key, []])),
      spent: new Map(models.map(({ key }) => [key, { cost: 0 }])),
      exchange: 0,
      writer: openSession(context, id),
    };
    if (previous) restore(thread, previous);
    return thread;
  };
  let thread = newThread(resumed?.transcript, resumed?.id);
  // Who the next message goes to: every model, or the one `/only` named.
  let only: SessionModel | undefined;
  const target = (): SessionModel[] => (only ? [only] : models);
  const save = () => thread.writer?.save(thread.builder.transcript);

  say(
    `${style.dim(
      context.fit(
        resumed
          ? `Resumed session ${resumed.id}: ${thread.exchange} earlier message${thread.exchange === 1 ? '' : 's'} with ${models.map((m) => m.key).join(', ')}. /help for commands.`
          : `Chatting with ${models.map((m) => m.key).join(', ')}. /help for commands${tty ? '; Ctrl-C stops an answer or clears the line, Ctrl-D leaves' : ', /quit to leave'}.`,
      ),
    )}\n`,
  );

  const findModel = (query: string, among: readonly SessionModel[] = models): SessionModel | string => {
    const exact = among.find((m) => m.key === query);
    if (exact) return exact;
    const matches = among.filter((m) => m.key.includes(query));
    if (matches.length === 1) return matches[0]!;
    return matches.length === 0
      ? `No model matches "${query}". In this chat: ${models.map((m) => m.key).join(', ')}.`
      : `"${query}" matches ${matches.map((m) => m.key).join(', ')}: be more precise.`;
  };

  /** Asks `asked` for their next answer (their histories end with the message), records the results. */
  const answer = async (
    asked: SessionModel[],
    round: number,
    phase?: string,
  ): Promise<TypedAhead | undefined> => {
    const stopper = new AbortController();
    let stopOne: ((key: string) => void) | undefined;
    const release = tty
      ? listenForStop(context, stopper, (query) => {
          const found = findModel(query, asked);
          if (typeof found !== 'string') stopOne?.(found.key);
        })
      : undefined;
    const status = thread.last?.status ?? new Map<string, AnswerStatus>();
    let ahead: TypedAhead | undefined;
    try {
      const outcome = await runFanOutTurn(
        context,
        providers,
        asked,
        (key) => [...thread.history.get(key)!],
        thread.builder,
        {
          round,
          ...(phase ? { phase } : {}),
          signal: stopper.signal,
          blocks: true,
          captureInput: false,
          onStart: (stop) => {
            stopOne = stop;
          },
        },
      );
      for (const { key, model } of asked) {
        const result = outcome.results[key];
        const messages = thread.history.get(key)!;
        if (result?.text) messages.push({ role: 'assistant', content: result.text });
        else messages.pop(); // A failed turn with nothing to show leaves no trace in that model's history.
        status.set(
          key,
          result?.type === 'finish' ? 'done' : result?.error.kind === 'aborted' ? 'stopped' : 'failed',
        );
        const totals = thread.spent.get(key)!;
        totals.usage = addUsage(totals.usage, result?.usage);
        const price = providers.priceOf(model);
        if (result?.usage && price) totals.cost += costOf(result.usage, price);
      }
    } finally {
      save();
      ahead = release?.();
    }
    return ahead;
  };

  const send = (text: string): Promise<TypedAhead | undefined> => {
    thread.exchange++;
    thread.builder.addUserTurn(text, { round: thread.exchange });
    for (const { key } of target()) thread.history.get(key)!.push({ role: 'user', content: text });
    thread.last = { text, round: thread.exchange, status: new Map() };
    save();
    return answer(target(), thread.exchange);
  };

  const retry = async (argument: string): Promise<TypedAhead | undefined> => {
    const last = thread.last;
    if (!last) {
      say('Nothing to retry yet: send a message first.\n');
      return;
    }
    let asked: SessionModel[];
    if (argument) {
      const found = findModel(argument);
      if (typeof found === 'string') return void warn(found);
      asked = [found];
    } else {
      asked = models.filter((m) => {
        const status = last.status.get(m.key);
        return status === 'failed' || status === 'stopped';
      });
      if (asked.length === 0) {
        say('Every model answered the last message. /retry <model> asks one of them again.\n');
        return;
      }
    }
    for (const { key } of asked) {
      const messages = thread.history.get(key)!;
      // The earlier answer to this message (whole or partial) gives way to the new one.
      if (last.status.has(key) && messages.at(-1)?.role === 'assistant') messages.pop();
      if (messages.at(-1)?.role !== 'user') messages.push({ role: 'user', content: last.text });
    }
    say(style.dim(`Asking ${asked.map((m) => m.key).join(', ')} again.\n`));
    return answer(asked, last.round, 'retry');
  };

  const command = async (line: string): Promise<'quit' | TypedAhead | undefined> => {
    const [name = '', ...rest] = line.slice(1).split(/\s+/);
    const argument = rest.join(' ').trim();
    switch (name) {
      case 'quit':
      case 'exit':
      case 'q':
        return 'quit';
      case 'help':
        say(`Commands:\n${commandList(context.width())}`);
        return;
      case 'retry':
        return retry(argument);
      case 'all':
        only = undefined;
        say(style.dim(`Talking to all ${models.length} models.\n`));
        return;
      case 'only': {
        if (!argument) return void say(`Which model? ${models.map((m) => m.key).join(', ')}\n`);
        const found = findModel(argument);
        if (typeof found === 'string') warn(found);
        else {
          only = found;
          say(style.dim(`Following up with ${found.key} only (/all to talk to every model).\n`));
        }
        return;
      }
      case 'add': {
        if (!argument) return void say('Which model? e.g. /add openai:gpt-4.1-mini\n');
        let added: SessionModel | undefined;
        try {
          const keys = new Set(thread.builder.transcript.participants.map((p) => p.id));
          [added] = await resolveModels(providers, [argument]);
          if (!added) return;
          // A model already present (or once dropped) gets its own number, as a repeated -m does.
          let count = 1;
          const base = added.key;
          while (keys.has(added.key) || models.some((m) => m.key === added?.key))
            added.key = `${base}#${++count}`;
        } catch (error) {
          return void warn(`Cannot add ${argument}: ${messageOf(error)}`);
        }
        models.push(added);
        thread.builder.addParticipant({
          id: added.key,
          provider: added.model.provider,
          modelId: added.model.modelId,
        });
        thread.history.set(added.key, []);
        thread.spent.set(added.key, { cost: 0 });
        save();
        say(style.dim(`Added ${added.key}. It has not seen the conversation so far.\n`));
        return;
      }
      case 'drop': {
        if (!argument) return void say(`Which model? ${models.map((m) => m.key).join(', ')}\n`);
        const found = findModel(argument);
        if (typeof found === 'string') return void warn(found);
        if (models.length === 1)
          return void warn('It is the only model in this chat: /add another one first.');
        models.splice(models.indexOf(found), 1);
        if (only === found) only = undefined;
        say(style.dim(`Dropped ${found.key} (its answers stay in the session).\n`));
        return;
      }
      case 'clear': {
        const previous = thread.writer;
        if (thread.exchange > 0) save();
        await previous?.flush();
        thread = newThread();
        say(
          style.dim(
            `New thread: the models start afresh.${previous && previous.id !== thread.writer?.id ? ` The previous one is saved as ${previous.id}.` : ''}\n`,
          ),
        );
        return;
      }
      case 'stop':
        say(style.dim('Nothing is being written right now.\n'));
        return;
      case 'models':
        say(`${models.map((m) => `${target().includes(m) ? '*' : ' '} ${m.key}`).join('\n')}\n`);
        return;
      case 'cost': {
        let total = 0;
        const rows = models.map(({ key }) => {
          const { usage, cost } = thread.spent.get(key)!;
          total += cost;
          return [
            key,
            usage ? `${usage.inputTokens}` : '0',
            usage ? `${usage.outputTokens}` : '0',
            formatCost(cost),
          ];
        });
        if (context.json)
          context.emit({ type: 'cost', models: Object.fromEntries(thread.spent), totalCost: total });
        else
          say(
            table(
              ['MODEL', 'IN', 'OUT', 'COST'],
              [...rows, ['total', '', '', formatCost(total)]],
              context.width(),
            ),
          );
        return;
      }
      case 'save': {
        if (!argument) return void say('Where? /save chat.json or /save chat.md\n');
        const transcript = thread.builder.finish({ stopReason: 'saved' });
        const text = argument.endsWith('.md') ? toMarkdown(transcript) : serializeTranscript(transcript);
        try {
          await writeFile(pathFrom(context, argument), redact(text));
          say(style.dim(`Saved to ${argument}.\n`));
        } catch (error) {
          warn(`Cannot save to ${argument}: ${(error as NodeJS.ErrnoException).code ?? messageOf(error)}`);
        }
        return;
      }
      default:
        warn(`Unknown command /${sanitize(name)}. The commands are:`);
        say(commandList(context.width()));
    }
  };

  const prompt = () => style.bold(`${only ? only.key : 'all'} › `);
  let interrupted = false;
  if (tty) {
    const typed: string[] = resumed
      ? resumed.transcript.turns
          .filter((turn) => turn.role === 'user')
          .map((turn) => turn.text)
          .reverse()
      : [];
    let ahead: TypedAhead = { lines: [], partial: '' };
    let armed = false; // A Ctrl-C on an empty line: the next one leaves.
    for (;;) {
      const next = ahead.lines.shift();
      if (next !== undefined) context.out(`${prompt()}${next}\n`);
      // The unfinished line waits for the prompt that follows the whole ones.
      const read =
        next !== undefined ? { line: next } : await askLine(context, prompt(), typed, ahead.partial);
      if (next === undefined) ahead.partial = '';
      if ('eof' in read) {
        interrupted = context.signal.aborted;
        break;
      }
      if ('interrupt' in read) {
        if (read.interrupt === 'line') {
          armed = false;
          continue;
        }
        if (armed) break;
        armed = true;
        say(style.dim('(Ctrl-C again or Ctrl-D to leave)\n'));
        continue;
      }
      armed = false;
      const text = read.line.trim();
      if (!text) continue;
      if (typed[0] !== text) typed.unshift(text);
      const result = text.startsWith('/') ? await command(text) : await send(text);
      if (result === 'quit') break;
      if (result) ahead = { lines: [...ahead.lines, ...result.lines], partial: result.partial };
    }
  } else {
    const rl = createInterface({
      input: context.io.stdin,
      terminal: false,
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    const onAbort = () => rl.close();
    context.signal.addEventListener('abort', onAbort, { once: true });
    try {
      for await (const line of rl) {
        if (context.signal.aborted) break;
        const text = line.trim();
        if (!text) continue;
        if (text.startsWith('/')) {
          if ((await command(text)) === 'quit') break;
        } else await send(text);
        if (context.signal.aborted) break;
      }
    } finally {
      context.signal.removeEventListener('abort', onAbort);
      rl.close();
    }
    interrupted = context.signal.aborted;
  }

  const transcript = thread.builder.finish({ stopReason: interrupted ? 'aborted' : 'completed' });
  if (thread.writer && thread.exchange > 0) {
    thread.writer.save(transcript);
    await thread.writer.flush();
    say(
      `${style.dim(`Session saved: ${thread.writer.path}`)}\n${style.dim(`Continue it with: trialogue chat --resume ${thread.writer.id}`)}\n`,
    );
  } else if (!thread.writer && thread.exchange > 0) say(style.dim('Session not saved (--no-save).\n'));
  await saveTranscript(context, transcript);
  if (interrupted) return ExitCode.interrupted;
  const failing = [...(thread.last?.status.values() ?? [])].some((status) => status === 'failed');
  return failing ? ExitCode.modelFailed : ExitCode.ok;
}

/**
 * A saved chat back into a thread: its turns, and each model's history (the user's messages it was
 * sent and its latest answer to each; a failed answer with no text leaves no trace, as live).
 */
function restore(thread: Thread, transcript: Transcript): void {
  thread.builder.transcript.turns.push(...structuredClone(transcript.turns));
  const asked = new Map<number, string>();
  const answers = new Map<string, Map<number, Transcript['turns'][number]>>();
  for (const turn of transcript.turns) {
    const round = turn.round ?? 0;
    if (turn.role === 'user') asked.set(round, turn.text);
    else if (turn.role === 'assistant') {
      const byRound = answers.get(turn.participantId) ?? new Map();
      byRound.set(round, turn); // A retry replaces the earlier answer to the same message.
      answers.set(turn.participantId, byRound);
    }
    thread.exchange = Math.max(thread.exchange, round);
  }
  for (const [key, byRound] of answers) {
    const messages = thread.history.get(key);
    if (!messages) continue;
    for (const [round, turn] of [...byRound].sort(([a], [b]) => a - b)) {
      const question = asked.get(round);
      if (question === undefined || !turn.text) continue;
      messages.push({ role: 'user', content: question }, { role: 'assistant', content: turn.text });
    }
    const spent = thread.spent.get(key)!;
    for (const turn of transcript.turns.filter((t) => t.participantId === key)) {
      spent.usage = addUsage(spent.usage, turn.usage);
      spent.cost += turn.cost ?? 0;
    }
  }
}

/** A line read at the prompt: the line, Ctrl-D, or Ctrl-C (on a line with text, or on an empty one). */
type PromptRead = { line: string } | { eof: true } | { interrupt: 'line' | 'empty' };

/**
 * One line from the terminal with readline (editing; the arrow keys walk `history`, newest first),
 * starting with `prefill` (typed ahead). Ctrl-C clears the line as a shell does.
 */
function askLine(context: Context, prompt: string, history: string[], prefill = ''): Promise<PromptRead> {
  return new Promise((resolve) => {
    const rl = createInterface({
      input: context.io.stdin,
      output: context.io.stdout as unknown as NodeJS.WritableStream,
      terminal: true,
      history: [...history],
      historySize: 500,
    });
    let settled = false;
    const finish = (value: PromptRead) => {
      if (settled) return;
      settled = true;
      rl.close();
      resolve(value);
    };
    rl.on('SIGINT', () => {
      const hadText = (rl as unknown as { line: string }).line.length > 0;
      context.io.stdout.write('^C\n');
      finish({ interrupt: hadText ? 'line' : 'empty' });
    });
    rl.on('close', () => {
      if (!settled) context.io.stdout.write('\n');
      finish({ eof: true });
    });
    // SIGTERM (or an embedding caller's abort) while waiting at the prompt ends the chat too.
    const onAbort = () => {
      if (!settled) context.io.stdout.write('\n');
      finish({ eof: true });
    };
    if (context.signal.aborted) return onAbort();
    context.signal.addEventListener('abort', onAbort, { once: true });
    rl.on('close', () => context.signal.removeEventListener('abort', onAbort));
    rl.question(prompt, (line) => finish({ line }));
    if (prefill) rl.write(prefill);
  });
}

/** What was typed while answers streamed: whole lines to run next, and an unfinished one. */
interface TypedAhead {
  lines: string[];
  partial: string;
}

/**
 * While answers stream on a terminal: raw input, nothing echoed (so the live view stays clean).
 * Ctrl-C, a lone Esc or `/stop` + Enter stops the answers; `/stop <model>` + Enter stops that one.
 * Anything else typed is kept, as in a shell: whole lines run once the answers are done, an
 * unfinished one waits at the next prompt. The release function gives that back (nothing when all
 * the answers were stopped).
 */
function listenForStop(
  context: Context,
  stopper: AbortController,
  stopOne: (query: string) => void,
): () => TypedAhead {
  const { stdin } = context.io;
  let typed = '';
  const lines: string[] = [];
  const onData = (chunk: Buffer | string) => {
    const text = chunk.toString();
    // A key with an escape sequence (an arrow, Home...) arrives whole in one chunk: ignored, not Esc.
    if (text === '\u001b') return stopper.abort();
    for (const char of text.replace(/\u001b(\[[0-9;?]*[ -/]*[@-~]|O.|.)?/g, '')) {
      if (char === '\u0003') stopper.abort();
      else if (char === '\r' || char === '\n') {
        const line = typed.trim();
        const stop = /^\/stop(?:\s+(.+))?$/.exec(line);
        if (stop?.[1]) stopOne(stop[1].trim());
        else if (stop) stopper.abort();
        else if (line) lines.push(line);
        typed = '';
      } else if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
      else if (char >= ' ') typed += char;
    }
  };
  stdin.setRawMode?.(true);
  stdin.on('data', onData);
  stdin.resume();
  return () => {
    stdin.removeListener('data', onData);
    stdin.setRawMode?.(false);
    stdin.pause();
    return stopper.signal.aborted ? { lines: [], partial: '' } : { lines, partial: typed };
  };
}
