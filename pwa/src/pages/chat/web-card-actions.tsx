import type { WebButton } from "@ops/cards";
import { For, type JSX } from "solid-js";
import { Button } from "../../ui/button.tsx";
import { CardLink } from "./card-link.tsx";

/** A card's button row. Link buttons are plain links (SPA path or new tab); action buttons call `onPress`. */
export type ActionButton = Extract<WebButton, { kind: "action" }>;

const VARIANT = { primary: "primary", danger: "danger", default: "secondary" } as const;

export function ActionsRow(props: {
  buttons: WebButton[];
  /** no action handler (a preview) or another click still running */
  disabled: boolean;
  /** the button whose action is running */
  busy: ActionButton | null;
  onPress: (b: ActionButton) => void;
}): JSX.Element {
  return (
    <div class="wc-actions">
      <For each={props.buttons}>
        {(b) =>
          b.kind === "link" ? (
            <CardLink url={b.url} class={`btn btn--${VARIANT[b.style ?? "default"]} btn--sm`} data-testid="card-link">
              {b.text}
            </CardLink>
          ) : (
            <Button
              size="sm"
              variant={VARIANT[b.style ?? "default"]}
              disabled={props.disabled}
              loading={props.busy === b}
              onClick={() => props.onPress(b)}
              data-testid="card-action"
            >
              <span data-action={b.action}>{b.text}</span>
            </Button>
          )
        }
      </For>
    </div>
  );
}
