import { A } from "@solidjs/router";
import type { JSX } from "solid-js";

/**
 * Card links are app paths (`/approvals/1`) or absolute URLs. App paths stay in the SPA; http(s) and
 * mailto URLs open in a new tab; anything else (javascript:, data:, protocol-relative) is not a link.
 */
export type LinkTarget = { kind: "app"; path: string } | { kind: "external"; url: string } | null;

export function linkTarget(url: string): LinkTarget {
  const u = url.trim();
  if (u.startsWith("/") && !u.startsWith("//") && !u.startsWith("/\\")) return { kind: "app", path: u };
  if (/^(https?:\/\/|mailto:)/i.test(u)) return { kind: "external", url: u };
  return null;
}

export type CardLinkProps = { url: string; class?: string; children: JSX.Element; "data-testid"?: string };

/** A link from card content; an unsafe URL renders its text only. */
export function CardLink(props: CardLinkProps): JSX.Element {
  const target = () => linkTarget(props.url);
  return (
    <>
      {(() => {
        const t = target();
        if (t?.kind === "app")
          return <A href={t.path} class={props.class} data-testid={props["data-testid"]}>{props.children}</A>;
        if (t?.kind === "external")
          return <a href={t.url} class={props.class} target="_blank" rel="noopener noreferrer" data-testid={props["data-testid"]}>{props.children}</a>;
        return <span class={props.class}>{props.children}</span>;
      })()}
    </>
  );
}
