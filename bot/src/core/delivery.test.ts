import { describe, expect, it } from "vitest";
import type { Card } from "@ops/cards";
import { createDelivery } from "./delivery.ts";
import type { ApiClient } from "./api-client.ts";
import type { ChatAdapter, MessageRef } from "./port.ts";

/** A Feishu-like adapter whose updates finish when the test says so, recording what each message last showed. */
function slowAdapter() {
  const shown = new Map<string, string>();
  const pending: Array<() => void> = [];
  const adapter = {
    platform: "feishu", commandPrefix: "",
    async update(ref: MessageRef, card: Card) {
      await new Promise<void>((resolve) => pending.push(resolve));
      shown.set(ref.messageId, JSON.stringify(card));
    },
  } as unknown as ChatAdapter;
  return { adapter, shown, pending };
}

const job = (status: string, seq?: number) => ({
  name: "card.update", attempt: 1, maxAttempts: 3,
  payload: {
    platform: "feishu", chatId: "oc_1", messageId: "om_1", locale: "zh-CN", userId: null,
    card: { kind: "notification", data: { notificationId: "n1", type: "t", title: status, body: status, createdAt: "2026-12-04T00:00:00.000Z" } },
    ...(seq === undefined ? {} : { seq }),
  },
});

const until = async (check: () => boolean) => {
  for (let i = 0; i < 1_000 && !check(); i++) await new Promise((r) => setImmediate(r));
  expect(check()).toBe(true);
};

describe("card updates of one posted message", () => {
  it("apply one at a time and drop an update numbered older than one applied (a late catch-up beside a newer refresh)", async () => {
    const { adapter, shown, pending } = slowAdapter();
    const handle = createDelivery({ api: {} as ApiClient, adapterOf: () => adapter, logger: { warn() {}, info() {}, error() {}, debug() {} } as never });
    // the newer refresh (2) is worked on first, the catch-up queued at record time (1) beside it
    const newer = handle(job("approved", 2));
    const older = handle(job("pending", 1));
    await until(() => pending.length === 1);
    pending.shift()!();
    await newer;
    await older;
    expect(pending).toEqual([]);
    expect(shown.get("om_1")).toContain("approved");

    // in order they both apply; an unnumbered update always does
    const third = handle(job("withdrawn", 3));
    await until(() => pending.length === 1);
    pending.shift()!();
    await third;
    const plain = handle(job("read"));
    await until(() => pending.length === 1);
    pending.shift()!();
    await plain;
    expect(shown.get("om_1")).toContain("read");
  });
});
