/**
 * Test helpers for code built on Trialogue: a scripted {@link @trialogue/core!ChatModel | ChatModel}, and a leak check for keys.
 * @packageDocumentation
 */

export { longestSecretRun } from './leak-check.js';
export {
  type Script,
  type ScriptedModel,
  type ScriptedModelOptions,
  scriptedModel,
} from './scripted-model.js';
