import { type ChatModel, TrialogueError, browserSessionKeyStore, fanOut } from '@trialogue/core';
import { allProviders, costFor, createRegistry } from '@trialogue/providers';
import { type AnswerView, createAnswerView } from './answer-view.js';
import { demoSettings } from './settings.js';

const keys = browserSessionKeyStore();
const settings = demoSettings(new URL(location.href));
const registry = createRegistry({ keys, settings });

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const providerSelect = $<HTMLSelectElement>('key-provider');
const keyInput = $<HTMLInputElement>('key-value');
const keyStatus = $<HTMLParagraphElement>('key-status');
const keyList = $<HTMLUListElement>('key-list');
const modelsInput = $<HTMLTextAreaElement>('models');
const questionInput = $<HTMLTextAreaElement>('question');
const askButton = $<HTMLButtonElement>('ask-button');
const stopButton = $<HTMLButtonElement>('stop-button');
const askError = $<HTMLParagraphElement>('ask-error');
const answers = $<HTMLElement>('answers');

for (const factory of allProviders) {
  const option = document.createElement('option');
  option.value = factory.id;
  option.textContent = factory.id;
  providerSelect.append(option);
}
modelsInput.value =
  localStorage.getItem('trialogue.models') ??
  'openai:gpt-4.1-mini\nanthropic:claude-haiku-4-5\ngoogle:gemini-2.5-flash';

async function renderKeys() {
  const ids = await keys.list();
  keyList.replaceChildren(
    ...ids.map((id) => {
      const item = document.createElement('li');
      const forget = document.createElement('button');
      forget.type = 'button';
      forget.textContent = 'forget';
      forget.addEventListener('click', async () => {
        await keys.delete(id);
        await renderKeys();
      });
      item.append(`${id}: key set `, forget);
      return item;
    }),
  );
}

$<HTMLFormElement>('key-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    await keys.set(providerSelect.value, keyInput.value.trim());
    keyStatus.textContent = `Saved the ${providerSelect.value} key for this tab.`;
    keyInput.value = '';
    await renderKeys();
  } catch (error) {
    keyStatus.textContent = TrialogueError.is(error) ? error.message : 'Could not save the key.';
  }
});

let current: { stop(key?: string): void } | undefined;
stopButton.addEventListener('click', () => current?.stop());

$<HTMLFormElement>('ask-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  askError.textContent = '';
  const refs = modelsInput.value
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const question = questionInput.value.trim();
  if (!question) {
    askError.textContent = 'Write a question first.';
    return;
  }
  localStorage.setItem('trialogue.models', refs.join('\n'));
  const models: Record<string, ChatModel> = {};
  const views = new Map<string, AnswerView>();
  answers.replaceChildren();
  for (const ref of refs) {
    // Priced by the resolved model's own ids (a malformed reference fails below, in its column).
    const view = createAnswerView(ref, (usage) => {
      const model = models[ref];
      return model ? costFor(model.provider, model.modelId, usage) : undefined;
    });
    views.set(ref, view);
    answers.append(view.element);
    try {
      models[ref] = await registry.resolve(ref);
    } catch (error) {
      view.fail(
        TrialogueError.is(error) && error.code === 'missing-key'
          ? `No key for ${error.provider}. Choose ${error.provider} under Keys above, paste its key and ask again.`
          : TrialogueError.is(error)
            ? error.message
            : String(error),
      );
    }
  }
  if (Object.keys(models).length === 0) return;
  askButton.disabled = true;
  stopButton.disabled = false;
  const run = fanOut(models, { messages: [{ role: 'user', content: question }] });
  current = run;
  for (const view of views.values()) view.onStop = (key) => run.stop(key);
  try {
    for await (const { key, event } of run) views.get(key)?.apply(event);
  } finally {
    askButton.disabled = false;
    stopButton.disabled = true;
    current = undefined;
  }
});

void renderKeys();
