export { extractConfidence } from './confidence.js';
export {
  type AnswerExtractor,
  boxedAnswer,
  choiceAnswer,
  defaultAnswer,
  extractAnswer,
  finalAnswerLine,
  jsonAnswer,
  lastBoxed,
  numberAnswer,
  textAnswer,
} from './extract.js';
export { normaliseAnswer, normaliseNumber, normaliseText } from './normalise.js';
