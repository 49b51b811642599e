import { For, type JSX } from "solid-js";

/** Text with the API's matched spans marked: built as DOM nodes, never as HTML from the server. */
export function Highlighted(props: { text: string; spans: Array<[number, number]> }): JSX.Element {
  const parts = () => {
    const out: Array<{ text: string; hit: boolean }> = [];
    let at = 0;
    for (const [start, end] of props.spans) {
      if (start < at || end > props.text.length) continue;
      if (start > at) out.push({ text: props.text.slice(at, start), hit: false });
      out.push({ text: props.text.slice(start, end), hit: true });
      at = end;
    }
    if (at < props.text.length) out.push({ text: props.text.slice(at), hit: false });
    return out;
  };
  return <For each={parts()}>{(p) => (p.hit ? <mark>{p.text}</mark> : <>{p.text}</>)}</For>;
}
