/** A child process spoken to over IPC with numbered requests (the loopback server, the clients). */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Child<Hello> {
  hello: Hello;
  /** Sends `message` with a fresh `id` and resolves with the reply carrying the same `id`. */
  request<Reply>(message: object): Promise<Reply>;
  close(): void;
}

/** Forks `file` (next to this one) under tsx and waits for its first message. */
export async function forkChild<Hello>(
  file: string,
  args: string[],
  nodeFlags: string[] = [],
): Promise<Child<Hello>> {
  const child = fork(fileURLToPath(new URL(file, import.meta.url)), args, {
    execArgv: [...nodeFlags, '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const hello = await new Promise<Hello>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Hello));
    child.once('exit', (code) => reject(new Error(`${file} ${args.join(' ')} exited with ${code}`)));
  });
  let nextId = 0;
  const waiting = new Map<number, (reply: unknown) => void>();
  child.on('message', (m) => {
    const { id } = m as { id?: number };
    if (id === undefined) return;
    waiting.get(id)?.(m);
    waiting.delete(id);
  });
  return {
    hello,
    request<Reply>(message: object) {
      const id = nextId++;
      return new Promise<Reply>((resolve) => {
        waiting.set(id, resolve as (reply: unknown) => void);
        child.send({ ...message, id });
      });
    },
    close() {
      if (child.connected) child.disconnect();
    },
  };
}
