import { For, type JSX } from "solid-js";
import { CardLink } from "./card-link.tsx";

/**
 * The CommonMark subset cards use (cards/src/card.ts): bold, italic, strike, inline and fenced code,
 * links, bullet and numbered lists, line breaks. Everything becomes DOM nodes built by Solid, never
 * innerHTML, so raw HTML in card text shows as text.
 */
type MdBlock =
  | { kind: "p"; lines: string[] }
  | { kind: "ul" | "ol"; items: string[] }
  | { kind: "code"; text: string };

const BULLET = /^\s{0,3}[-*+]\s+(.*)$/;
const NUMBERED = /^\s{0,3}\d{1,9}[.)]\s+(.*)$/;
const FENCE = /^\s{0,3}(```|~~~)/;

export function parseBlocks(text: string): MdBlock[] {
  const out: MdBlock[] = [];
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = FENCE.exec(line);
    if (fence) {
      const body: string[] = [];
      while (++i < lines.length && !lines[i]!.trimStart().startsWith(fence[1]!)) body.push(lines[i]!);
      out.push({ kind: "code", text: body.join("\n") });
      continue;
    }
    if (!line.trim()) continue;
    const list = BULLET.test(line) ? "ul" : NUMBERED.test(line) ? "ol" : null;
    const last = out.at(-1);
    if (list) {
      const item = (list === "ul" ? BULLET : NUMBERED).exec(line)![1]!;
      if (last?.kind === list) last.items.push(item);
      else out.push({ kind: list, items: [item] });
    } else if (last?.kind === "p" && lines[i - 1]?.trim()) last.lines.push(line);
    else out.push({ kind: "p", lines: [line] });
  }
  return out;
}

// code span | **bold** | __bold__ | ~~strike~~ | *italic* | _italic_ (not inside words) | [text](url)
const INLINE = /(`+)([\s\S]+?)\1|\*\*(.+?)\*\*|(?<!\w)__(.+?)__(?!\w)|~~(.+?)~~|\*(?!\s)(.+?)\*|(?<!\w)_(?!\s)(.+?)_(?!\w)|\[([^\]]+)\]\(\s*([^)\s]+)\s*\)/g;

export function inline(text: string): JSX.Element[] {
  const out: JSX.Element[] = [];
  let at = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > at) out.push(unescape(text.slice(at, m.index)));
    const [, , code, bold1, bold2, strike, it1, it2, linkText, url] = m;
    if (code !== undefined) out.push(<code>{code.trim()}</code>);
    else if (bold1 ?? bold2) out.push(<strong>{inline((bold1 ?? bold2)!)}</strong>);
    else if (strike !== undefined) out.push(<s>{inline(strike)}</s>);
    else if (it1 ?? it2) out.push(<em>{inline((it1 ?? it2)!)}</em>);
    else if (linkText !== undefined && url !== undefined) out.push(<CardLink url={url}>{inline(linkText)}</CardLink>);
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push(unescape(text.slice(at)));
  return out;
}

const unescape = (s: string): string => s.replace(/\\([\\`*_{}[\]()#+\-.!~<>])/g, "$1");

export function Markdown(props: { text: string; class?: string }): JSX.Element {
  return (
    <div class={`md ${props.class ?? ""}`}>
      <For each={parseBlocks(props.text)}>
        {(b) => {
          if (b.kind === "code") return <pre class="md__pre"><code>{b.text}</code></pre>;
          if (b.kind === "p")
            return <p>{b.lines.flatMap((l, i) => (i ? [<br />, ...inline(l.trim())] : inline(l.trim())))}</p>;
          const items = <For each={b.items}>{(item) => <li>{inline(item)}</li>}</For>;
          return b.kind === "ul" ? <ul>{items}</ul> : <ol>{items}</ol>;
        }}
      </For>
    </div>
  );
}
