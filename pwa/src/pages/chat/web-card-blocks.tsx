import type { WebBlock } from "@ops/cards";
import { For, Show, type JSX } from "solid-js";
import { tr } from "../../providers/i18n.ts";
import { Select } from "../../ui/select.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { linkTarget } from "./card-link.tsx";
import { Markdown } from "./markdown.tsx";

/** The read-only blocks of a web card, plus its form fields; buttons live in web-card-actions.tsx. */
type Of<T extends WebBlock["type"]> = Extract<WebBlock, { type: T }>;

/** About 140 px of 14 px text: a value longer than that (CJK counts double) or on several lines gets its own row. */
export function isWideValue(value: string): boolean {
  if (value.includes("\n")) return true;
  let width = 0;
  for (const ch of value) width += ch.charCodeAt(0) > 0x2e7f ? 2 : 1;
  return width > 24;
}

export function FieldsBlock(props: { block: Of<"fields"> }): JSX.Element {
  return (
    <dl class="wc-fields">
      <For each={props.block.fields}>
        {(f) => (
          <div class="wc-fields__item" classList={{ "wc-fields__item--wide": isWideValue(f.value) }}>
            <dt>{f.label}</dt>
            <dd>{f.value}</dd>
          </div>
        )}
      </For>
    </dl>
  );
}

export function TableBlock(props: { block: Of<"table"> }): JSX.Element {
  return (
    <div class="wc-table">
      <table>
        <thead>
          <tr>
            <For each={props.block.columns}>{(c) => <th style={{ "text-align": c.align ?? "left" }}>{c.label}</th>}</For>
          </tr>
        </thead>
        <tbody>
          <For each={props.block.rows}>
            {(row) => (
              <tr>
                <For each={props.block.columns}>{(c) => <td style={{ "text-align": c.align ?? "left" }}>{row[c.key] ?? ""}</td>}</For>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}

/** One row per key: the old value struck through, the new one after it; a missing side reads "added"/"removed". */
export function DiffBlock(props: { block: Of<"diff"> }): JSX.Element {
  return (
    <ul class="wc-diff">
      <For each={props.block.rows}>
        {(r) => (
          <li class="wc-diff__row" data-key={r.key}>
            <span class="wc-diff__key">{r.key}</span>
            <span class="wc-diff__values">
              <Show when={r.before !== null} fallback={<span class="wc-diff__tag">{tr("card.diff_added")}</span>}>
                <del class="wc-diff__before">{r.before}</del>
              </Show>
              <span aria-hidden="true"> → </span>
              <Show when={r.after !== null} fallback={<span class="wc-diff__tag">{tr("card.diff_removed")}</span>}>
                <ins class="wc-diff__after">{r.after}</ins>
              </Show>
            </span>
          </li>
        )}
      </For>
    </ul>
  );
}

export function ImageBlock(props: { block: Of<"image"> }): JSX.Element {
  const src = () => {
    const t = linkTarget(props.block.url);
    return t?.kind === "app" ? t.path : t?.kind === "external" && !t.url.startsWith("mailto:") ? t.url : null;
  };
  return (
    <Show when={src()} fallback={<p class="wc-context">{props.block.alt}</p>}>
      {(s) => <img class="wc-image" src={s()} alt={props.block.alt} loading="lazy" />}
    </Show>
  );
}

export type FormValues = { get: (name: string) => string; set: (name: string, value: string) => void };

export function InputBlock(props: { block: Of<"input">; form: FormValues; disabled?: boolean }): JSX.Element {
  return (
    <TextField
      label={props.block.label}
      name={props.block.name}
      value={props.form.get(props.block.name)}
      onChange={(v) => props.form.set(props.block.name, props.block.maxLength ? v.slice(0, props.block.maxLength) : v)}
      placeholder={props.block.placeholder}
      multiline={props.block.multiline}
      required={!props.block.optional}
      disabled={props.disabled}
    />
  );
}

export function SelectBlock(props: { block: Of<"select">; form: FormValues; disabled?: boolean }): JSX.Element {
  return (
    <Select
      label={props.block.label}
      name={props.block.name}
      options={props.block.options}
      value={props.form.get(props.block.name)}
      onChange={(v) => props.form.set(props.block.name, v)}
      placeholder={props.block.placeholder ?? tr("card.select_placeholder")}
      emptyLabel={props.block.optional ? tr("card.select_placeholder") : undefined}
      disabled={props.disabled}
    />
  );
}

/** Any block but actions (the card renders those, since they need its form and busy state). */
export function BlockView(props: { block: Exclude<WebBlock, { type: "actions" }>; form: FormValues; disabled?: boolean }): JSX.Element {
  return (
    <>
      {(() => {
        const b = props.block;
        switch (b.type) {
          case "fields": return <FieldsBlock block={b} />;
          case "markdown": return <Markdown text={b.text} class="wc-markdown" />;
          case "context": return <Markdown text={b.text} class="wc-context" />;
          case "table": return <TableBlock block={b} />;
          case "diff": return <DiffBlock block={b} />;
          case "image": return <ImageBlock block={b} />;
          case "divider": return <hr class="wc-divider" />;
          case "input": return <InputBlock block={b} form={props.form} disabled={props.disabled} />;
          case "select": return <SelectBlock block={b} form={props.form} disabled={props.disabled} />;
        }
      })()}
    </>
  );
}
