import { createSignal } from "solid-js";
import { isApiError } from "../../data/api-error.ts";
import { notifyError } from "../../providers/toast.tsx";
import { errorKey } from "./designer-model.ts";

/**
 * Field errors of the designer and the record form: the API's `errors[].field` and the browser's own
 * findings, under one spelling (`fields[0].regex`, `values.rate`), so each lands at its input.
 * After a failed submit the first invalid input scrolls into view (long forms on a phone).
 */
export function createConfigErrors() {
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const reveal = () =>
    queueMicrotask(() => requestAnimationFrame(() => document.querySelector("[data-invalid], [aria-invalid='true']")?.scrollIntoView({ block: "center" })));
  return {
    of: (field: string): string | undefined => {
      const all = errors();
      if (field in all) return all[field];
      const nested = Object.keys(all).find((k) => k.startsWith(`${field}.`) || k.startsWith(`${field}[`));
      return nested ? all[nested] : undefined;
    },
    all: errors,
    set(problems: Record<string, string>): void {
      setErrors(Object.fromEntries(Object.entries(problems).map(([k, v]) => [errorKey(k), v])));
      reveal();
    },
    fail(e: unknown): void {
      setErrors(isApiError(e) ? Object.fromEntries(e.errors.map((x) => [errorKey(x.field), x.message])) : {});
      notifyError(e);
      reveal();
    },
    clear: () => setErrors({}),
  };
}

export type ConfigErrors = ReturnType<typeof createConfigErrors>;
