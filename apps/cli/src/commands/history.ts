import { formatCost } from '@trialogue/core';
import type { OptionSpec } from '../args/parse.js';
import { CliError, type Context } from '../context.js';
import { ExitCode } from '../io.js';
import { table } from '../render/table.js';
import { sanitize } from '../render/text.js';
import { sessionStore } from '../sessions/session.js';
import { playTranscript } from './replay.js';

export const historyOptions: OptionSpec[] = [];

/** A local date and time for people: `2026-12-06 07:48`. */
export function localTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

/**
 * `trialogue history`: the saved sessions, newest first; `history show ID` prints one as it was
 * seen; `history rm ID` deletes one. An id may be shortened to any unique start.
 */
export async function history(context: Context): Promise<number> {
  const [action = 'list', id, ...extra] = context.args.positionals;
  const store = sessionStore(context);
  if (extra.length > 0) throw new CliError(`history ${action} takes one session id.`);
  switch (action) {
    case 'list':
    case 'ls': {
      const sessions = await store.list();
      if (context.json) {
        for (const session of sessions) context.emit({ type: 'session', ...session });
        return ExitCode.ok;
      }
      if (sessions.length === 0) {
        context.err(`No saved sessions yet. ask, chat and debate save theirs in ${store.dir}.\n`);
        return ExitCode.ok;
      }
      const rows = sessions.map((session) => [
        session.id,
        localTime(session.updatedAt),
        session.kind,
        session.models.join(', '),
        session.cost !== undefined ? formatCost(session.cost) : '',
        sanitize(session.question).replace(/\s+/g, ' ').slice(0, 200),
      ]);
      context.out(table(['ID', 'DATE', 'KIND', 'MODELS', 'COST', 'QUESTION'], rows, context.width()));
      context.err(
        context.style.dim(
          context.fit(
            `${sessions.length} session${sessions.length === 1 ? '' : 's'} in ${store.dir}. trialogue history show ID · trialogue chat --resume ID · trialogue history rm ID`,
          ),
        ) + '\n',
      );
      return ExitCode.ok;
    }
    case 'show': {
      const session = await store.find(id);
      if (!context.json) context.err(context.style.dim(`Session ${session.id} (${session.path})\n`));
      return playTranscript(context, session.transcript, { speed: 0 });
    }
    case 'rm':
    case 'delete': {
      if (!id)
        throw new CliError(
          'Which session? e.g. trialogue history rm 20261206-074812 (trialogue history lists them).',
        );
      const session = await store.find(id);
      await store.remove(session.id);
      if (context.json) context.emit({ type: 'session-removed', id: session.id });
      else context.err(`Deleted session ${session.id}.\n`);
      return ExitCode.ok;
    }
    default:
      throw new CliError(
        `Unknown history action "${action}". Use trialogue history, history show ID or history rm ID.`,
      );
  }
}
