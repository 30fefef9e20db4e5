/**
 * One client under test, in its own process (its own heap and JIT, as in an app that uses only that
 * library): `node --import tsx client.ts <contender id | official>`. The parent asks it to stream;
 * it times the streams itself, so IPC is never on the clock.
 */
import { CONTENDERS, type Run } from './contenders.js';
import type { Wire } from './wires.js';

export interface ClientRequest {
  id: number;
  wires: Wire[];
  url: string;
  /** Only check that the client speaks these wires. */
  probe?: boolean;
  /** Characters of text each stream must deliver (undefined: raw bytes, not checked). */
  check?: number;
}

export type ClientReply =
  | { id: number; unsupported: true }
  | { id: number; ok: true; totalMs: number; firstMs: number; cpuMs: number }
  | { id: number; error: string };

const name = process.argv[2]!;
// 'official' is the official SDKs together: openai for the OpenAI-format wires, anthropic for anthropic.
const contenderFor = (wire: Wire) =>
  CONTENDERS.find(
    (c) => c.id === (name === 'official' ? (wire === 'anthropic' ? 'anthropic-sdk' : 'openai-sdk') : name),
  );

const runs = new Map<Wire, Run | undefined>();
async function runFor(wire: Wire): Promise<Run | undefined> {
  if (!runs.has(wire)) runs.set(wire, await contenderFor(wire)?.forWire(wire));
  return runs.get(wire);
}

async function answer(request: ClientRequest): Promise<ClientReply> {
  const { id } = request;
  try {
    const chosen = await Promise.all(request.wires.map(runFor));
    if (chosen.some((run) => !run)) return { id, unsupported: true };
    if (request.probe) return { id, ok: true, totalMs: 0, firstMs: 0, cpuMs: 0 };
    let first = Number.NaN;
    const onFirst = () => {
      if (Number.isNaN(first)) first = performance.now();
    };
    const cpu = process.cpuUsage();
    const start = performance.now();
    const got = await Promise.all(chosen.map((run) => run!(request.url, onFirst)));
    const end = performance.now();
    const used = process.cpuUsage(cpu);
    if (request.check !== undefined && got.some((chars) => chars !== request.check)) {
      throw new Error(`expected ${request.check} characters of text per stream, got ${got.join(', ')}`);
    }
    return {
      id,
      ok: true,
      totalMs: end - start,
      firstMs: first - start,
      cpuMs: (used.user + used.system) / 1000,
    };
  } catch (error) {
    return { id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

process.on('message', (request: ClientRequest) => {
  answer(request).then((reply) => process.send!(reply));
});
process.on('disconnect', () => process.exit(0));
process.send!({ ready: name });
