import sanitizeHtml from "sanitize-html";

/**
 * Rich text is kept sanitized (allow-list): formatting, links, lists, tables and images over http(s) or data;
 * no scripts, styles or event handlers. A link opening a new window gets rel="noopener noreferrer".
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, "img", "span", "del", "ins", "u", "s", "sub", "sup"],
  allowedAttributes: {
    a: ["href", "name", "target", "rel", "title"],
    img: ["src", "alt", "title", "width", "height"],
    td: ["colspan", "rowspan"],
    th: ["colspan", "rowspan"],
    "*": ["class"],
  },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["http", "https", "data"] },
  transformTags: {
    a: (tagName, attribs) => (attribs.target === "_blank" ? { tagName, attribs: { ...attribs, rel: "noopener noreferrer" } } : { tagName, attribs }),
  },
};

export function sanitizeRichtext(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}
