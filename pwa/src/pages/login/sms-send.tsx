import { createSignal, onCleanup, type JSX } from "solid-js";
import { isApiError } from "../../data/api-error.ts";
import type { SmsSent } from "../../data/sms.ts";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";

/** After a code is sent the button waits this long: the API allows 5 codes per phone per minute. */
export const RESEND_SECONDS = 60;

/** A seconds counter that ticks down to 0 (the "resend in N s" of every code button). */
export function createCountdown() {
  const [left, setLeft] = createSignal(0);
  let timer: ReturnType<typeof setInterval> | undefined;
  const stop = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
  };
  onCleanup(stop);
  return {
    left,
    start(seconds: number) {
      stop();
      setLeft(seconds);
      timer = setInterval(() => setLeft((n) => (n <= 1 ? (stop(), 0) : n - 1)), 1000);
    },
  };
}

/** The wait a 429 asks for; the API's message (already translated) carries the seconds. */
export function retryAfterSeconds(e: unknown): number | null {
  if (!isApiError(e) || e.status !== 429) return null;
  const n = /(\d+)/.exec(e.message)?.[1];
  return n ? Number(n) : RESEND_SECONDS;
}

/** "获取验证码": sends, then stays disabled with a countdown; a 429 counts down the wait the API names. */
export function SmsSendButton(props: {
  send: () => Promise<SmsSent>;
  onSent?: (sent: SmsSent) => void;
  onError: (e: unknown) => void;
  disabled?: boolean;
  label?: string;
  testid?: string;
}): JSX.Element {
  const countdown = createCountdown();
  const [busy, setBusy] = createSignal(false);
  const click = async () => {
    setBusy(true);
    props.onError(null);
    try {
      const sent = await props.send();
      countdown.start(RESEND_SECONDS);
      props.onSent?.(sent);
    } catch (e) {
      const wait = retryAfterSeconds(e);
      if (wait) countdown.start(wait);
      props.onError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button class="sms-send" onClick={click} loading={busy()} disabled={props.disabled || countdown.left() > 0} data-testid={props.testid ?? "sms-send"}>
      {countdown.left() > 0 ? tr("sms.resend_in", { seconds: countdown.left() }) : (props.label ?? tr("sms.send_code"))}
    </Button>
  );
}

/** Where an SMS error goes: the field the API names, a 429 to the phone, a wrong code to the code field. */
export function smsFieldErrors(e: unknown, phoneField = "phone"): Record<string, string> | null {
  if (!isApiError(e)) return null;
  if (e.errors.length) return Object.fromEntries(e.errors.map((x) => [x.field, x.message]));
  if (e.status === 429 || e.reason === "iam.sms_unavailable") return { [phoneField]: e.message };
  if (e.reason === "iam.sms_invalid_code") return { code: e.message };
  return null;
}
