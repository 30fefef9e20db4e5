/**
 * The script-tag entry: everything a plain HTML page needs, in one file (dist/trialogue.js).
 * Registers every element and re-exports the public API (key stores, registry, catalogue, sample
 * helpers) so an inline module script can wire properties without a bundler.
 * @packageDocumentation
 */
export * from './index.js';
