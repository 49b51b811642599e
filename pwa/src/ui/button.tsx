import { Button as KButton } from "@kobalte/core/button";
import { splitProps, type JSX } from "solid-js";

/** The app's button: variants by role, never raw colours in pages. */
export type ButtonProps = {
  variant?: "primary" | "secondary" | "danger" | "ghost";
  size?: "sm" | "md";
  type?: "button" | "submit";
  disabled?: boolean;
  loading?: boolean;
  onClick?: (e: MouseEvent) => void;
  class?: string;
  title?: string;
  "aria-label"?: string;
  "data-testid"?: string;
  children: JSX.Element;
};

export function Button(props: ButtonProps): JSX.Element {
  const [local, rest] = splitProps(props, ["variant", "size", "type", "disabled", "loading", "class", "children"]);
  return (
    <KButton
      {...rest}
      type={local.type ?? "button"}
      disabled={local.disabled || local.loading}
      aria-busy={local.loading ? "true" : undefined}
      class={`btn btn--${local.variant ?? "secondary"} btn--${local.size ?? "md"} ${local.class ?? ""}`}
    >
      {local.children}
    </KButton>
  );
}
