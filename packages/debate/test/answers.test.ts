import { describe, expect, it } from 'vitest';
import {
  boxedAnswer,
  choiceAnswer,
  defaultAnswer,
  extractAnswer,
  extractConfidence,
  finalAnswerLine,
  jsonAnswer,
  normaliseNumber,
  numberAnswer,
  textAnswer,
} from '../src/index.js';

describe('answer extraction', () => {
  it('reads the last "Final answer:" line, with markdown decoration or on the next line', () => {
    expect(finalAnswerLine('Final answer: 3\nthen\nFinal answer: 4')).toBe('4');
    expect(finalAnswerLine('**Final answer:** Paris')).toBe('Paris');
    expect(finalAnswerLine('Final Answer:\n\n  42  ')).toBe('42');
    expect(finalAnswerLine('no answer here')).toBeUndefined();
  });

  it('treats "1,234.0", "$1234" and "1234." as the same number', () => {
    expect(normaliseNumber('1,234.0')).toBe('1234');
    expect(normaliseNumber('$1234')).toBe('1234');
    expect(normaliseNumber('1234.')).toBe('1234');
    expect(normaliseNumber('-0.50')).toBe('-0.5');
    expect(normaliseNumber('12%')).toBe('12%');
    expect(normaliseNumber('12 apples')).toBeUndefined();
    expect(extractAnswer('Final answer: 1,234.0')).toBe(extractAnswer('Final answer: 1234'));
  });

  it('numberAnswer falls back from the final line to the last number in the text', () => {
    expect(numberAnswer('Final answer: about 17 apples')).toBe('17');
    expect(numberAnswer('So the total is 2,500 and that is it.')).toBe('2500');
    expect(numberAnswer('Final answer: \\boxed{1,000}')).toBe('1000');
    expect(numberAnswer('nothing numeric')).toBeUndefined();
  });

  it('reads \\boxed{} with nested braces', () => {
    expect(boxedAnswer('we get \\boxed{\\frac{1}{2}} and done')).toBe('\\frac{1}{2}');
    expect(defaultAnswer('x = \\boxed{42}')).toBe('42');
  });

  it('reads multiple-choice letters in their usual spellings, and only allowed letters', () => {
    const choice = choiceAnswer('ABCDE');
    expect(choice('Final answer: (b)')).toBe('B');
    expect(choice('Final answer: E) none of these')).toBe('E');
    expect(choice('Final answer: C.')).toBe('C');
    expect(choice('I think the answer is (D) because...')).toBe('D');
    expect(choiceAnswer('ABCD')('Final answer: E')).toBeUndefined();
    expect(choice('The answer is a tricky one.')).toBeUndefined();
    expect(choice('So the answer is (a).')).toBe('A');
  });

  it('reads a JSON field by path, from a fenced block or the last object', () => {
    expect(jsonAnswer('result.value')('```json\n{"result": {"value": "1,234"}}\n```')).toBe('1234');
    expect(jsonAnswer('answer')('blah {"answer": "Yes."} end')).toBe('yes');
    expect(jsonAnswer()('{"b": 1, "a": [2]}')).toBe('{"a":[2],"b":1}');
    expect(jsonAnswer('missing')('{"a": 1}')).toBeUndefined();
  });

  it('normalises free text: case, emphasis, quotes and final punctuation', () => {
    expect(textAnswer('Final answer: **Paris.**')).toBe('paris');
    expect(textAnswer('Some reasoning\n"The  Eiffel Tower"')).toBe('the eiffel tower');
    expect(defaultAnswer('Final answer: Paris!')).toBe(defaultAnswer('final answer: paris'));
  });

  it('reads a confidence line as a fraction or a percentage, clamped', () => {
    expect(extractConfidence('Final answer: 4\nConfidence: 0.8')).toBe(0.8);
    expect(extractConfidence('**Confidence:** 85%')).toBe(0.85);
    expect(extractConfidence('Confidence: 7')).toBe(0.07);
    expect(extractConfidence('no confidence')).toBeUndefined();
  });
});
