/**
 * Generated token streams in each provider's real wire framing, modelled field for field on the
 * recorded streams in fixtures/provider-streams (same envelopes, same extra fields), so
 * every parser does the work it does against the real API.
 */

/** The wire formats the benchmark streams. */
export const WIRES = [
  'openai',
  'anthropic',
  'google',
  'groq',
  'openai-compatible',
  'openai-responses',
] as const;
export type Wire = (typeof WIRES)[number];

/** The `n`th token of the scripted answer: a word with its leading space, 2 to 9 characters. */
export function token(n: number): string {
  const words = [
    'The',
    'quick',
    'brown',
    'fox',
    'jumps',
    'over',
    'the',
    'lazy',
    'dog',
    'and',
    'keeps',
    'running',
  ];
  return (n === 0 ? '' : ' ') + words[n % words.length]!;
}

/** The full text of a `tokens`-token answer. */
export function answerText(tokens: number): string {
  let text = '';
  for (let i = 0; i < tokens; i++) text += token(i);
  return text;
}

const sse = (data: unknown, event?: string, eol = '\n') =>
  (event ? `event: ${event}${eol}` : '') +
  `data: ${typeof data === 'string' ? data : JSON.stringify(data)}${eol}${eol}`;

function openaiChat(tokens: number, flavour: 'openai' | 'groq' | 'openai-compatible'): string[] {
  const envelope =
    flavour === 'groq'
      ? {
          id: 'chatcmpl-7eb08824-fb8d-47af-a1f0-3aa786f2d1f3',
          object: 'chat.completion.chunk',
          created: 1770770839,
          model: 'llama-3.3-70b-versatile',
          system_fingerprint: 'fp_f8b414701e',
        }
      : flavour === 'openai'
        ? {
            id: 'chatcmpl-D8Z5oo6uDh67AD85p73ksdT1KxhE0',
            object: 'chat.completion.chunk',
            created: 1770933892,
            model: 'gpt-4.1-nano-2025-04-14',
            service_tier: 'default',
            system_fingerprint: 'fp_de604bd877',
          }
        : {
            id: 'f6117a0b-129d-46fa-b239-78f01c2c5df9',
            object: 'chat.completion.chunk',
            created: 1764657993,
            model: 'deepseek-chat',
            system_fingerprint: 'fp_eaab8d114b_prod0820_fp8_kvcache',
          };
  const tail = (extra: Record<string, unknown>) =>
    flavour === 'openai'
      ? { ...extra, usage: null, obfuscation: 'yhjoJbEF' }
      : flavour === 'openai-compatible'
        ? { ...extra, usage: null }
        : extra;
  const events = [
    sse({
      ...envelope,
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }],
      ...tail({}),
    }),
  ];
  for (let i = 0; i < tokens; i++) {
    events.push(
      sse({
        ...envelope,
        choices: [{ index: 0, delta: { content: token(i) }, logprobs: null, finish_reason: null }],
        ...tail({}),
      }),
    );
  }
  const usage = { prompt_tokens: 16, completion_tokens: tokens, total_tokens: tokens + 16 };
  if (flavour === 'groq') {
    events.push(
      sse({
        ...envelope,
        choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }],
        x_groq: { id: 'req_01kh52ndshfr2azv0xe6tnv4fx', usage },
        usage,
      }),
    );
  } else {
    events.push(
      sse({
        ...envelope,
        choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }],
        ...tail({}),
      }),
    );
    events.push(sse({ ...envelope, choices: [], usage }));
  }
  events.push(sse('[DONE]'));
  return events;
}

function anthropic(tokens: number): string[] {
  const events = [
    sse(
      {
        type: 'message_start',
        message: {
          model: 'claude-sonnet-4-5-20250929',
          id: 'msg_01QC4g3HwBThD4BaNtBckFDJ',
          type: 'message',
          role: 'assistant',
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: {
            input_tokens: 12,
            cache_creation_input_tokens: 0,
            cache_read_input_tokens: 0,
            output_tokens: 1,
            service_tier: 'standard',
          },
        },
      },
      'message_start',
    ),
    sse(
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      'content_block_start',
    ),
    sse({ type: 'ping' }, 'ping'),
  ];
  for (let i = 0; i < tokens; i++) {
    events.push(
      sse(
        { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: token(i) } },
        'content_block_delta',
      ),
    );
  }
  events.push(sse({ type: 'content_block_stop', index: 0 }, 'content_block_stop'));
  events.push(
    sse(
      {
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { output_tokens: tokens },
      },
      'message_delta',
    ),
  );
  events.push(sse({ type: 'message_stop' }, 'message_stop'));
  return events;
}

