import { describe, expect, it } from "vitest";
import { notifyText, renderTemplate } from "./render.ts";
import { signUnsubscribe, verifyUnsubscribe } from "../preferences/index.ts";

describe("template rendering", () => {
  it("fills ${var} and ${a.b}, renders objects as JSON and reports what is missing", () => {
    expect(renderTemplate("${ name } ran ${job.id} (${n}) ${obj} ${gone}", { name: "etl", job: { id: 7 }, n: 0, obj: { a: 1 } })).toEqual({
      text: 'etl ran 7 (0) {"a":1} ',
      missing: ["gone"],
    });
    expect(renderTemplate("${constructor} ${toString}", {}).missing).toEqual(["constructor", "toString"]);
  });

  it("has its built-in texts in both languages", () => {
    expect(notifyText("en", "notify.digest.title", { count: 2, type: "x" })).toBe("2 notifications: x");
    expect(notifyText("zh-CN", "notify.digest.title", { count: 2, type: "x" })).toBe("2 条通知：x");
  });
});

describe("unsubscribe tokens", () => {
  it("round-trips a claim and refuses a tampered or foreign one", () => {
    const token = signUnsubscribe("k1", { userId: "u1", type: "report.daily", channel: "email" });
    expect(verifyUnsubscribe("k1", token)).toEqual({ userId: "u1", type: "report.daily", channel: "email" });
    expect(() => verifyUnsubscribe("k2", token)).toThrow("notify.invalid_token");
    const [payload, mac] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ u: "u2", t: "report.daily", c: "email" })).toString("base64url");
    expect(() => verifyUnsubscribe("k1", `${forged}.${mac}`)).toThrow("notify.invalid_token");
    expect(() => verifyUnsubscribe("k1", payload!)).toThrow("notify.invalid_token");
  });
});
