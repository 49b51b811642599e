import type { ConfigTable } from "@ops/shared/contracts/config.ts";
import type { SecretBox } from "../../../platform/crypto.ts";
import { SECRET_MASK } from "../config.deps.ts";

type Values = Record<string, unknown>;

/** Stored values with secret fields opened (diffs compare plaintexts; consumers and system reads get them). */
export async function openSecrets(table: ConfigTable, values: Values, secrets: SecretBox): Promise<Values> {
  const out = { ...values };
  for (const f of table.fields) {
    if (!f.secret || typeof out[f.key] !== "string") continue;
    try {
      out[f.key] = await secrets.decrypt(out[f.key] as string);
    } catch {
      // sealed under another key (a restored database): unreadable, and never shown in clear
      out[f.key] = null;
    }
  }
  return out;
}

/** What every answer shows of a secret: set → "••••••", unset → null. */
export function maskSecrets(table: ConfigTable, values: Values): Values {
  const out = { ...values };
  for (const f of table.fields) if (f.secret) out[f.key] = out[f.key] == null ? null : SECRET_MASK;
  return out;
}

/** Only the table's fields, in its order (values of fields removed from the table stay stored but are not shown). */
export function visibleValues(table: ConfigTable, values: Values): Values {
  return Object.fromEntries(table.fields.map((f) => [f.key, values[f.key] ?? null]));
}
