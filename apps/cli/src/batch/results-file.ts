import { appendFile, mkdir, readFile, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import { redact, type Transcript } from '@trialogue/core';

/** What a transcript line of a batch carries in `meta` besides the debate's own. */
export interface BatchMeta {
  questionId: string;
  /** `done`: resume skips it; `failed`: resume runs it again (the later line wins). */
  status: 'done' | 'failed';
  attempts: number;
  /** The question's expected answer, when the questions give one. */
  expected?: string;
}

/**
 * Reads the ids already done from a results file (JSONL, one transcript a line). A line cut short by
 * an interruption is removed, so the next append starts on a clean line.
 */
export async function readDone(path: string): Promise<Set<string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
    throw error;
  }
  const status = new Map<string, BatchMeta['status']>();
  let goodBytes = 0;
  let offset = 0;
  for (const line of text.split('\n')) {
    const bytes = Buffer.byteLength(line) + 1;
    const complete = offset + bytes <= Buffer.byteLength(text);
    offset += bytes;
    if (!line.trim()) {
      if (complete) goodBytes = offset;
      continue;
    }
    try {
      const meta = (JSON.parse(line) as Transcript).meta as Partial<BatchMeta> | undefined;
      if (meta?.questionId && (meta.status === 'done' || meta.status === 'failed'))
        status.set(meta.questionId, meta.status);
      if (complete) goodBytes = offset;
    } catch {
      // A torn line (the process was killed mid-write): dropped below.
    }
  }
  if (goodBytes < Buffer.byteLength(text)) await truncate(path, goodBytes);
  return new Set([...status].filter(([, s]) => s === 'done').map(([id]) => id));
}

/** Appends one transcript as a line (redacted, like everything the CLI writes). */
export async function appendResult(path: string, transcript: Transcript, meta: BatchMeta): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const line = JSON.stringify({ ...transcript, meta: { ...transcript.meta, ...meta } });
  await appendFile(path, `${redact(line)}\n`);
}

/** The transcripts of a results file, the later line of a question id winning (torn lines skipped). */
export async function readResults(path: string): Promise<Transcript[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return resultsFrom(text) ?? [];
}

/**
 * The transcripts of a results file's text, the later line of a question id winning; undefined when
 * it is not one (a line that is a transcript without `meta.questionId`, or no line at all). A line
 * torn by a hard kill is skipped.
 */
export function resultsFrom(text: string): Transcript[] | undefined {
  const byId = new Map<string, Transcript>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let transcript: Transcript;
    try {
      transcript = JSON.parse(line) as Transcript;
    } catch {
      continue;
    }
    const id = (transcript.meta as Partial<BatchMeta> | undefined)?.questionId;
    if (typeof id !== 'string') return undefined;
    byId.set(id, transcript);
  }
  return byId.size > 0 ? [...byId.values()] : undefined;
}