function google(tokens: number): string[] {
  const events: string[] = [];
  const usage = (n: number) => ({
    promptTokenCount: 9,
    candidatesTokenCount: n,
    totalTokenCount: n + 9,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: 9 }],
  });
  for (let i = 0; i < tokens; i++) {
    const candidate: Record<string, unknown> = {
      content: { parts: [{ text: token(i) }], role: 'model' },
      index: 0,
    };
    if (i === tokens - 1) candidate.finishReason = 'STOP';
    events.push(
      sse(
        {
          candidates: [candidate],
          usageMetadata: usage(i + 1),
          modelVersion: 'gemini-2.5-flash',
          responseId: 'bH6LaZW8Fp_3nsEPqtaSwQ4',
        },
        undefined,
        '\r\n',
      ),
    );
  }
  return events;
}

function openaiResponses(tokens: number): string[] {
  const id = 'resp_0a63f40a2632b74300699f8818e5648196a8fa657ae8091421';
  const itemId = 'msg_0a63f40a2632b74300699f8819a5e08196ac270722d369af5a';
  const response = (status: string, output: unknown[], usage: unknown) => ({
    id,
    object: 'response',
    created_at: 1772062745,
    status,
    model: 'gpt-5-mini',
    output,
    service_tier: 'auto',
    usage,
  });
  let seq = 0;
  const ev = (payload: Record<string, unknown>) =>
    sse({ ...payload, sequence_number: seq++ }, payload.type as string);
  const events = [
    ev({ type: 'response.created', response: response('in_progress', [], null) }),
    ev({ type: 'response.in_progress', response: response('in_progress', [], null) }),
    ev({
      type: 'response.output_item.added',
      item: { id: itemId, type: 'message', status: 'in_progress', content: [], role: 'assistant' },
      output_index: 0,
    }),
    ev({
      type: 'response.content_part.added',
      content_index: 0,
      item_id: itemId,
      output_index: 0,
      part: { type: 'output_text', annotations: [], logprobs: [], text: '' },
    }),
  ];
  for (let i = 0; i < tokens; i++) {
    events.push(
      ev({
        type: 'response.output_text.delta',
        content_index: 0,
        delta: token(i),
        item_id: itemId,
        output_index: 0,
        logprobs: [],
      }),
    );
  }
  const text = answerText(tokens);
  const part = { type: 'output_text', annotations: [], logprobs: [], text };
  const item = { id: itemId, type: 'message', status: 'completed', content: [part], role: 'assistant' };
  events.push(
    ev({
      type: 'response.output_text.done',
      content_index: 0,
      item_id: itemId,
      logprobs: [],
      output_index: 0,
      text,
    }),
  );
  events.push(
    ev({ type: 'response.content_part.done', content_index: 0, item_id: itemId, output_index: 0, part }),
  );
  events.push(ev({ type: 'response.output_item.done', item, output_index: 0 }));
  events.push(
    ev({
      type: 'response.completed',
      response: response('completed', [item], {
        input_tokens: 16,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: tokens,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: tokens + 16,
      }),
    }),
  );
  return events;
}

/** The server-sent events of a `tokens`-token answer in `wire`'s framing, one string per event. */
export function wireEvents(wire: Wire, tokens: number): string[] {
  switch (wire) {
    case 'openai':
    case 'groq':
    case 'openai-compatible':
      return openaiChat(tokens, wire);
    case 'anthropic':
      return anthropic(tokens);
    case 'google':
      return google(tokens);
    case 'openai-responses':
      return openaiResponses(tokens);
  }
}

/** Which wire a request path speaks, from the path suffix every real API uses. */
export function wireOfPath(path: string): Wire | undefined {
  if (path.includes('/responses')) return 'openai-responses';
  if (path.includes('/messages')) return 'anthropic';
  if (path.includes(':streamGenerateContent')) return 'google';
  if (path.startsWith('/groq/')) return 'groq';
  if (path.startsWith('/openai-compatible/')) return 'openai-compatible';
  if (path.includes('/chat/completions')) return 'openai';
  return undefined;
}
