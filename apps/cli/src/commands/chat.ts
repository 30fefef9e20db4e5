import { writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import {
  addUsage,
  type ChatMessage,
  costOf,
  formatCost,
  redact,
  serializeTranscript,
  toMarkdown,
  transcriptBuilder,
  type Usage,
} from '@trialogue/core';
import type { OptionSpec } from '../args/parse.js';
import { defaultModelRefs, loadProviders } from '../config/providers.js';
import type { Context } from '../context.js';
import { ExitCode } from '../io.js';
import { table } from '../render/table.js';
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
    description: 'Save the session transcript on exit.',
  },
  {
    name: 'markdown',
    type: 'string',
    value: '<file.md>',
    description: 'Save the session as Markdown on exit.',
  },
];

const chatHelp = `Commands:
  /only <model>   follow up with one model (its key, or any unique part of it)
  /all            talk to every model again
  /stop           stop the answers being written (Ctrl-C does the same while they stream)
  /save <file>    save the session (.md for Markdown, else JSON)
  /cost           tokens and cost so far, per model
  /models         the models in this session
  /help           this list
  /quit           leave (Ctrl-D too)
`;

/**
 * `trialogue chat`: an interactive session with several models. Each model keeps its own history,
 * so after `/only` the others do not see that exchange.
 */
