/**
 * Default strings of `<trialogue-chat>` (see ../common/messages.ts). Strings that take values are
 * functions, so a translation can reorder them. Model names, errors and user text are inserted as
 * plain text, never as HTML.
 */
export const chatStrings = {
  /** Accessible name of the whole element. */
  title: 'Chat with several models',
  composerLabel: 'Message',
  composerPlaceholder: 'Ask every model… (Enter sends, Shift+Enter adds a line, Esc stops)',
  send: 'Send',
  sendTo: 'Send to',
  sendToAll: 'All models',
  stopAll: 'Stop all',
  stop: 'Stop',
  retry: 'Retry',
  remove: 'Remove',
  copy: 'Copy answer',
  copied: 'Copied',
  focusPane: 'Focus',
  unfocusPane: 'Show all',
  switchModel: 'Model',
  layout: 'Layout',
  layoutColumns: 'Side by side',
  layoutTabs: 'Tabs',
  layoutStacked: 'Stacked',
  exportJson: 'Export JSON',
  exportMarkdown: 'Export Markdown',
  importTranscript: 'Import',
  noModels: 'No models yet. Set the models property, or a models attribute together with a registry.',
  you: 'You',
  thinking: 'Reasoning',
  typing: (model: string) => `${model} is typing`,
  waiting: 'Waiting for the first token…',
  statusDone: 'Done',
  statusStopped: 'Stopped',
  statusFailed: 'Failed',
  statusStreaming: 'Answering',
  statusWaiting: 'Waiting',
  retrying: (seconds: string, attempt: number) => `Retrying in ${seconds} s (attempt ${attempt})`,
  firstToken: (ms: number) => `first token ${ms} ms`,
  tokens: (input: number, output: number) => `${input} in / ${output} out tokens`,
  started: (model: string) => `${model} started`,
  finished: (model: string) => `${model} finished`,
  stopped: (model: string) => `${model} stopped`,
  failed: (model: string, message: string) => `${model} failed: ${message}`,
  /** What to do next, by error kind; `{provider}` is the provider id. */
  hint: (kind: string, provider: string, retryAfterSeconds?: number): string => {
    switch (kind) {
      case 'auth':
        return `Check the ${provider} API key in your key store, then retry.`;
      case 'permission':
        return `The ${provider} key may not use this model. Pick another model or check the key's access.`;
      case 'quota':
        return `The ${provider} account has no credit left. Add credit or use another key.`;
      case 'rate-limit':
        return retryAfterSeconds !== undefined
          ? `${provider} asks to wait ${retryAfterSeconds} s. Retry after that.`
          : `${provider} is rate limiting this key. Wait a moment, then retry.`;
      case 'overloaded':
        return `${provider} is overloaded right now. Retry in a little while.`;
      case 'network':
      case 'timeout':
      case 'stalled':
        return 'The connection broke off. The text so far is kept; retry to ask again.';
      case 'not-found':
        return 'This model is not available to your key. Switch the model and retry.';
      case 'context-length':
        return 'The conversation is too long for this model. Start a new one or pick a model with a larger context window.';
      default:
        return 'Retry, or switch the model.';
    }
  },
};
