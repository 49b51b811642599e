import { hasPermission, maskValue, type Actor } from "@ops/shared";

export const UNMASK_PERMISSION = "iam:user:unmask";

type Sensitive = { email: string | null; phone: string | null; id_number: string | null };

/** Phone, email and id number in full only for holders of `iam:user:unmask`. */
export function maskSensitive<T extends Sensitive>(actor: Actor, row: T): T {
  if (hasPermission(actor, UNMASK_PERMISSION)) return row;
  return maskAlways(row);
}

/** Masked whoever looks: audit notes are read by people who may not unmask. */
export function maskAlways<T extends Sensitive>(row: T): T {
  return {
    ...row,
    email: maskValue("email", row.email),
    phone: maskValue("phone", row.phone),
    id_number: maskValue("id_number", row.id_number),
  };
}