export async function chat(context: Context): Promise<number> {
  const providers = await loadProviders(context);
  const refs =
    (context.args.options.model as string[] | undefined) ?? (await defaultModelRefs(context, providers));
  const models = await resolveModels(providers, refs);
  await assertOutputsWritable(context);
  const builder = transcriptBuilder({ kind: 'chat', mode: 'chat', catalogue: providers.catalogue });
  for (const { key, model } of models)
    builder.addParticipant({ id: key, provider: model.provider, modelId: model.modelId });
  const history = new Map<string, ChatMessage[]>(models.map(({ key }) => [key, []]));
  const spent = new Map<string, { usage?: Usage; cost: number }>(models.map(({ key }) => [key, { cost: 0 }]));
  let target: SessionModel[] = models;
  let exchange = 0;
  let failures = 0;
  const { style } = context;
  const tty = context.io.isTTY && context.io.stdin.isTTY === true && !context.json;
  const say = (text: string) => {
    if (!context.json) context.err(text);
  };

  say(
    `${style.dim(
      context.fit(
        `Chatting with ${models.map((m) => m.key).join(', ')}. /help for commands, ${tty ? 'Ctrl-C stops an answer, ' : ''}/quit to leave.`,
      ),
    )}\n`,
  );

  const findModel = (query: string): SessionModel | string => {
    const exact = models.find((m) => m.key === query);
    if (exact) return exact;
    const matches = models.filter((m) => m.key.includes(query));
    if (matches.length === 1) return matches[0]!;
    return matches.length === 0
      ? `No model matches "${query}". In this session: ${models.map((m) => m.key).join(', ')}.`
      : `"${query}" matches ${matches.map((m) => m.key).join(', ')}: be more precise.`;
  };

  const send = async (text: string): Promise<TypedAhead | undefined> => {
    exchange++;
    builder.addUserTurn(text, { round: exchange });
    for (const { key } of target) history.get(key)!.push({ role: 'user', content: text });
    const stopper = new AbortController();
    const release = tty ? listenForStop(context, stopper) : undefined;
    let ahead: TypedAhead | undefined;
    try {
      const outcome = await runFanOutTurn(
        context,
        providers,
        target,
        (key) => [...history.get(key)!],
        builder,
        {
          round: exchange,
          signal: stopper.signal,
          blocks: true,
          captureInput: false,
        },
      );
      for (const { key, model } of target) {
        const result = outcome.results[key];
        const messages = history.get(key)!;
        if (result?.type === 'finish') messages.push({ role: 'assistant', content: result.text });
        else if (result?.text) messages.push({ role: 'assistant', content: result.text });
        else messages.pop(); // A failed turn with nothing to show leaves no trace in that model's history.
        const totals = spent.get(key)!;
        totals.usage = addUsage(totals.usage, result?.usage);
        const price = providers.priceOf(model);
        if (result?.usage && price) totals.cost += costOf(result.usage, price);
      }
      failures += outcome.failed.length;
    } finally {
      ahead = release?.();
    }
    return ahead;
  };

  const command = async (line: string): Promise<'quit' | undefined> => {
    const [name = '', ...rest] = line.slice(1).split(/\s+/);
    const argument = rest.join(' ').trim();
    switch (name) {
      case 'quit':
      case 'exit':
      case 'q':
        return 'quit';
      case 'help':
        say(chatHelp);
        return;
      case 'all':
        target = models;
        say(style.dim(`Talking to all ${models.length} models.\n`));
        return;
      case 'only': {
        if (!argument) {
          say(`Which model? ${models.map((m) => m.key).join(', ')}\n`);
          return;
        }
        const found = findModel(argument);
        if (typeof found === 'string') say(`${found}\n`);
        else {
          target = [found];
          say(style.dim(`Following up with ${found.key} only (/all to talk to every model).\n`));
        }
        return;
      }
      case 'stop':
        say(style.dim('Nothing is being written right now.\n'));
        return;
      case 'models':
        say(`${models.map((m) => `${target.includes(m) ? '*' : ' '} ${m.key}`).join('\n')}\n`);
        return;
      case 'cost': {
        let total = 0;
        const rows = models.map(({ key }) => {
          const { usage, cost } = spent.get(key)!;
          total += cost;
          return [
            key,
            usage ? `${usage.inputTokens}` : '0',
            usage ? `${usage.outputTokens}` : '0',
            formatCost(cost),
          ];
        });
        if (context.json) context.emit({ type: 'cost', models: Object.fromEntries(spent), totalCost: total });
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
        if (!argument) {
          say('Where? /save chat.json or /save chat.md\n');
          return;
        }
        const transcript = builder.finish({ stopReason: 'saved' });
        const text = argument.endsWith('.md') ? toMarkdown(transcript) : serializeTranscript(transcript);
        try {
          await writeFile(pathFrom(context, argument), redact(text));
          say(style.dim(`Saved to ${argument}.\n`));
        } catch (error) {
          say(
            `Cannot save to ${argument}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`,
          );
        }
        return;
      }
      default:
        say(`Unknown command /${name}. /help lists them.\n`);
    }
  };

  const prompt = () => style.bold(`${target.length === models.length ? 'all' : target[0]!.key} › `);
  let interrupted = false;
  if (tty) {
    const lines: string[] = [];
    let ahead: TypedAhead = { lines: [], partial: '' };
    for (;;) {
      const next = ahead.lines.shift();
      if (next !== undefined) context.out(`${prompt()}${next}\n`);
      // The unfinished line waits for the prompt that follows the whole ones.
      const line = next ?? (await askLine(context, prompt(), lines, ahead.partial));
      if (next === undefined) ahead.partial = '';
      if (line === undefined || line === null) {
        interrupted = line === null;
        break;
      }
      const text = line.trim();
      if (!text) continue;
      lines.unshift(text);
      if (text.startsWith('/')) {
        if ((await command(text)) === 'quit') break;
      } else {
        const typed = await send(text);
        if (typed) ahead = { lines: [...ahead.lines, ...typed.lines], partial: typed.partial };
      }
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

  await saveTranscript(context, builder.finish({ stopReason: interrupted ? 'aborted' : 'completed' }));
  if (interrupted) return ExitCode.interrupted;
  return failures > 0 ? ExitCode.modelFailed : ExitCode.ok;
}

/**
 * One line from the terminal with readline (history, editing), starting with `prefill` (typed
 * ahead). Resolves undefined on Ctrl-D and null on Ctrl-C.
 */
function askLine(
  context: Context,
  prompt: string,
  history: string[],
  prefill = '',
): Promise<string | undefined | null> {
  return new Promise((resolve) => {
    const rl = createInterface({
      input: context.io.stdin,
      output: context.io.stdout as unknown as NodeJS.WritableStream,
      terminal: true,
      history: [...history],
      historySize: 200,
    });
    let settled = false;
    const finish = (value: string | undefined | null) => {
      if (settled) return;
      settled = true;
      rl.close();
      resolve(value);
    };
    rl.on('SIGINT', () => {
      context.io.stdout.write('\n');
      finish(null);
    });
    rl.on('close', () => {
      if (!settled) context.io.stdout.write('\n');
      finish(undefined);
    });
    rl.question(prompt, (answer) => finish(answer));
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
 * Ctrl-C, a lone Esc or `/stop` + Enter stops the answers. Anything else typed is kept, as in a
 * shell: whole lines run once the answers are done, an unfinished one waits at the next prompt.
 * The release function gives that back (nothing when the answers were stopped).
 */
function listenForStop(context: Context, stopper: AbortController): () => TypedAhead {
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
        if (typed.trim() === '/stop') stopper.abort();
        else if (typed.trim()) lines.push(typed.trim());
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
