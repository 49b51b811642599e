import type { CardAction, WebCard } from "@ops/cards";
import { createSignal, For, Show, type JSX } from "solid-js";
import { createStore } from "solid-js/store";
import { CardConfirm } from "./card-confirm.tsx";
import { CardLink } from "./card-link.tsx";
import { ActionsRow, type ActionButton } from "./web-card-actions.tsx";
import { BlockView, type FormValues } from "./web-card-blocks.tsx";
import "./web-card.css";

/**
 * One card as the PWA shows it (chat console, previews). Its input/select values are the card's own
 * form: they travel as `inputs` with the next action click. Without `onAction` (a preview) action
 * buttons are disabled. A rejected `onAction` leaves the card as it was (the caller reports the error).
 */
export type WebCardProps = {
  card: WebCard;
  onAction?: (action: CardAction) => Promise<unknown>;
  testid?: string;
};

function initialValues(card: WebCard): Record<string, string> {
  const values: Record<string, string> = {};
  for (const b of card.blocks) if (b.type === "input" || b.type === "select") values[b.name] = b.initial ?? "";
  return values;
}

export function WebCardView(props: WebCardProps): JSX.Element {
  // A replaced card is a new component (the transcript keys entries by object), so reading once is right.
  const [values, setValues] = createStore(initialValues(props.card));
  const form: FormValues = { get: (name) => values[name] ?? "", set: (name, v) => setValues(name, v) };
  const [busy, setBusy] = createSignal<ActionButton | null>(null);
  const [asking, setAsking] = createSignal<ActionButton | null>(null);

  const run = async (b: ActionButton) => {
    if (!props.onAction || busy()) return;
    setBusy(b);
    try {
      await props.onAction({ action: b.action, value: b.value, inputs: { ...values } });
    } catch {
      // the caller shows the error; the card stays usable
    } finally {
      setBusy(null);
    }
  };
  const press = (b: ActionButton) => (b.confirm ? setAsking(b) : void run(b));

  return (
    <article class="wc" data-tone={props.card.header.tone} data-testid={props.testid ?? "web-card"} lang={props.card.locale}>
      <header class="wc__header">
        <h3 class="wc__title" data-testid="card-title">{props.card.header.title}</h3>
        <Show when={props.card.header.subtitle}>
          <p class="wc__subtitle">{props.card.header.subtitle}</p>
        </Show>
      </header>
      <div class="wc__body">
        <For each={props.card.blocks}>
          {(b) =>
            b.type === "actions" ? (
              <ActionsRow buttons={b.buttons} disabled={!props.onAction || busy() !== null} busy={busy()} onPress={press} />
            ) : (
              <BlockView block={b} form={form} disabled={busy() !== null} />
            )
          }
        </For>
        <Show when={props.card.notice}>
          {(n) => (
            <p class="wc__notice" data-testid="card-notice">
              {n().text}
              <Show when={props.card.link}>
                {(link) => <> <CardLink url={link()}>{n().linkText}</CardLink></>}
              </Show>
            </p>
          )}
        </Show>
      </div>
      <CardConfirm
        confirm={asking()?.confirm ?? null}
        danger={asking()?.style === "danger"}
        onCancel={() => setAsking(null)}
        onConfirm={() => {
          const b = asking();
          setAsking(null);
          if (b) void run(b);
        }}
      />
    </article>
  );
}
