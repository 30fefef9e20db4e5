/** What every screen shares: the key store, the registry, the history and a way to tell others about changes. */
import { browserSessionKeyStore, type KeyStore, type Registry } from '@trialogue/core';
import { type History, openHistory } from '../history/store.js';
import { demoRegistry } from '../models.js';
import { type DemoSettings, demoSettings } from '../settings.js';

export interface AppContext {
  keys: KeyStore;
  registry: Registry;
  settings: DemoSettings;
  history: History;
  /** Providers with a key saved now. */
  keyed(): Promise<string[]>;
  /** Screens subscribe to hear that keys or history changed. */
  on(topic: 'keys' | 'history', listener: () => void): void;
  emit(topic: 'keys' | 'history'): void;
}

export async function createContext(url: URL): Promise<AppContext> {
  const keys = browserSessionKeyStore();
  const settings = demoSettings(url);
  const listeners = { keys: new Set<() => void>(), history: new Set<() => void>() };
  return {
    keys,
    settings,
    registry: demoRegistry(keys, settings),
    history: await openHistory(),
    keyed: () => keys.list(),
    on: (topic, listener) => listeners[topic].add(listener),
    emit: (topic) => {
      for (const listener of listeners[topic]) listener();
    },
  };
}
