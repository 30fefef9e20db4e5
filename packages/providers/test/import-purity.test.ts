import { afterEach, expect, it, vi } from 'vitest';

/**
 * Importing a package must do nothing observable: no environment variable read, no browser
 * storage touched (`sideEffects: false` promises bundlers exactly that).
 */
const realEnv = process.env;
// Read by Node's module loader and by vitest themselves while importing, not by our code.
const runtimeOwn =
  /^(WATCH_REPORT_DEPENDENCIES|NODE_.*|VITEST.*|VITE_.*|TEST|DEBUG|FORCE_COLOR|NO_COLOR|TZ)$/;
const browserGlobals = ['localStorage', 'sessionStorage', 'crypto', 'navigator', 'document'] as const;

afterEach(() => {
  process.env = realEnv;
  for (const name of browserGlobals) {
    const saved = originals.get(name);
    if (saved) Object.defineProperty(globalThis, name, saved);
    else delete (globalThis as Record<string, unknown>)[name];
  }
});
const originals = new Map<string, PropertyDescriptor | undefined>();

/** Imports the entries afresh and returns every environment variable and browser global touched. */
async function touchedWhileImporting(entries: (() => Promise<unknown>)[]): Promise<string[]> {
  const touched: string[] = [];
  process.env = new Proxy(realEnv, {
    get(target, name) {
      if (typeof name === 'string' && !runtimeOwn.test(name)) touched.push(`process.env.${name}`);
      return Reflect.get(target, name);
    },
    ownKeys(target) {
      touched.push('process.env (listed)');
      return Reflect.ownKeys(target);
    },
  });
  for (const name of browserGlobals) {
    originals.set(name, Object.getOwnPropertyDescriptor(globalThis, name));
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        touched.push(name);
        return undefined;
      },
    });
  }
  vi.resetModules();
  for (const entry of entries) expect(await entry()).toBeTypeOf('object');
  process.env = realEnv;
  return touched;
}

// Core is checked here too: every provider entry imports it, and it imports nothing of ours.
it('importing @trialogue/core and every runtime entry of @trialogue/providers reads no environment and no browser storage', async () => {
  const touched = await touchedWhileImporting([
    () => import('@trialogue/core'),
    () => import('@trialogue/core/testing'),
    () => import('../src/index.js'),
    () => import('../src/openai/index.js'),
    () => import('../src/anthropic/index.js'),
    () => import('../src/google/index.js'),
    () => import('../src/groq/index.js'),
    () => import('../src/openai-compatible/index.js'),
  ]);
  expect(touched).toEqual([]);
});
