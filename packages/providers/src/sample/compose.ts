import type { ChatRequest } from '@trialogue/core';
import type { SamplePersona } from './personas.js';

/** Small FNV-1a hash: the answer, the chunking and the delays all follow from the prompt. */
export function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

const STOPWORDS = new Set(
  'the and for are was not but you how why who its can all any our out has had makes made does about above after again against also because been before being below between both could does doing down during each from further have having here into itself just more most much once only other over same should some such than that their them then there these they this those through under until very were what when where which while whom will with would your yours best better give good make like tell explain question answer please'.split(
    ' ',
  ),
);

/** The question a prompt is about: a debate prompt's `Question:` block, else the last user message. */
function questionOf(request: ChatRequest): string {
  const last = [...request.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const block = /Question:\s*\n([\s\S]*?)(?:\n\s*\n|$)/.exec(last);
  return (block?.[1] ?? last).trim();
}

/** The first two longer words of the question that are not filler: what the answer talks about. */
function topicWords(question: string): [string, string] {
  const words: string[] = [];
  for (const match of question.matchAll(/[A-Za-z][A-Za-z'-]{2,}/g)) {
    const word = match[0].toLowerCase();
    if (!STOPWORDS.has(word) && !words.includes(word)) words.push(word);
  }
  return [words[0] ?? 'context', words[1] ?? (words[0] ? 'context' : 'trade-offs')];
}

const pick = <T>(list: readonly T[], seed: number, salt: number): T =>
  list[((seed >>> (salt % 24)) + salt) % list.length]!;

/** A two-operand sum in the question (`17 * 23`, `what is 12 plus 30`), worked out. */
function arithmetic(question: string): { expression: string; value: number } | undefined {
  const match = /(-?\d+(?:\.\d+)?)\s*(\+|-|\*|\/|x|×|plus|minus|times|divided by)\s*(-?\d+(?:\.\d+)?)/i.exec(
    question,
  );
  if (!match) return undefined;
  const a = Number(match[1]);
  const b = Number(match[3]);
  const op = match[2]!.toLowerCase();
  const value =
    op === '+' || op === 'plus'
      ? a + b
      : op === '-' || op === 'minus'
        ? a - b
        : op === '/' || op === 'divided by'
          ? b === 0
            ? Number.NaN
            : a / b
          : a * b;
  if (!Number.isFinite(value)) return undefined;
  return { expression: `${match[1]} ${op} ${match[3]}`, value: Math.round(value * 1000) / 1000 };
}

/** The `Final answer:` lines of other responses quoted in the prompt (not the instruction's template). */
function quotedAnswers(prompt: string): string[] {
  const answers: string[] = [];
  for (const match of prompt.matchAll(/^[\s>*_#-]*final\s+answer\s*:\s*(.+)$/gim)) {
    const answer = match[1]!.replace(/\*+/g, '').trim();
    if (answer && !answer.includes('<')) answers.push(answer);
  }
  return answers;
}

function mostCommon(answers: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const answer of answers) counts.set(answer, (counts.get(answer) ?? 0) + 1);
  let best: string | undefined;
  for (const [answer, count] of counts) if (!best || count > counts.get(best)!) best = answer;
  return best;
}

/** What this persona answers on its first go, before reading anyone else. */
function ownAnswer(persona: SamplePersona, question: string, seed: number): { answer: string; why: string } {
  const sum = arithmetic(question);
  if (sum) {
    // The contrarian slips on odd prompts, so a debate has an error to catch.
    const slip = persona.contrarian && seed % 2 === 1;
    const value = slip ? sum.value + 1 : sum.value;
    return { answer: String(value), why: `Working it out: ${sum.expression} = ${value}.` };
  }
  const [a, b] = topicWords(question);
  if (/^\s*(is|are|can|could|should|do|does|did|will|would|has|have)\b/i.test(question)) {
    const yes = hashText(question) % 3 !== 0;
    const says = persona.contrarian ? !yes : yes;
    return {
      answer: says ? 'Yes' : 'No',
      why: says
        ? `On balance, yes: the case for **${a}** is stronger than the objections about ${b}.`
        : `On balance, no: the objections about **${b}** outweigh the case for ${a}.`,
    };
  }
  const first = persona.contrarian ? b : a;
  const second = persona.contrarian ? a : b;
  return {
    answer: `${first} matters more than ${second}`,
    why: `The main driver is **${first}**; ${second} shapes the details but not the outcome.`,
  };
}

const POINTS = [
  (a: string) => `Start from **${a}**: most of the effect follows from it.`,
  (_a: string, b: string) =>
    `${b[0]!.toUpperCase()}${b.slice(1)} plays a smaller role, but it changes the details.`,
  () => 'A quick check against the simplest case gives the same result.',
  (a: string) =>
    `If ${a} were different, the conclusion would change too, a sign the reasoning rests on the right cause.`,
  (_a: string, b: string) =>
    `Sources disagree on the size of the ${b} effect; its direction is well established.`,
  () => 'The usual counter-argument assumes conditions that rarely hold in practice.',
  (a: string, b: string) => `Comparing ${a} with ${b} side by side makes the difference plain.`,
];

function body(persona: SamplePersona, question: string, why: string, seed: number): string {
  const [a, b] = topicWords(question);
  const points = [0, 1, 2].map((i) => pick(POINTS, seed, i * 7 + 3)(a, b));
  const unique = [...new Set(points)];
  switch (persona.style) {
    case 'sections':
      return [
        '## Short answer',
        '',
        why,
        '',
        '## Reasoning',
        '',
        ...unique.map((point, i) => `${i + 1}. ${point}`),
      ].join('\n');
    case 'table':
      return [
        why,
        '',
        '| Factor | Weight | Why |',
        '| --- | --- | --- |',
        `| ${a} | high | ${unique[0]!.replace(/\|/g, '/')} |`,
        `| ${b} | medium | ${(unique[1] ?? unique[0]!).replace(/\|/g, '/')} |`,
      ].join('\n');
    case 'caveat': {
      const code = /\b(code|function|program|script|regex|python|javascript|typescript|sql)\b/i.test(
        question,
      );
      return [
        `> A caveat first: this depends on how you define *${a}*.`,
        '',
        why,
        '',
        ...unique.map((point) => `- ${point}`),
        ...(code
          ? [
              '',
              '```js',
              `// a sketch, not tested: ${a}`,
              `function ${a.replace(/[^a-z]/gi, '') || 'answer'}(input) {`,
              '  return input;',
              '}',
              '```',
            ]
          : ['', `A small check: \`${a} > ${b}\` holds in the cases that matter.`]),
      ].join('\n');
    }
    default:
      return [
        `Think of ${a} as the engine and ${b} as the road: both matter, but one sets the pace.`,
        '',
        why,
        '',
        ...unique.map((point, i) => `${i + 1}. ${point}`),
        '',
        `~~It is all about ${b}~~ is the common misconception.`,
      ].join('\n');
  }
}

/** The ranking turn of a council: each `Response X` shown, judged briefly, then `FINAL RANKING:`. */
function ranking(persona: SamplePersona, prompt: string, seed: number): string {
  const head = prompt.slice(0, prompt.search(/FINAL RANKING/i));
  const letters = [...new Set([...head.matchAll(/\bResponse ([A-Z])\b/g)].map((m) => m[1]!))];
  const order = [...letters].sort(
    (x, y) => hashText(`${persona.id}${x}${seed}`) - hashText(`${persona.id}${y}${seed}`),
  );
  return [
    ...letters.map(
      (letter, i) =>
        `- **Response ${letter}**: ${pick(['clear and well argued', 'right direction, thin on evidence', 'careful, a little long', 'concise, skips a step'], seed, i + 1)}.`,
    ),
    '',
    'FINAL RANKING:',
    ...order.map((letter, i) => `${i + 1}. Response ${letter}`),
  ].join('\n');
}

/**
 * The whole answer of a sample persona to a request, decided by the prompt alone: markdown in the
 * persona's style, then `Final answer:` and `Confidence:` lines. Asked to rank responses, it ranks;
 * shown other responses' final answers, it moves to the most common one (so debates converge).
 */
export function composeAnswer(persona: SamplePersona, request: ChatRequest): string {
  const prompt = [request.system ?? '', ...request.messages.map((m) => m.content)].join('\n');
  const last = [...request.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const seed = hashText(`${persona.id}\n${prompt}`);
  if (/FINAL RANKING/i.test(last)) return ranking(persona, last, seed);
  const question = questionOf(request);
  const own = ownAnswer(persona, question, hashText(question));
  const others = quotedAnswers(last);
  const shared = mostCommon(others);
  const followUp = request.messages.some((m) => m.role === 'assistant');
  const opening = shared
    ? shared === own.answer
      ? `Having read the other responses, I keep my answer: ${shared}.\n\n`
      : `Having read the other responses, I now think "${shared}" is right; my first answer was "${own.answer}".\n\n`
    : followUp
      ? 'Following up on what we said so far:\n\n'
      : '';
  const answer = shared ?? own.answer;
  // A blank line between the two, so markdown shows them as two lines, not one paragraph.
  return `${opening}${body(persona, question, own.why, seed)}\n\nFinal answer: ${answer}\n\nConfidence: ${persona.confidence}\n`;
}
