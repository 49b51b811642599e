/**
 * Work to undo when the current test file ends, for helpers that keep something for a whole file without a hook of their
 * own (the PWA browser harness's chromium). The vitest setup file api/src/testing/file-end.setup.ts runs it after each
 * file's own afterAll hooks. Kept on globalThis: with isolate off the files share one module graph, and with it on the
 * setup file and the test file still see the same list.
 */
const KEY = Symbol.for("ops.testing.fileEnd");

type Holder = { [KEY]?: Set<() => Promise<void>> };

function pending(): Set<() => Promise<void>> {
  const g = globalThis as Holder;
  return (g[KEY] ??= new Set());
}

/** Runs `fn` once, when the test file that is running now ends. */
export function atFileEnd(fn: () => Promise<void>): void {
  pending().add(fn);
}

/** Runs (and forgets) what the ending file left; every one runs even if another fails, and the first failure is thrown. */
export async function runFileEnd(): Promise<void> {
  const fns = [...pending()];
  pending().clear();
  const results = await Promise.allSettled(fns.map((fn) => fn()));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}
