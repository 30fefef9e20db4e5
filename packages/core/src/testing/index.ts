/**
 * Test helpers for code built on Trialogue: a scripted {@link ChatModel}.
 * @packageDocumentation
 */
export {
  type Script,
  type ScriptedModel,
  type ScriptedModelOptions,
  scriptedModel,
} from './scripted-model.js';
