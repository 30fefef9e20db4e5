/** What every screen shares: the key store, the registry, the history and a way to tell others about changes. */
import type { KeyStore, Registry } from '@trialogue/core';
import type { SettingsChangeDetail, TrialogueKeyManager } from '@trialogue/web-components/key-manager';
import { type History, openHistory } from '../history/store.js';
import { demoRegistry } from '../models.js';
import { type DemoSettings, demoSettings } from '../settings.js';

export interface AppContext {
  /** The key manager's store: this tab only, or encrypted on this device when the visitor chose that. */
  keys: KeyStore;
  keyManager: TrialogueKeyManager;
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
  const settings = demoSettings(url);
  const keyManager = document.createElement('trialogue-key-manager');
  // Base URLs (the fake server of the tests) before the element first renders.
  keyManager.baseURLs = Object.fromEntries(
    Object.entries(settings).flatMap(([id, s]) => (s.baseURL ? [[id, s.baseURL]] : [])),
  );
  const keys = keyManager.keyStore;
  const listeners = { keys: new Set<() => void>(), history: new Set<() => void>() };
  const emit = (topic: 'keys' | 'history') => {
    for (const listener of listeners[topic]) listener();
  };
  keyManager.addEventListener('trialogue-keys-change', () => emit('keys'));
  keyManager.addEventListener('trialogue-settings-change', (event) => {
    // A local server's address (Ollama, LM Studio) moved: calls follow it.
    const { provider, baseURL } = (event as CustomEvent<SettingsChangeDetail>).detail;
    settings[provider] = { ...settings[provider], ...(baseURL ? { baseURL } : {}) };
  });
  return {
    keys,
    keyManager,
    settings,
    registry: demoRegistry(keys, settings),
    history: await openHistory(),
    keyed: () => keys.list(),
    on: (topic, listener) => listeners[topic].add(listener),
    emit,
  };
}
