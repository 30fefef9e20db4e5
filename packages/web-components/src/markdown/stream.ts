/**
 * Incremental rendering while an answer streams in. The text is cut into top-level blocks; a block
 * is rendered once, when the line after it is complete (so nothing that follows can change it), and
 * its nodes are kept; only the unfinished tail is lexed and rendered again, at most once per
 * animation frame. A delta therefore costs the size of the tail, not the length of the answer.
 * `finish()` checks the kept blocks against one lexing of the whole text and re-renders from the
 * first block that differs (reference definitions that come after their use, say), so the final DOM
 * is exactly what {@link renderMarkdown} gives for the whole text.
 */
import type { Token, Tokens } from 'marked';
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
  /** A list's finished items, which the next list block continues. */
  splitList?: boolean;
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

  // A long list streams item by item: its finished items are kept as a chunk, and the items that
  // follow (later chunks, and the tail) go into the same list element, so the page shows one list.
  let openList: Element | undefined;

  const firstElement = (nodes: ChildNode[]) => nodes.find((node): node is Element => node instanceof Element);
  /** A list's items, without the line break marked puts before the first (the list has one). */
  const itemsOf = (list: Element) => {
    const nodes = [...list.childNodes];
    if (nodes[0]?.nodeType === Node.TEXT_NODE && nodes[0].textContent!.trim() === '') nodes.shift()!.remove();
    return nodes;
  };

  const renderBlock = (token: Token, splitList = false): Block => {
    const before = { ...headings };
    const fragment = renderTokens([token], options, headings);
    let nodes = [...fragment.childNodes];
    const list = token.type === 'list' ? firstElement(nodes) : undefined;
    if (openList && list && list.tagName === openList.tagName) {
      nodes = itemsOf(list);
      openList.append(...nodes);
    } else {
      container.append(fragment);
      if (token.type !== 'space') openList = list;
    }
    // Only a list's finished items leave it open for the next items; a blank line changes nothing.
    if (!splitList && token.type !== 'space') openList = undefined;
    return { token, nodes, headings: before, splitList };
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
    let tailTokens = tokens.slice(settled + 1);
    const chunk = settled === lastContent - 1 ? finishedItems(tokens[lastContent]) : undefined;
    if (chunk) {
      for (const token of chunk.tokens) blocks.push(renderBlock(token, true));
      committedLength += chunk.length;
      tailTokens = lexBlocks(text.slice(committedLength), links);
    }
    const fragment = renderTokens(tailTokens, options, { ...headings });
    tail = [...fragment.childNodes];
    const list = firstElement(tail);
    if (openList && list && list.tagName === openList.tagName && tailTokens[0]?.type === 'list') {
      // The list's last items, shown in the list they belong to.
      const items = itemsOf(list);
      openList.append(...items);
      list.remove();
      tail = [...items, ...fragment.childNodes];
    }
    container.append(fragment);
    lastRenderMs = performance.now() - started;
    options.onRender?.({
      committedBlocks: settled + 1 + (chunk?.tokens.length ?? 0),
      tailNodes: tail.length,
      lexedChars: source.length,
    });
  }

  /**
   * For a tight list that ends the text: its items whose next item has a complete first line, as
   * tokens of their own (lexed once here), or undefined when there are none or marked's sources do
   * not add up (then the list stays in the tail: slower, still correct).
   */
  function finishedItems(token: Token | undefined): { tokens: Token[]; length: number } | undefined {
    if (token?.type !== 'list') return undefined;
    const { items, loose, raw } = token as Tokens.List;
    if (loose) return undefined;
    const keep = settledAfter.test(items[items.length - 1]!.raw) ? items.length - 1 : items.length - 2;
    if (keep < 1 || items.map((item) => item.raw).join('') !== raw) return undefined;
    const prefix = items
      .slice(0, keep)
      .map((item) => item.raw)
      .join('');
    const tokens = lexBlocks(prefix, links);
    const content = tokens.filter((t) => t.type !== 'space');
    const list = content[0];
    const valid =
      content.length === 1 &&
      list?.type === 'list' &&
      !(list as Tokens.List).loose &&
      (list as Tokens.List).items.length === keep &&
      tokens.map((t) => t.raw).join('') === prefix;
    return valid ? { tokens, length: prefix.length } : undefined;
  }

  // After finish(), new text may continue the last block: reopen it as the tail.
  function reopen(): void {
    finished = false;
    openList = undefined;
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
    openList = undefined;
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
      // Everything becomes blocks (the tail too, its items joining their list), then one lexing of
      // the whole text checks them, and what differs is rendered again from there.
      render();
      removeTail();
      for (const token of lexBlocks(text.slice(committedLength), links)) {
        blocks.push(renderBlock(token));
        remember(token);
        committedLength += token.raw.length;
      }
      openList = undefined;
      const whole = lexBlocks(text);
      // A reference defined after its use changes earlier blocks: then everything is rendered again.
      let same = 0; // tokens of `whole` that the kept blocks show
      let kept = 0;
      if (Object.keys(whole.links).length === 0) {
        while (same < whole.length && kept < blocks.length) {
          const target = whole[same]!.raw;
          let raw = blocks[kept]!.token.raw;
          let next = kept + 1;
          // A list kept in chunks is the list it became, if that list is tight like the chunks.
          const wholeToken = whole[same]!;
          if (blocks[kept]!.splitList && wholeToken.type === 'list' && !(wholeToken as Tokens.List).loose) {
            while (raw.length < target.length && next < blocks.length && target.startsWith(raw)) {
              raw += blocks[next++]!.token.raw;
            }
          }
          if (raw !== target) break;
          same++;
          kept = next;
        }
      }
      headings = blocks[kept]?.headings ?? headings;
      for (const block of blocks.splice(kept)) for (const node of block.nodes) node.remove();
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
