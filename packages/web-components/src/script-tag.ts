/**
 * The script-tag entry: everything a plain HTML page needs, in one file (dist/trialogue.js).
 * Registers every element and re-exports the public API (key stores, registry, catalogue,
 * transcripts, debates) so an inline module script can wire properties without a bundler.
 *
 * @example
 * ```html
 * <script type="module" src="/node_modules/@trialogue/web-components/dist/trialogue.js"></script>
 * <trialogue-message label="Claude" text="**Hello** from a model"></trialogue-message>
 * ```
 * @packageDocumentation
 */
export {
  browserSessionKeyStore,
  chainKeyStores,
  encryptedKeyStore,
  memoryKeyStore,
  parseTranscript,
  serializeTranscript,
  TrialogueError,
  toMarkdown,
} from '@trialogue/core';
export { estimateDebate, formats, replayDebate, runDebate } from '@trialogue/debate';
export { allProviders, catalogue, costFor, createRegistry } from '@trialogue/providers';
export * from './index.js';
