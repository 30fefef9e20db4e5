import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseTranscript, redact, serializeTranscript, type Transcript } from '@trialogue/core';
import { CliError } from '../context.js';

/**
 * Where the CLI keeps what it saves on its own (sessions): `$TRIALOGUE_STATE_DIR`, else the
 * platform's state folder: `$XDG_STATE_HOME/trialogue` (default `~/.local/state/trialogue`) on
 * Linux and other Unixes, `~/Library/Application Support/trialogue` on macOS (unless
 * `XDG_STATE_HOME` is set), `%LOCALAPPDATA%\trialogue` on Windows.
 */
export function stateDir(
  env: Record<string, string | undefined>,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.TRIALOGUE_STATE_DIR) return env.TRIALOGUE_STATE_DIR;
  const home = env.HOME || env.USERPROFILE || homedir();
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'trialogue');
  if (env.XDG_STATE_HOME) return join(env.XDG_STATE_HOME, 'trialogue');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'trialogue');
  return join(home, '.local', 'state', 'trialogue');
}

/** The one folder that holds the sessions (mode 0700; each file 0600). */
export function sessionsDir(env: Record<string, string | undefined>): string {
  return join(stateDir(env), 'sessions');
}

/** A new session id: sortable by time, short enough to type (`20261206-074812-a3f9`). */
export function newSessionId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

const ID = /^\d{8}-\d{6}-[0-9a-f]{4}$/;

/** One line of `trialogue history`. */
export interface SessionSummary {
  id: string;
  path: string;
  /** `ask`, `chat` or the debate format. */
  kind: string;
  question: string;
  models: string[];
  cost?: number;
  createdAt: string;
  updatedAt: string;
}

/** A saved session: its transcript and where it is. */
export interface SavedSession {
  id: string;
  path: string;
  transcript: Transcript;
}

/**
 * Sessions on disk, one transcript file each (core's transcript format, redacted: a key is never
 * written). Writes are atomic (a temporary file renamed over the old one) and kept in order.
 */
export class SessionStore {
  private closed = false;

  constructor(readonly dir: string) {}

  pathOf(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  /** Writes a session (creating the folder 0700 and the file 0600). */
  async write(id: string, transcript: Transcript): Promise<string> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    // A folder made by hand (or by an older version) is closed too: sessions hold whole conversations.
    if (!this.closed) {
      await chmod(this.dir, 0o700);
      this.closed = true;
    }
    const path = this.pathOf(id);
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, redact(serializeTranscript(transcript)), { mode: 0o600 });
    await chmod(temporary, 0o600);
    await rename(temporary, path);
    return path;
  }

  /** Every session, newest first (by last change). Files that are not transcripts are skipped. */
  async list(): Promise<SessionSummary[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const ids = names.filter((name) => name.endsWith('.json')).map((name) => name.slice(0, -5));
    const summaries = await Promise.all(
      ids.filter((id) => ID.test(id)).map((id) => this.summaryOf(id).catch(() => undefined)),
    );
    return summaries
      .filter((summary): summary is SessionSummary => summary !== undefined)
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.id.localeCompare(a.id));
  }

  /**
   * The session an id names: the whole id or any unique start of it; without one, the newest
   * (of `kind` when given).
   */
  async find(query: string | undefined, kind?: 'chat'): Promise<SavedSession> {
    const all = await this.list();
    const candidates = kind ? all.filter((session) => session.kind === kind) : all;
    let found: SessionSummary | undefined;
    if (query === undefined) {
      found = candidates[0];
      if (!found) throw new CliError(`No saved ${kind ?? 'session'} yet (sessions live in ${this.dir}).`);
    } else {
      const matches = all.filter((session) => session.id.startsWith(query));
      if (matches.length > 1)
        throw new CliError(`"${query}" matches ${matches.length} sessions: give more of the id.`);
      found = matches[0];
      if (!found) throw new CliError(`No session "${query}". trialogue history lists them.`);
    }
    return { id: found.id, path: found.path, transcript: await this.read(found.id) };
  }

  async read(id: string): Promise<Transcript> {
    return parseTranscript(await readFile(this.pathOf(id), 'utf8'));
  }

  async remove(id: string): Promise<void> {
    await rm(this.pathOf(id));
  }

  private async summaryOf(id: string): Promise<SessionSummary> {
    const path = this.pathOf(id);
    const [transcript, info] = await Promise.all([this.read(id), stat(path)]);
    const cost =
      transcript.totals?.cost ??
      transcript.turns.reduce<number | undefined>(
        (sum, turn) => (turn.cost === undefined ? sum : (sum ?? 0) + turn.cost),
        undefined,
      );
    const question = transcript.turns.find((turn) => turn.role === 'user')?.text ?? transcript.title ?? '';
    return {
      id,
      path,
      kind:
        transcript.kind === 'chat'
          ? transcript.mode === 'ask'
            ? 'ask'
            : 'chat'
          : (transcript.mode ?? 'debate'),
      question,
      models: transcript.participants.map((p) => `${p.provider}:${p.modelId}`),
      ...(cost !== undefined ? { cost } : {}),
      createdAt: transcript.createdAt,
      updatedAt: info.mtime.toISOString(),
    };
  }
}

/**
 * The session a command is writing as it goes. Saves are queued so they land in order, and only
 * the newest waiting one is written; a save that fails warns once and never stops the command.
 */
export class SessionWriter {
  private queue: Promise<void> = Promise.resolve();
  private pending: Transcript | undefined;
  private warned = false;

  constructor(
    readonly store: SessionStore,
    readonly id: string,
    private readonly warn: (message: string) => void,
  ) {}

  get path(): string {
    return this.store.pathOf(this.id);
  }

  /** Saves a snapshot (in the background; {@link flush} waits for it). */
  save(transcript: Transcript): void {
    // A snapshot now: the transcript keeps changing while the write waits.
    this.pending = structuredClone(transcript);
    this.queue = this.queue.then(async () => {
      const next = this.pending;
      this.pending = undefined;
      if (!next) return;
      try {
        await this.store.write(this.id, next);
      } catch (error) {
        if (this.warned) return;
        this.warned = true;
        this.warn(
          `Cannot save the session in ${this.store.dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}. Use --out to keep it, or --no-save.`,
        );
      }
    });
  }

  /** Waits for every save queued so far. */
  flush(): Promise<void> {
    return this.queue;
  }
}
