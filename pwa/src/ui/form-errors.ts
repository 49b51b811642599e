import { createSignal } from "solid-js";
import { isApiError } from "../data/api-error.ts";
import { notifyError } from "../providers/toast.tsx";

/**
 * Field errors of the last failed submit: the API's `errors[].field` go next to the
 * inputs, its message to a toast.
 */
export function createFormErrors() {
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  return {
    /** "role_ids" also picks up "role_ids.0" (zod paths into arrays and objects) */
    of: (field: string): string | undefined => {
      const all = errors();
      if (field in all) return all[field];
      const nested = Object.keys(all).find((k) => k.startsWith(`${field}.`));
      return nested ? all[nested] : undefined;
    },
    fail(e: unknown): void {
      setErrors(isApiError(e) ? Object.fromEntries(e.errors.map((x) => [x.field, x.message])) : {});
      notifyError(e);
    },
    clear: () => setErrors({}),
  };
}

export type FormErrors = ReturnType<typeof createFormErrors>;
