import { useNavigate } from "@solidjs/router";
import type { JSX } from "solid-js";
import { renderMarkdown } from "./render-markdown.ts";

/**
 * A help page's body. Links to other app pages (`/help/faq`) stay inside the single-page app;
 * the rest behave as plain links.
 */
export function MarkdownView(props: { markdown: string; "data-testid"?: string }): JSX.Element {
  const navigate = useNavigate();
  const onClick = (e: MouseEvent) => {
    const a = (e.target as HTMLElement).closest("a");
    const href = a?.getAttribute("href");
    if (!a || !href || a.target === "_blank" || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    if (href.startsWith("/") && !href.startsWith("//")) {
      e.preventDefault();
      navigate(href);
    }
  };
  return <article class="help-md" data-testid={props["data-testid"]} innerHTML={renderMarkdown(props.markdown)} onClick={onClick} />;
}
