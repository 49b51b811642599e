import { describe, expect, it } from "vitest";
import { signUnsubscribe, verifyUnsubscribe } from "./unsubscribe.ts";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

describe("unsubscribe tokens", () => {
  const claim = { userId: "u1", type: "job.failed", channel: "email" as const };

  it("round-trips a claim and refuses a changed payload", () => {
    const token = signUnsubscribe("key", claim);
    expect(verifyUnsubscribe("key", token)).toMatchObject(claim);
    expect(() => verifyUnsubscribe("other-key", token)).toThrow();
    const [payload, mac] = token.split(".") as [string, string];
    const forged = Buffer.from(JSON.stringify({ u: "u2", t: claim.type, c: claim.channel })).toString("base64url");
    expect(() => verifyUnsubscribe("key", `${forged}.${mac}`)).toThrow();
    expect(payload).not.toBe(forged);
  });

  it("accepts only the canonical spelling of the MAC", () => {
    const [payload, mac] = signUnsubscribe("key", claim).split(".") as [string, string];
    // The last base64url character of a 32-byte MAC carries two padding bits: its neighbour decodes to the same bytes.
    const twin = ALPHABET[ALPHABET.indexOf(mac.at(-1)!) + 1]!;
    const other = mac.slice(0, -1) + twin;
    expect(Buffer.from(other, "base64url")).toEqual(Buffer.from(mac, "base64url"));
    expect(() => verifyUnsubscribe("key", `${payload}.${other}`)).toThrow();
  });
});
