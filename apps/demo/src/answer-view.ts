import { type StreamEvent, type Usage, formatCost } from '@trialogue/core';

/** One model's column. Model output is untrusted: it is only ever set as text, never as HTML. */
export interface AnswerView {
  element: HTMLElement;
  apply(event: StreamEvent): void;
  fail(message: string): void;
  onStop?: (key: string) => void;
}

/** Cost of a usage in US dollars, when the model's price is known. */
export type CostOf = (usage: Usage) => number | undefined;

export function createAnswerView(ref: string, costOf: CostOf = () => undefined): AnswerView {
  const element = document.createElement('article');
  element.className = 'answer';
  element.dataset.model = ref;
  const title = document.createElement('h3');
  title.textContent = ref;
  const status = document.createElement('p');
  status.className = 'status';
  status.textContent = 'waiting…';
  const reasoning = document.createElement('details');
  reasoning.hidden = true;
  const reasoningSummary = document.createElement('summary');
  reasoningSummary.textContent = 'reasoning';
  const reasoningText = document.createElement('pre');
  reasoning.append(reasoningSummary, reasoningText);
  const text = document.createElement('div');
  text.className = 'text';
  const stop = document.createElement('button');
  stop.type = 'button';
  stop.textContent = 'stop';
  element.append(title, status, reasoning, text, stop);

  const view: AnswerView = {
    element,
    apply(event) {
      switch (event.type) {
        case 'start':
          status.textContent = 'answering…';
          break;
        case 'text-delta':
          text.append(event.text);
          break;
        case 'reasoning-delta':
          reasoning.hidden = false;
          reasoningText.append(event.text);
          break;
        case 'retry':
          status.textContent = `retrying in ${Math.round(event.delayMs / 100) / 10}s (${event.error.kind})`;
          break;
        case 'finish': {
          const u = event.usage;
          const ttft = event.timings.timeToFirstTokenMs;
          const cost = u ? costOf(u) : undefined;
          status.textContent = [
            `done (${event.reason})`,
            u ? `${u.inputTokens} in / ${u.outputTokens} out tokens` : '',
            cost !== undefined ? formatCost(cost) : '',
            ttft !== undefined ? `first token ${ttft} ms` : '',
          ]
            .filter(Boolean)
            .join(' · ');
          stop.remove();
          break;
        }
        case 'error':
          view.fail(event.error.message);
          break;
      }
    },
    fail(message) {
      element.classList.add('failed');
      status.textContent = message;
      stop.remove();
    },
  };
  stop.addEventListener('click', () => view.onStop?.(ref));
  return view;
}
