/**
 * Everything the visitor did, kept in this browser's IndexedDB (through `idb`, a 1 KB promise
 * wrapper over the raw API that Jake Archibald maintains): chats, debates and arena rounds as the
 * project's JSON transcripts, and the arena votes. Nothing here leaves the browser.
 */
import { parseTranscript, serializeTranscript, type Transcript } from '@trialogue/core';
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { Vote } from '../arena/leaderboard.js';

/** What kind of session a record is. */
export type SessionKind = 'chat' | 'debate' | 'arena';

/** One saved session. */
export interface SavedSession {
  id: string;
  kind: SessionKind;
  title: string;
  createdAt: string;
  updatedAt: string;
  /** `serializeTranscript` output: the project's versioned JSON transcript. */
  transcript: string;
}

interface DemoDatabase extends DBSchema {
  sessions: { key: string; value: SavedSession; indexes: { updatedAt: string } };
  votes: { key: number; value: Vote & { roundId: string } };
}

/** The history API the screens use. */
export interface History {
  /** Saves (or updates) a transcript; call it whenever a turn finishes. */
  save(transcript: Transcript, kind: SessionKind): Promise<SavedSession>;
  get(id: string): Promise<SavedSession | undefined>;
  /** Newest first; `query` matches the title and the text of every turn, case-insensitively. */
  list(query?: string): Promise<SavedSession[]>;
  rename(id: string, title: string): Promise<void>;
  remove(id: string): Promise<void>;
  /** Imports a JSON transcript (a file's text); throws a readable error for anything else. */
  importJson(text: string): Promise<SavedSession>;
  addVotes(roundId: string, votes: readonly Vote[]): Promise<void>;
  votes(): Promise<Vote[]>;
  /** Removes every session and vote. */
  clear(): Promise<void>;
}

/** A title for a transcript without one: the first question, cut to 80 characters. */
export function titleOf(transcript: Transcript): string {
  if (transcript.title?.trim()) return transcript.title.trim();
  const first = transcript.turns.find((t) => t.role === 'user')?.text.trim() ?? '';
  const line = first.split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 79)}…` : line || 'Untitled';
}

/** Whether a saved session matches a search (title, then every turn's text). */
export function matches(session: SavedSession, query: string): boolean {
  const needle = query.trim().toLowerCase();
  if (!needle) return true;
  if (session.title.toLowerCase().includes(needle)) return true;
  try {
    const transcript = parseTranscript(session.transcript);
    return transcript.turns.some((turn) => turn.text.toLowerCase().includes(needle));
  } catch {
    // A damaged record is found by its title only; it never breaks the list.
    return false;
  }
}

/** Which history kind a transcript belongs to (arena rounds are chats with mode `arena`). */
export const kindOf = (transcript: Transcript): SessionKind =>
  transcript.mode === 'arena' ? 'arena' : transcript.kind;

/** Opens (creating on first use) the demo's database. */
export async function openHistory(name = 'trialogue-demo'): Promise<History> {
  const db: IDBPDatabase<DemoDatabase> = await openDB<DemoDatabase>(name, 1, {
    upgrade(database) {
      const sessions = database.createObjectStore('sessions', { keyPath: 'id' });
      sessions.createIndex('updatedAt', 'updatedAt');
      database.createObjectStore('votes', { autoIncrement: true });
    },
  });

  async function save(transcript: Transcript, kind: SessionKind): Promise<SavedSession> {
    const existing = await db.get('sessions', transcript.id);
    const record: SavedSession = {
      id: transcript.id,
      kind,
      // A name the visitor gave wins over the question.
      title: existing?.title ?? titleOf(transcript),
      createdAt: existing?.createdAt ?? transcript.createdAt,
      updatedAt: new Date().toISOString(),
      transcript: serializeTranscript(transcript),
    };
    await db.put('sessions', record);
    return record;
  }

  return {
    save,
    get: (id) => db.get('sessions', id),
    async list(query = '') {
      const all = await db.getAllFromIndex('sessions', 'updatedAt');
      return all.reverse().filter((session) => matches(session, query));
    },
    async rename(id, title) {
      const record = await db.get('sessions', id);
      const clean = title.trim();
      if (!record || !clean) return;
      const transcript = parseTranscript(record.transcript);
      transcript.title = clean;
      await db.put('sessions', { ...record, title: clean, transcript: serializeTranscript(transcript) });
    },
    remove: (id) => db.delete('sessions', id),
    async importJson(text) {
      const transcript = parseTranscript(text);
      const record = await save(transcript, kindOf(transcript));
      if (transcript.title) await db.put('sessions', { ...record, title: transcript.title });
      return (await db.get('sessions', transcript.id)) ?? record;
    },
    async addVotes(roundId, votes) {
      const tx = db.transaction('votes', 'readwrite');
      await Promise.all([...votes.map((vote) => tx.store.add({ ...vote, roundId })), tx.done]);
    },
    async votes() {
      return (await db.getAll('votes')).map(({ a, b, verdict, at }) => ({ a, b, verdict, at }));
    },
    async clear() {
      const tx = db.transaction(['sessions', 'votes'], 'readwrite');
      await Promise.all([tx.objectStore('sessions').clear(), tx.objectStore('votes').clear(), tx.done]);
    },
  };
}
