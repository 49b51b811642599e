/**
 * Resolves once `check` holds. It is checked at once and again after every signal from `sources` (each subscribes a
 * listener and returns how to unsubscribe), one check at a time (a signal during a check runs it again after); a
 * check that throws rejects. `describe` names what timed out (called only then, so it may read late state).
 */
export function untilSignalled(
  sources: Array<(wake: () => void) => () => unknown>,
  check: () => boolean | Promise<boolean>,
  describe: () => string,
  timeoutMs: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let busy = false;
    let again = false;
    const offs: Array<() => unknown> = [];
    const finish = (error?: Error) => {
      for (const off of offs) off();
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    };
    const probe = async () => {
      if (busy) return void (again = true);
      busy = true;
      try {
        do {
          again = false;
          if (await check()) return finish();
        } while (again);
      } catch (error) {
        return finish(error as Error);
      } finally {
        busy = false;
      }
    };
    for (const subscribe of sources) offs.push(subscribe(() => void probe()));
    const timer = setTimeout(() => finish(new Error(`timed out waiting for ${describe()}`)), timeoutMs);
    void probe();
  });
}
