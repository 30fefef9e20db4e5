/**
 * Whether an OpenAI model takes a reasoning effort. GPT-4-family and GPT-3.5 models reject the
 * parameter, so a debate can ask every participant to reason without failing on those; any other
 * id (o-series, gpt-5, newer models) gets it.
 */
export function takesReasoningEffort(modelId: string): boolean {
  return !/^(gpt-4|gpt-3\.5|chatgpt-)/.test(modelId);
}
