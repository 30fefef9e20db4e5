/**
 * Incremental rendering while an answer streams in. The text is cut into top-level blocks; a block
 * is rendered once, when the line after it is complete (so nothing that follows can change it), and
 * its nodes are kept; only the unfinished tail is lexed and rendered again, at most once per
 * animation frame. A delta therefore costs the size of the tail, not the length of the answer.
 * `finish()` checks the kept blocks against one lexing of the whole text and re-renders from the
 * first block that differs (reference definitions that come after their use, say), so the final DOM
 * is exactly what {@link renderMarkdown} gives for the whole text.
 */
import type { Token } from 'marked';
import {
  type HeadingOutline,
  type LinkDefinitions,
  lexBlocks,
  type RenderMarkdownOptions,
  renderTokens,
} from './render.js';

/** What one render of a stream did (for autoscroll, tests and benchmarks). */
export interface MarkdownRenderInfo {
  /** Blocks rendered for good in this render. */
  committedBlocks: number;
  /** Nodes of the re-rendered tail (the work a frame repeats). */
  tailNodes: number;
  /** Characters lexed in this render (the tail's length). */
  lexedChars: number;
}

/** Options of {@link createMarkdownStream}. */
export interface MarkdownStreamOptions extends RenderMarkdownOptions {
  /** Called after each render, once per animation frame at most. */
  onRender?: (info: MarkdownRenderInfo) => void;
}

/** An incremental renderer bound to one container (see {@link createMarkdownStream}). */
export interface MarkdownStream {
  /** The text received so far (line endings normalised to `\n`). */
  readonly text: string;
  /** Adds a delta; the DOM follows on the next animation frame. */
  append(delta: string): void;
  /** Sets the whole text: appends what is new if it extends the current text, else starts over. */
  setText(text: string): void;
  /** Renders what is pending now, synchronously (the tail stays open). */
  flush(): void;
  /** The answer is complete: renders everything now, and the result equals `renderMarkdown(text)`. */
  finish(): void;
  /** Cancels a pending frame; the DOM stays as it is. */
  dispose(): void;
}

interface Block {
  token: Token;
  nodes: ChildNode[];
  /** The heading outline before this block. */
  headings: HeadingOutline;
}

// The next block has at least one complete, non-blank line: the blocks before it are settled.
const settledAfter = /\S[^\n]*\n/;

/**
 * Renders streaming markdown into `container` (an element or a shadow root it owns entirely).
 *
 * @example
 * ```ts fragment
 * const stream = createMarkdownStream(pane);
 * for await (const event of events) if (event.type === 'text-delta') stream.append(event.text);
 * stream.finish();
 * ```
 */
