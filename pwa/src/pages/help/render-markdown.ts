import DOMPurify from "dompurify";
import { marked } from "marked";

/**
 * Help pages are markdown written by the product and by admins: marked turns it into HTML (GitHub
 * flavour: tables, fenced code) and DOMPurify keeps only harmless HTML (no script, event handlers,
 * style or javascript: URLs), so what reaches innerHTML cannot run anything under the app's CSP either.
 * Links leaving the app open in a new tab without handing over `window.opener`.
 */
let hooked = false;

function hook(): void {
  if (hooked) return;
  hooked = true;
  DOMPurify.addHook("afterSanitizeAttributes", (node) => {
    if (node.tagName !== "A") return;
    const href = node.getAttribute("href") ?? "";
    if (/^(https?:)?\/\//i.test(href) || /^mailto:/i.test(href)) {
      node.setAttribute("target", "_blank");
      node.setAttribute("rel", "noopener noreferrer");
    }
  });
}

export function renderMarkdown(markdown: string): string {
  hook();
  const html = marked.parse(markdown, { async: false, gfm: true, breaks: false });
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS: ["style", "form", "input", "button"], FORBID_ATTR: ["style"] });
}
