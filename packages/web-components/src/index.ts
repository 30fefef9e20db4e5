/**
 * @trialogue/web-components: Lit elements for Trialogue (`<trialogue-chat>`, `<trialogue-debate>`,
 * `<trialogue-key-manager>`, `<trialogue-model-picker>`, `<trialogue-message>`). Importing this
 * entry registers every element; import a subpath (`@trialogue/web-components/chat`) to pay only for one.
 * @packageDocumentation
 */
export * from './chat/index.js';
export {
  defaultMessages,
  messages,
  onMessagesChange,
  setMessages,
  type TrialogueMessages,
  type TrialogueMessagesOverride,
} from './common/messages.js';
export { themeStyles } from './common/theme.js';
export * from './debate/index.js';
export * from './key-manager/index.js';
export * from './markdown/index.js';
export * from './message/index.js';
export * from './model-picker/index.js';
