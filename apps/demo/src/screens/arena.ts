/**
 * Arena: two (or more) anonymous models answer the same prompt; the visitor votes; only then are the
 * names shown. Votes build a local Bradley-Terry leaderboard (see ../arena/leaderboard.ts).
 */
import { type ChatModel, type TerminalEvent, TrialogueError, transcriptBuilder } from '@trialogue/core';
import type { AppContext } from '../app/context.js';
import { rate } from '../arena/leaderboard.js';
import { letterOf, pickContenders, type RoundVerdict, votesFromVerdict } from '../arena/round.js';
import { demoCatalogue, displayName, SAMPLE_REFS } from '../models.js';
import { button, h } from '../views/dom.js';
import { PaneView } from '../views/pane.js';
import { modelPicker } from '../views/picker.js';

export function arenaScreen(root: HTMLElement, app: AppContext): void {
  const pool = modelPicker({
    name: 'Arena pool',
    app,
    selected: SAMPLE_REFS,
    max: 12,
  });
  const count = h('select', { id: 'arena-count', 'aria-label': 'Models per round' });
  for (const n of [2, 3, 4]) count.append(h('option', { value: String(n) }, `${n} models`));
  const prompt = h('textarea', {
    id: 'arena-prompt',
    rows: '2',
    placeholder: 'A prompt for the anonymous models (Enter sends)',
    'aria-label': 'Arena prompt',
  });
  const go = h('button', { type: 'submit', class: 'primary', id: 'arena-go' }, 'Ask anonymously');
  const problem = h('p', { class: 'error', role: 'alert', id: 'arena-problem' });
  const panesElement = h('div', { class: 'panes arena-panes', id: 'arena-panes' });
  const votes = h('div', { class: 'vote-bar', id: 'arena-vote', role: 'group', 'aria-label': 'Your vote' });
  const reveal = h('p', { class: 'reveal', id: 'arena-reveal', role: 'status' });
  const board = h('table', { class: 'leaderboard', id: 'leaderboard' });
  const form = h(
    'form',
    { class: 'composer', id: 'arena-form' },
    prompt,
    h('div', { class: 'composer-row' }, count, go),
  );
  root.append(
    h('div', { class: 'toolbar' }, pool.element),
    form,
    problem,
    panesElement,
    votes,
    reveal,
    h('h3', {}, 'Your leaderboard'),
    h(
      'p',
      { class: 'hint' },
      'Bradley-Terry ratings from your own votes in this browser (1000 is average; the votes column is the evidence behind each rating).',
    ),
    board,
  );

  let round:
    | { contenders: string[]; panes: PaneView[]; ended: TerminalEvent[]; question: string }
    | undefined;

  async function renderBoard() {
    const rows = rate(await app.history.votes());
    board.replaceChildren(
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['#', 'Model', 'Rating', 'Votes', 'W / L / T'].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h(
        'tbody',
        {},
        ...(rows.length
          ? rows.map((row, i) =>
              h(
                'tr',
                { 'data-model': row.model },
                h('td', {}, String(i + 1)),
                h('td', {}, displayName(row.model)),
                h('td', { class: 'rating' }, String(row.rating)),
                h('td', { class: 'votes' }, String(row.votes)),
                h('td', {}, `${row.wins} / ${row.losses} / ${row.ties}`),
              ),
            )
          : [h('tr', {}, h('td', { colspan: '5' }, 'No votes yet.'))]),
      ),
    );
  }

  function setVoting(enabled: boolean) {
    for (const b of votes.querySelectorAll('button')) b.disabled = !enabled;
  }

  async function vote(verdict: RoundVerdict) {
    if (!round || round.ended.length < round.panes.length) return;
    const current = round;
    round = undefined;
    setVoting(false);
    const at = new Date().toISOString();
    const builder = transcriptBuilder({
      kind: 'chat',
      mode: 'arena',
      catalogue: demoCatalogue,
      meta: { arena: { verdict, order: current.contenders } },
    });
    builder.addUserTurn(current.question);
    current.contenders.forEach((ref, i) => {
      const [provider, ...rest] = ref.split(':');
      builder.addParticipant({
        id: letterOf(i).toLowerCase(),
        provider: provider ?? '',
        modelId: rest.join(':'),
        label: `Model ${letterOf(i)}: ${displayName(ref)}`,
      });
      const recorder = builder.startTurn({ participantId: letterOf(i).toLowerCase() });
      recorder.push(current.ended[i]!);
    });
    const transcript = builder.finish({
      stopReason: 'voted',
      details: { verdict: typeof verdict === 'object' ? letterOf(verdict.winner) : verdict },
    });
    await app.history.addVotes(transcript.id, votesFromVerdict(current.contenders, verdict, at));
    await app.history.save(transcript, 'arena');
    app.emit('history');
    for (const [i, pane] of current.panes.entries()) {
      pane.setName(`Model ${letterOf(i)} was ${displayName(current.contenders[i]!)}`, current.contenders[i]!);
      pane.reveal();
    }
    reveal.textContent = `Revealed: ${current.contenders.map((ref, i) => `${letterOf(i)} = ${displayName(ref)}`).join(', ')}.`;
    await renderBoard();
    prompt.focus();
  }

  async function ask() {
    problem.textContent = '';
    const question = prompt.value.trim();
    if (!question || round) return;
    let contenders: string[];
    let models: ChatModel[];
    try {
      contenders = pickContenders(pool.selected(), Number(count.value));
      models = await Promise.all(contenders.map((ref) => app.registry.resolve(ref)));
    } catch (error) {
      problem.textContent = TrialogueError.is(error) ? error.message : (error as Error).message;
      return;
    }
    reveal.textContent = '';
    const panes = contenders.map(
      (_ref, i) =>
        new PaneView(`arena-${letterOf(i)}`, `anonymous:${letterOf(i)}`, `Model ${letterOf(i)}`, {}),
    );
    for (const pane of panes) {
      pane.element.dataset.model = 'hidden';
      pane.element.querySelector('.pane-actions')?.replaceChildren();
      pane.addQuestion(question);
    }
    panesElement.dataset.count = String(panes.length);
    panesElement.replaceChildren(...panes.map((p) => p.element));
    const current = { contenders, panes, ended: [] as TerminalEvent[], question };
    round = current;
    votes.replaceChildren(
      ...panes.map((_, i) =>
        button(`${letterOf(i)} is better`, () => void vote({ winner: i }), { 'data-vote': letterOf(i) }),
      ),
      button('Tie', () => void vote('tie'), { 'data-vote': 'tie' }),
      button('Both bad', () => void vote('both-bad'), { 'data-vote': 'both-bad' }),
    );
    setVoting(false);
    prompt.value = '';
    const ended = await Promise.all(
      panes.map((pane, i) =>
        pane.run(
          models[i]!,
          { messages: [{ role: 'user', content: question }] },
          pane.startAnswer({ anonymous: true }),
        ),
      ),
    );
    current.ended = ended;
    if (round === current) setVoting(true);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void ask();
  });
  prompt.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void ask();
    }
  });
  app.on('history', () => void renderBoard());
  app.on('keys', () => pool.refresh());
  void renderBoard();
}
