/**
 * Debate: pick a format, participants, a judge or chair, rounds and a budget; see the estimate; watch
 * rounds and turns stream in; stop at any time; continue with a follow-up. Every finished turn is
 * saved to the history as it ends.
 */
import {
  type ChatModel,
  createTranscript,
  formatCost,
  type Transcript,
  TrialogueError,
} from '@trialogue/core';
import {
  type DebateEvent,
  type DebateHandle,
  type DebateOptions,
  estimateDebate,
  type FormatName,
  type Participant,
  runDebate,
} from '@trialogue/debate';
import type { AppContext } from '../app/context.js';
import { defaultSelection, demoCatalogue, displayName, modelChoices } from '../models.js';
import { announce, button, h } from '../views/dom.js';
import { messageView } from '../views/message.js';
import { errorText } from '../views/pane.js';
import { modelPicker } from '../views/picker.js';

const FORMATS: {
  name: FormatName;
  label: string;
  rounds?: 'rounds' | 'layers';
  judge?: 'judge' | 'chair';
}[] = [
  { name: 'roundtable', label: 'Roundtable: answer, review, consensus' },
  { name: 'society', label: 'Society of minds: rounds of revision', rounds: 'rounds' },
  { name: 'council', label: 'Council: anonymous peer ranking, then a chair', judge: 'chair' },
  { name: 'moa', label: 'Mixture of agents: layers, then an aggregator', rounds: 'layers', judge: 'chair' },
  {
    name: 'adversarial',
    label: 'Adversarial: sides argue, a judge decides',
    rounds: 'rounds',
    judge: 'judge',
  },
  { name: 'conversation', label: 'Conversation: free turn-taking', rounds: 'rounds' },
  { name: 'vote', label: 'Vote: independent answers, majority wins' },
];

const letters = 'abcdef';

