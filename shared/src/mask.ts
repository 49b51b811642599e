/** Column masking for sensitive fields; shown in full only to holders of the unmask permission. */
export type SensitiveKind = "phone" | "email" | "id_number";

export function maskValue(kind: SensitiveKind, value: string | null | undefined): string | null {
  if (value == null || value === "") return value ?? null;
  switch (kind) {
    case "phone":
      return value.length <= 7 ? "*".repeat(value.length) : `${value.slice(0, 3)}****${value.slice(-4)}`;
    case "email": {
      const at = value.indexOf("@");
      if (at <= 0) return "***";
      return `${value[0]}***${value.slice(at)}`;
    }
    case "id_number":
      return value.length <= 8 ? "*".repeat(value.length) : `${value.slice(0, 4)}${"*".repeat(value.length - 8)}${value.slice(-4)}`;
  }
}
