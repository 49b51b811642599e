import { PERMISSIONS } from "@ops/shared/permissions.ts";
import type { ConfigTable } from "../../data/config-flow.ts";
import { locale, tr } from "../../providers/i18n.ts";

/** What a token may be given: every read permission of the catalogue, then config:read:* and one config:read:<table> per table. */
export type ScopeOption = { code: string; label: string };

const isRead = (code: string) => /:(view|list)$/.test(code);

export function scopeOptions(tables: ConfigTable[]): ScopeOption[] {
  const reads = PERMISSIONS.filter((p) => p.kind !== "menu" && isRead(p.code)).map((p) => ({ code: p.code, label: p.name[locale()] }));
  const config = [
    { code: "config:read:*", label: tr("apiTokens.scope_all_tables") },
    ...tables.map((t) => ({ code: `config:read:${t.name}`, label: tr("apiTokens.scope_table", { name: t.display_name }) })),
  ];
  return [...reads, ...config];
}