export function debateScreen(root: HTMLElement, app: AppContext): void {
  const format = h('select', { id: 'debate-format' });
  for (const f of FORMATS) format.append(h('option', { value: f.name }, f.label));
  const judge = h('select', { id: 'debate-judge' });
  const judgeLabel = h('label', { class: 'field' }, h('span', {}, 'Judge'), judge);
  const rounds = h('input', { id: 'debate-rounds', type: 'number', min: '1', max: '6', value: '2' });
  const roundsLabel = h('label', { class: 'field' }, h('span', {}, 'Rounds'), rounds);
  const maxCost = h('input', {
    id: 'debate-max-cost',
    type: 'number',
    min: '0',
    step: '0.01',
    placeholder: 'no limit',
  });
  const maxTokens = h('input', {
    id: 'debate-max-tokens',
    type: 'number',
    min: '0',
    step: '1000',
    placeholder: 'no limit',
  });
  const question = h('textarea', {
    id: 'debate-question',
    rows: '2',
    placeholder: 'The question to debate (Enter starts)',
    'aria-label': 'Question',
  });
  const estimate = h('output', { id: 'debate-estimate', class: 'estimate' });
  const start = h('button', { type: 'submit', class: 'primary', id: 'debate-start' }, 'Start debate');
  const stop = button('Stop', () => handle?.stop(), { id: 'debate-stop', disabled: true });
  const live = h('div', { class: 'debate-live', id: 'debate-live' });
  const outcome = h('div', { class: 'outcome', id: 'debate-outcome', role: 'status' });
  let keyedNow: string[] = [];
  const picker = modelPicker({
    name: 'Participants',
    choices: () => modelChoices(keyedNow),
    selected: [],
    max: 6,
    onChange: () => void refreshSetup(),
  });
  const form = h(
    'form',
    { class: 'debate-setup', id: 'debate-form' },
    h('div', { class: 'toolbar' }, picker.element),
    h(
      'div',
      { class: 'fields' },
      h('label', { class: 'field' }, h('span', {}, 'Format'), format),
      judgeLabel,
      roundsLabel,
      h('label', { class: 'field' }, h('span', {}, 'Max cost ($)'), maxCost),
      h('label', { class: 'field' }, h('span', {}, 'Max tokens'), maxTokens),
    ),
    question,
    h('div', { class: 'composer-row' }, start, stop, estimate),
  );
  root.append(form, outcome, live);

  let handle: DebateHandle | undefined;
  let previous: Transcript | undefined;

  const spec = () => FORMATS.find((f) => f.name === format.value)!;

  async function resolveAll(refs: string[]): Promise<ChatModel[]> {
    return Promise.all(refs.map((ref) => app.registry.resolve(ref)));
  }

  async function options(text: string): Promise<DebateOptions> {
    const refs = picker.selected();
    const models = await resolveAll(refs);
    const participants: Participant[] = models.map((model, i) => ({
      id: letters[i]!,
      model,
      label: displayName(refs[i]!).replace(/ \(offline sample, not a real model\)/, ''),
    }));
    const f = spec();
    const result: DebateOptions = {
      question: text,
      participants,
      format: f.name,
      catalogue: demoCatalogue,
      ...(previous ? { history: previous } : {}),
    };
    if (f.rounds) result.formatOptions = { [f.rounds]: Number(rounds.value) || 2 };
    if (f.judge && (judge.value !== 'auto' || f.judge === 'judge')) {
      const ref = judge.value === 'auto' ? refs[refs.length - 1]! : judge.value;
      const model = await app.registry.resolve(ref);
      result[f.judge] = {
        id: f.judge,
        model,
        label: `${displayName(ref).replace(/ \(offline sample, not a real model\)/, '')} (${f.judge})`,
      };
    }
    const budget: DebateOptions['budget'] = {};
    if (Number(maxCost.value) > 0) budget.maxCostUsd = Number(maxCost.value);
    if (Number(maxTokens.value) > 0) budget.maxTokens = Number(maxTokens.value);
    if (Object.keys(budget).length) result.budget = budget;
    return result;
  }

  async function refreshSetup() {
    const f = spec();
    roundsLabel.hidden = !f.rounds;
    judgeLabel.hidden = !f.judge;
    judgeLabel.firstElementChild!.textContent = f.judge === 'chair' ? 'Chair' : 'Judge';
    const current = judge.value;
    judge.replaceChildren(
      ...(f.judge === 'chair' ? [h('option', { value: 'auto' }, 'Best ranked member')] : []),
      ...modelChoices(keyedNow)
        .filter((c) => c.sample || picker.selected().includes(c.ref) || keyedNow.includes(c.provider))
        .map((c) => h('option', { value: c.ref }, c.label)),
    );
    if ([...judge.options].some((o) => o.value === current)) judge.value = current;
    else if (f.judge === 'judge') judge.value = picker.selected().at(-1) ?? judge.options[0]?.value ?? '';
    try {
      const estimated = estimateDebate(await options(question.value.trim() || 'A question'));
      estimate.textContent = `Estimate: ${estimated.calls} calls, about ${(estimated.inputTokens + estimated.outputTokens).toLocaleString('en')} tokens${estimated.costUsd !== undefined ? `, about ${formatCost(estimated.costUsd) || '$0'}` : ''}.`;
      estimate.classList.remove('problem');
    } catch (error) {
      estimate.textContent = TrialogueError.is(error) ? errorText(error) : String(error);
      estimate.classList.add('problem');
    }
  }

  format.addEventListener('change', () => void refreshSetup());
  for (const field of [judge, rounds, maxCost, maxTokens])
    field.addEventListener('change', () => void refreshSetup());

  /** Cards by turn id, rounds by number. */
  const cards = new Map<
    string,
    { card: HTMLElement; text: string; set: (t: string, s: boolean) => void; scheduled: boolean }
  >();
  const roundSections = new Map<string, HTMLElement>();
  let names = new Map<string, string>();

  function roundSection(round: number, phase: string): HTMLElement {
    const key = `${round}:${phase}`;
    let section = roundSections.get(key);
    if (!section) {
      section = h(
        'section',
        { class: 'round', 'data-round': String(round) },
        h('h3', {}, `Round ${round} · ${phase}`),
        h('div', { class: 'cards' }),
      );
      roundSections.set(key, section);
      live.append(section);
    }
    return section;
  }

  function note(round: number, text: string) {
    const section =
      [...roundSections.entries()].reverse().find(([key]) => key.startsWith(`${round}:`))?.[1] ?? live;
    section.append(h('p', { class: 'note' }, text));
  }

  function apply(event: DebateEvent, partial: Transcript) {
    switch (event.type) {
      case 'run-start':
        names = new Map(event.participants.map((p) => [p.id, p.label ?? p.id]));
        partial.participants = event.participants;
        break;
      case 'round-start':
        roundSection(event.round, event.phase);
        break;
      case 'turn-start': {
        const view = messageView();
        const status = h('p', { class: 'status' }, 'Answering…');
        const card = h(
          'article',
          {
            class: 'turn',
            'data-turn': event.turnId,
            'data-participant': event.participantId,
            'data-status': 'streaming',
            'aria-busy': 'true',
          },
          h(
            'h4',
            {},
            names.get(event.participantId) ?? event.participantId,
            h('small', {}, ` · ${event.phase}`),
          ),
          status,
          view.element,
        );
        roundSection(event.round, event.phase).querySelector('.cards')!.append(card);
        cards.set(event.turnId, { card, text: '', set: view.set, scheduled: false });
        announce(`${names.get(event.participantId) ?? event.participantId} started`);
        break;
      }
      case 'turn-delta': {
        const entry = cards.get(event.turnId);
        if (!entry || event.kind !== 'text') break;
        entry.text += event.text;
        if (!entry.scheduled) {
          entry.scheduled = true;
          requestAnimationFrame(() => {
            entry.scheduled = false;
            entry.set(entry.text, true);
          });
        }
        break;
      }
      case 'turn-end':
      case 'turn-error': {
        const entry = cards.get(event.turnId);
        const failed = event.type === 'turn-error';
        if (entry) {
          entry.set(event.text, false);
          entry.card.dataset.status = failed
            ? event.error.kind === 'aborted'
              ? 'stopped'
              : 'failed'
            : 'done';
          entry.card.setAttribute('aria-busy', 'false');
          const status = entry.card.querySelector('.status')!;
          if (failed) {
            status.textContent = event.error.kind === 'aborted' ? 'Stopped' : 'Failed';
            entry.card.append(h('p', { class: 'error', role: 'alert' }, errorText(event.error)));
          } else {
            const bits = ['Done'];
            if (event.answer) bits.push(`answer: ${event.answer}`);
            if (event.confidence !== undefined) bits.push(`confidence ${event.confidence}`);
            if (event.usage) bits.push(`${event.usage.totalTokens} tokens`);
            status.textContent = bits.join(' · ');
          }
        }
        announce(
          `${names.get(event.participantId) ?? event.participantId} ${failed ? 'failed' : 'finished'}`,
        );
        partial.turns.push({
          id: event.turnId,
          participantId: event.participantId,
          role: 'assistant',
          text: event.text,
          round: event.round,
          phase: event.phase,
          ...(event.usage ? { usage: event.usage } : {}),
          ...(event.type === 'turn-end'
            ? { finishReason: event.finishReason, ...(event.cost !== undefined ? { cost: event.cost } : {}) }
            : { error: event.error }),
        });
        void saveQuietly(partial);
        break;
      }
      case 'vote':
        note(
          event.round,
          `Vote: ${event.tally.map((t) => `${t.answer} (${t.voters.length})`).join(', ') || 'no answers'}${event.winner ? ` → ${event.winner}` : ''}`,
        );
        break;
      case 'ranking':
        note(
          event.round,
          `Ranking${event.rankerId ? ` by ${names.get(event.rankerId) ?? event.rankerId}` : ''}: ${event.ranking.map((id) => names.get(id) ?? id).join(' > ')}`,
        );
        break;
      case 'consensus-check':
        note(event.round, event.agreed ? 'Consensus reached.' : 'No consensus yet.');
        break;
      case 'run-end': {
        const cost = event.cost !== undefined ? ` · ${formatCost(event.cost) || '$0'}` : '';
        outcome.replaceChildren(
          h('h3', {}, 'Outcome'),
          h(
            'p',
            { class: 'answer-line' },
            event.outcome.answer ? `Answer: ${event.outcome.answer}` : 'No answer.',
          ),
          h(
            'p',
            { class: 'why' },
            `Stopped because: ${event.stopReason}${event.outcome.decidedBy ? ` · decided by ${names.get(event.outcome.decidedBy) ?? event.outcome.decidedBy}` : ''} · ${event.calls} calls${cost}`,
          ),
        );
        announce(`Debate ended: ${event.stopReason}`);
        break;
      }
    }
  }

  async function saveQuietly(transcript: Transcript) {
    try {
      await app.history.save(transcript, 'debate');
      app.emit('history');
    } catch {
      // No IndexedDB (a private window): the debate still runs.
    }
  }

  async function begin() {
    const text = question.value.trim();
    if (!text || handle) return;
    let opts: DebateOptions;
    try {
      opts = await options(text);
      estimateDebate(opts); // validates like runDebate, before any call
    } catch (error) {
      estimate.textContent = TrialogueError.is(error) ? errorText(error) : String(error);
      estimate.classList.add('problem');
      return;
    }
    const controller = runDebate(opts);
    handle = controller;
    start.disabled = true;
    stop.disabled = false;
    // A follow-up's rounds number from 1 again: new sections below the earlier ones.
    roundSections.clear();
    cards.clear();
    if (!previous) live.replaceChildren();
    else live.append(h('h3', { class: 'follow-up' }, `Follow-up: ${text}`));
    outcome.replaceChildren();
    // Saved as turns end: a follow-up keeps the earlier exchanges in the same history entry.
    const partial: Transcript = previous
      ? { ...structuredClone(previous), turns: [...previous.turns] }
      : createTranscript({ id: controller.runId, kind: 'debate', mode: spec().name, title: text });
    partial.turns.push({ id: `q-${controller.runId}`, participantId: 'user', role: 'user', text });
    for await (const event of controller) apply(event, partial);
    const result = await controller.result;
    // The engine's transcript of a continued run keeps the earlier exchanges and their id.
    const final = result.transcript;
    previous = final;
    await saveQuietly(final);
    handle = undefined;
    start.disabled = false;
    stop.disabled = true;
    start.textContent = 'Continue with this follow-up';
    question.value = '';
    question.placeholder = 'A follow-up to the same panel (Enter continues)';
  }

  const restart = button('New debate', () => {
    handle?.stop();
    previous = undefined;
    live.replaceChildren();
    outcome.replaceChildren();
    roundSections.clear();
    start.textContent = 'Start debate';
    question.placeholder = 'The question to debate (Enter starts)';
  });
  form.querySelector('.composer-row')!.append(restart);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void begin();
  });
  question.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void begin();
    }
  });
  question.addEventListener('change', () => void refreshSetup());

  async function refreshKeys() {
    const before = keyedNow;
    keyedNow = await app.keyed();
    if (picker.selected().length === 0 || picker.selected().join() === defaultSelection(before).join())
      picker.set(defaultSelection(keyedNow));
    else picker.refresh();
    await refreshSetup();
  }
  app.on('keys', () => void refreshKeys());
  void refreshKeys();
}
