import { For, Show, type JSX } from "solid-js";
import type { ConfigDiffEntry } from "@ops/shared/contracts/config.ts";
import { tr } from "../../providers/i18n.ts";
import { showValue, sideBySide, type SideCell } from "./line-rows.ts";
import "./diff.css";

type FieldDiff = ConfigDiffEntry["fields"][number];

const OP_BADGE: Record<ConfigDiffEntry["op"], string> = { added: "badge badge--ok", changed: "badge badge--warn", removed: "badge badge--danger" };

function Cell(props: { cell: SideCell; side: "before" | "after" }): JSX.Element {
  return (
    <div class="diff__line" classList={{ "diff__line--add": props.cell?.op === "add", "diff__line--del": props.cell?.op === "del", "diff__line--blank": !props.cell }} data-side={props.side}>
      {props.cell ? props.cell.text || " " : " "}
    </div>
  );
}

/** A text-like field: the API's line diff, before lines left, after lines right. */
function LineDiff(props: { f: FieldDiff }): JSX.Element {
  const rows = () => sideBySide(props.f.lines ?? []);
  return (
    <div class="diff__lines" data-testid="diff-lines">
      <div class="diff__side-head">{tr("configFlow.diff.before")}</div>
      <div class="diff__side-head">{tr("configFlow.diff.after")}</div>
      <For each={rows()}>
        {(r) => (
          <>
            <Cell cell={r.left} side="before" />
            <Cell cell={r.right} side="after" />
          </>
        )}
      </For>
    </div>
  );
}

/** Any other field: the whole value on each side (JSON pretty-printed); an absent side reads 空. */
function ValueDiff(props: { f: FieldDiff }): JSX.Element {
  const side = (v: unknown, which: "before" | "after") => (
    <div class="diff__value" classList={{ [`diff__value--${which}`]: true }} data-side={which}>
      <span class="diff__side-label">{tr(`configFlow.diff.${which}`)}</span>
      <Show when={showValue(v) !== ""} fallback={<span class="muted">{tr("configFlow.diff.empty")}</span>}>
        <pre>{showValue(v)}</pre>
      </Show>
    </div>
  );
  return (
    <div class="diff__values">
      {side(props.f.before, "before")}
      {side(props.f.after, "after")}
    </div>
  );
}

/** A JSON field's changed leaves by path: `/rollout/percent` 10 → 20 (added / removed leaves show one side). */
function JsonLeaves(props: { f: FieldDiff }): JSX.Element {
  const brief = (v: unknown) => (v === undefined ? "" : JSON.stringify(v));
  return (
    <ul class="diff__json" data-testid="diff-json">
      <For each={props.f.json}>
        {(leaf) => (
          <li data-op={leaf.op}>
            <code class="diff__json-path">{leaf.path || "/"}</code>{" "}
            <Show when={leaf.op !== "add"}><span class="diff__json-before">{brief(leaf.before)}</span></Show>
            <Show when={leaf.op === "change"}> → </Show>
            <Show when={leaf.op !== "del"}><span class="diff__json-after">{brief(leaf.after)}</span></Show>
          </li>
        )}
      </For>
    </ul>
  );
}

/**
 * Side by side: per record (key, added / changed / removed), per field (label), before | after.
 * Text-like fields with a line diff show it line by line; on a phone the two sides stack.
 */
export function DiffView(props: { entries: ConfigDiffEntry[]; testid?: string }): JSX.Element {
  return (
    <div class="diff" data-testid={props.testid ?? "config-diff"}>
      <For each={props.entries} fallback={<p class="muted" data-testid="diff-empty">{tr("configFlow.diff.none")}</p>}>
        {(e) => (
          <section class="diff__record card" data-testid="diff-record" data-key={e.key} data-op={e.op}>
            <header class="diff__record-head">
              <code class="diff__key">{e.key}</code>
              <span class={OP_BADGE[e.op]}>{tr(`configFlow.diff.op.${e.op}`)}</span>
            </header>
            <For each={e.fields}>
              {(f) => (
                <div class="diff__field" data-testid="diff-field" data-field={f.field}>
                  <div class="diff__field-label">{f.label || f.field} <code class="muted">{f.field}</code></div>
                  <Show when={f.json?.length}>
                    <JsonLeaves f={f} />
                  </Show>
                  <Show when={f.lines?.length} fallback={<ValueDiff f={f} />}>
                    <LineDiff f={f} />
                  </Show>
                </div>
              )}
            </For>
          </section>
        )}
      </For>
    </div>
  );
}
