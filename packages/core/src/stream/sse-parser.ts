/** One server-sent event as a provider mapper sees it. */
export interface SseMessage {
  /** The `event:` field, when the server sent one. */
  event?: string;
  /** The `data:` field (several `data:` lines joined by `\n`). */
  data: string;
  /** The `id:` field of this event, when the server sent one. */
  id?: string;
}

/** An incremental `text/event-stream` parser: feed it decoded text in any slices. */
export interface SseParser {
  /** Parses the next slice; calls `onMessage` for every event it completes. */
  feed(text: string): void;
  /** The body ended: a last event without its closing blank line is still delivered. */
  end(): void;
}

const LF = 10;
const CR = 13;
const SPACE = 32;
const COLON = 58;

/**
 * Parses a server-sent-event stream by the WHATWG rules: a leading BOM is dropped; lines end in
 * CR, LF or CRLF (a CRLF may be split across two slices); lines starting with `:` are comments;
 * `data` lines are joined with `\n`; one space after the colon is dropped; a field without a
 * colon has an empty value; a blank line dispatches the event when it had at least one `data`
 * line; `retry` and unknown fields are ignored. `id` is the id sent with that event (not carried
 * over to later events), as eventsource-parser reports it.
 *
 * Built for the hot path: a slice holding many whole `data: {...}\n\n` events is scanned with
 * `indexOf`, and only the field values are sliced out. A line that spans slices is kept as one
 * concatenated string, joined when its end arrives.
 *
 * @example
 * ```ts
 * const parser = createSseParser((message) => console.log(message.event, message.data));
 * parser.feed('event: ping\ndata: {"type":"ping"}\n\nda');
 * parser.feed('ta: [DONE]\n\n'); // logs `ping {"type":"ping"}`, then `undefined [DONE]`
 * parser.end();
 * ```
 */
export function createSseParser(onMessage: (message: SseMessage) => void): SseParser {
  // The start of a line that has not ended yet.
  let carry = '';
  // The last slice ended in CR: a LF opening the next one belongs to it.
  let afterCR = false;
  let first = true;
  // undefined until the event's first data line.
  let data: string | undefined;
  let event: string | undefined;
  let id: string | undefined;

  const dispatch = () => {
    if (data !== undefined) onMessage({ event, data, id });
    data = event = id = undefined;
  };

  // A whole event of one data line: `text[start, end)` is its `data:` line, a blank line follows.
  const single = (text: string, start: number, end: number) => {
    const valueStart = start + (text.charCodeAt(start + 5) === SPACE ? 6 : 5);
    onMessage({ event, data: valueStart < end ? text.slice(valueStart, end) : '', id });
    event = id = undefined;
  };

  const line = (text: string, start: number, end: number) => {
    if (start === end) return dispatch();
    // Field names are short: a scan for the colon stops within the line (indexOf could run far
    // past it on a line without one).
    let colon = start;
    while (colon < end && text.charCodeAt(colon) !== COLON) colon++;
    if (colon === start) return; // a comment
    const valueStart = colon + (colon + 1 < end && text.charCodeAt(colon + 1) === SPACE ? 2 : 1);
    const value = valueStart < end ? text.slice(valueStart, end) : '';
    const size = colon - start;
    if (size === 4 && text.startsWith('data', start)) data = data === undefined ? value : `${data}\n${value}`;
    else if (size === 5 && text.startsWith('event', start)) event = value || undefined;
    else if (size === 2 && text.startsWith('id', start) && !value.includes('\0')) id = value;
  };

  const feed = (slice: string) => {
    if (!slice) return;
    if (first) {
      first = false;
      if (slice.charCodeAt(0) === 0xfeff) slice = slice.slice(1);
    }
    let text = slice;
    // Where the current line starts, and where to look for its end.
    let start = 0;
    let scanFrom = 0;
    if (afterCR) {
      afterCR = false;
      if (slice.charCodeAt(0) === LF) start = scanFrom = 1;
    } else if (carry) {
      // A line spanning many slices is only joined (and scanned) once its end is here.
      if (slice.indexOf('\n') === -1 && slice.indexOf('\r') === -1) {
        carry += slice;
        return;
      }
      scanFrom = carry.length;
      text = carry + slice;
      carry = '';
    }
    const length = text.length;
    let lf = text.indexOf('\n', scanFrom);
    let cr = text.indexOf('\r', scanFrom);
    for (;;) {
      if (cr === -1 || (lf !== -1 && lf < cr)) {
        if (lf === -1) break;
        if (data === undefined && text.charCodeAt(lf + 1) === LF && isDataField(text, start)) {
          // The common event, `data: {...}\n\n`: handed over without buffering.
          single(text, start, lf);
          start = lf + 2;
        } else {
          line(text, start, lf);
          start = lf + 1;
        }
        lf = text.indexOf('\n', start);
      } else {
        if (
          data === undefined &&
          text.charCodeAt(cr + 1) === LF &&
          text.charCodeAt(cr + 2) === CR &&
          text.charCodeAt(cr + 3) === LF &&
          isDataField(text, start)
        ) {
          // The same with CRLF line ends (Gemini).
          single(text, start, cr);
          start = cr + 4;
          lf = text.indexOf('\n', start);
          cr = text.indexOf('\r', start);
          continue;
        }
        line(text, start, cr);
        start = cr + 1;
        if (start === length) afterCR = true;
        else if (text.charCodeAt(start) === LF) {
          start++;
          lf = text.indexOf('\n', start);
        }
        cr = text.indexOf('\r', start);
      }
    }
    if (start < length) carry = text.slice(start);
  };

  return { feed, end: () => feed('\n\n') };
}

/** Whether the line at `start` is a `data:` field, checked by hand: nearly every line is one. */
function isDataField(text: string, start: number): boolean {
  return (
    text.charCodeAt(start) === 100 &&
    text.charCodeAt(start + 1) === 97 &&
    text.charCodeAt(start + 2) === 116 &&
    text.charCodeAt(start + 3) === 97 &&
    text.charCodeAt(start + 4) === COLON
  );
}
