import { createMemo, type Accessor } from "solid-js";
import type { Option } from "../../ui/select.tsx";

/**
 * Select options that keep their identity while their content is the same. The selects find their value among
 * the options by object: options rebuilt on every draft change would look like a new value each time, and the
 * select's change handler would write the draft again, forever.
 */
export function stableOptions(fn: () => Option[]): Accessor<Option[]> {
  return createMemo(fn, [], { equals: (a, b) => a.length === b.length && a.every((o, i) => o.value === b[i]!.value && o.label === b[i]!.label) });
}
