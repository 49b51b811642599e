/**
 * Squire (Fastmail's contentEditable editor, ~20 KB) loaded only when a rich-text field is on
 * screen. Every HTML that enters it (the stored value, a paste) goes through DOMPurify first; the
 * server sanitizes again on save (sanitize-html), so what is stored is clean either way.
 */
import DOMPurify from "dompurify";
import Squire from "squire-rte";

export type RichTextEditor = {
  command(name: RichCommand): void;
  link(url: string): void;
  set(html: string): void;
  destroy(): void;
};

export type RichCommand = "bold" | "italic" | "underline" | "ul" | "ol" | "clear";

const clean = (html: string): DocumentFragment =>
  DOMPurify.sanitize(html, { RETURN_DOM_FRAGMENT: true, FORBID_ATTR: ["style"], FORBID_TAGS: ["style"] });

export function mountRichText(root: HTMLElement, opts: { html: string; onChange: (html: string) => void }): RichTextEditor {
  const editor = new Squire(root, { sanitizeToDOMFragment: (html: string) => clean(html) });
  let current = opts.html;
  editor.setHTML(opts.html);
  editor.addEventListener("input", () => {
    current = editor.getHTML();
    opts.onChange(current);
  });
  return {
    command(name) {
      if (name === "bold") editor.bold();
      else if (name === "italic") editor.italic();
      else if (name === "underline") editor.underline();
      else if (name === "ul") editor.makeUnorderedList();
      else if (name === "ol") editor.makeOrderedList();
      else editor.removeAllFormatting();
      editor.focus();
    },
    link(url) {
      editor.makeLink(url, { target: "_blank", rel: "noopener noreferrer" });
    },
    set(html) {
      if (html !== current) {
        current = html;
        editor.setHTML(html);
      }
    },
    destroy: () => editor.destroy(),
  };
}
