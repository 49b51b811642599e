import { onCleanup } from "solid-js";
import { onLiveNotification } from "../notifications/live.ts";

/**
 * Calls `fn` with the instance id when an approval notice (approval.requested, .cc, .decided, .urged)
 * arrives on the signed-in shell's notification stream, for as long as the calling component lives.
 */
export function onApprovalNotice(fn: (instanceId: string | null) => void): void {
  const stop = onLiveNotification((n) => {
    if (!n.type.startsWith("approval.")) return;
    const data = (n.data ?? {}) as { instance_id?: unknown };
    fn(typeof data.instance_id === "string" ? data.instance_id : null);
  });
  onCleanup(stop);
}
