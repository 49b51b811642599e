/**
 * RFC 4515 escaping of a value placed inside a search filter: without it a username such as
 * `*)(uid=*` rewrites the filter and can match someone else's entry.
 */
export function escapeFilterValue(value: string): string {
  return value.replace(/[\\*()\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/** The configured user filter with every `{{username}}` replaced by the escaped username. */
export function userFilter(template: string, username: string): string {
  const escaped = escapeFilterValue(username);
  return template.replaceAll("{{username}}", () => escaped);
}