export function createMarkdownStream(
  container: Element | DocumentFragment,
  options: MarkdownStreamOptions = {},
): MarkdownStream {
  let text = '';
  // What was received, before line endings were normalised (setText compares against it).
  let received = '';
  let committedLength = 0;
  let blocks: Block[] = [];
  let tail: ChildNode[] = [];
  let links: LinkDefinitions = Object.create(null);
  // The heading outline after the kept blocks (the tail renders with a copy).
  let headings: HeadingOutline = {};
  let frame: (() => void) | undefined;
  let pendingCarriageReturn = false;
  let finished = false;

  // A render that took long (a pathological tail) spaces the next ones out, so rendering never
  // takes more than about a quarter of the main thread.
  let lastRenderMs = 0;
  const nextFrame = (callback: () => void): (() => void) => {
    if (typeof requestAnimationFrame !== 'function') {
      const id = setTimeout(callback, 16);
      return () => clearTimeout(id);
    }
    const id = requestAnimationFrame(callback);
    return () => cancelAnimationFrame(id);
  };
  const schedule = () => {
    if (frame) return;
    const delay = lastRenderMs > 12 ? lastRenderMs * 3 : 0;
    if (delay === 0) {
      frame = nextFrame(() => render());
      return;
    }
    const id = setTimeout(() => {
      frame = nextFrame(() => render());
    }, delay);
    frame = () => clearTimeout(id);
  };
  const cancel = () => {
    frame?.();
    frame = undefined;
  };

  const renderBlock = (token: Token): Block => {
    const before = { ...headings };
    const fragment = renderTokens([token], options, headings);
    const nodes = [...fragment.childNodes];
    container.append(fragment);
    return { token, nodes, headings: before };
  };
  const remember = (token: Token) => {
    if (token.type === 'def' && !(token.tag in links))
      links[token.tag] = { href: token.href, title: token.title };
  };
  const removeTail = () => {
    for (const node of tail) node.remove();
    tail = [];
  };

  function render(): void {
    cancel();
    const started = performance.now();
    const source = text.slice(committedLength);
    const tokens = lexBlocks(source, links);
    let lastContent = tokens.length - 1;
    while (lastContent >= 0 && tokens[lastContent]!.type === 'space') lastContent--;
    // Settle every block before the last one whose following line is complete. Marked's raws cover
    // the source exactly; if they ever did not, nothing is settled (slower, still correct).
    let settled = -1;
    let end = 0;
    const ends = tokens.map((token) => (end += token.raw.length));
    if (source.startsWith(tokens.map((token) => token.raw).join(''))) {
      for (let i = lastContent - 1; i >= 0; i--) {
        if (settledAfter.test(source.slice(ends[i]))) {
          settled = i;
          break;
        }
      }
    }
    removeTail();
    for (const token of tokens.slice(0, settled + 1)) {
      blocks.push(renderBlock(token));
      remember(token);
    }
    committedLength += settled >= 0 ? ends[settled]! : 0;
    const fragment = renderTokens(tokens.slice(settled + 1), options, { ...headings });
    tail = [...fragment.childNodes];
    container.append(fragment);
    lastRenderMs = performance.now() - started;
    options.onRender?.({ committedBlocks: settled + 1, tailNodes: tail.length, lexedChars: source.length });
  }

  // After finish(), new text may continue the last block: reopen it as the tail.
  function reopen(): void {
    finished = false;
    while (blocks.length > 0) {
      const block = blocks.pop()!;
      tail.unshift(...block.nodes);
      headings = block.headings;
      committedLength -= block.token.raw.length;
      if (block.token.type !== 'space') break;
    }
    links = Object.create(null);
    for (const block of blocks) remember(block.token);
  }

  function reset(): void {
    cancel();
    removeTail();
    for (const block of blocks) for (const node of block.nodes) node.remove();
    blocks = [];
    links = Object.create(null);
    headings = {};
    text = '';
    received = '';
    committedLength = 0;
    pendingCarriageReturn = false;
    finished = false;
  }

  const stream: MarkdownStream = {
    get text() {
      return text;
    },
    append(delta) {
      if (!delta) return;
      received += delta;
      if (pendingCarriageReturn && delta.startsWith('\n')) delta = delta.slice(1);
      pendingCarriageReturn = delta.endsWith('\r');
      if (finished) reopen();
      text += delta.replace(/\r\n?/g, '\n');
      schedule();
    },
    setText(next) {
      if (next === received) return;
      if (next.startsWith(received)) {
        stream.append(next.slice(received.length));
        return;
      }
      reset();
      stream.append(next);
    },
    flush() {
      if (frame) render();
    },
    finish() {
      cancel();
      const whole = lexBlocks(text);
      // A reference defined after its use changes earlier blocks: then everything is re-rendered.
      let same = 0;
      if (Object.keys(whole.links).length === 0) {
        while (same < blocks.length && same < whole.length && blocks[same]!.token.raw === whole[same]!.raw)
          same++;
      }
      removeTail();
      headings = blocks[same]?.headings ?? headings;
      for (const block of blocks.splice(same)) for (const node of block.nodes) node.remove();
      for (const token of whole.slice(same)) blocks.push(renderBlock(token));
      committedLength = blocks.reduce((sum, block) => sum + block.token.raw.length, 0);
      links = Object.create(null);
      for (const block of blocks) remember(block.token);
      finished = true;
      options.onRender?.({ committedBlocks: whole.length - same, tailNodes: 0, lexedChars: text.length });
    },
    dispose: cancel,
  };
  return stream;
}
