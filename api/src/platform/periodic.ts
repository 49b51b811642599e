/**
 * Runs `pass` every `everyMs` until stopped, one pass at a time: a pass still running when the next tick comes is not
 * started twice (sweeps on the scheduler role: tickets' SLA, approvals' timeouts). The timer does not keep the
 * process alive.
 */
export function startPeriodic(pass: () => Promise<unknown>, onError: (e: unknown) => void, everyMs = 60_000): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    pass().catch(onError).finally(() => (running = false));
  }, everyMs);
  timer.unref?.();
  return () => clearInterval(timer);
}
