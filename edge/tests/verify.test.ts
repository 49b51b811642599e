import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyFeishuRequest } from "../../bot/src/adapters/feishu/verify.ts";
import { verifySlackSignature } from "../../bot/src/adapters/slack/verify.ts";
import { larkCardSignatureV1, larkEncrypt, larkSignature, slackSignature } from "../../scripts/fakes/index.ts";
import { feishuDecryptText, verifyFeishu, verifySlack } from "../src/verify.ts";

// The edge re-implements the origin's checks with Web Crypto: both must reach the same verdict.
const NOW = 1_780_000_000_000;
const nowSec = NOW / 1000;
const bytes = (s: string) => new TextEncoder().encode(s);

describe("edge Slack verification agrees with the origin's", () => {
  const secret = "8f742231b10e8888abcd99yyyzzz85a5";
  const body = "token=x&team_id=T1&command=%2Fops&text=help&trigger_id=1.2.abc";
  const cases: Array<[string, string | null, string | null]> = [
    ["valid", slackSignature(secret, nowSec, body), String(nowSec)],
    ["wrong secret", slackSignature("another-secret", nowSec, body), String(nowSec)],
    ["stale", slackSignature(secret, nowSec - 301, body), String(nowSec - 301)],
    ["far future", slackSignature(secret, nowSec + 301, body), String(nowSec + 301)],
    ["inside the window", slackSignature(secret, nowSec - 299, body), String(nowSec - 299)],
    ["no signature", null, String(nowSec)],
    ["non-numeric timestamp", slackSignature(secret, "abc", body), "abc"],
    ["upper-case hex", slackSignature(secret, nowSec, body).toUpperCase(), String(nowSec)],
  ];
  it.each(cases)("%s", async (_name, signature, timestamp) => {
    const origin = verifySlackSignature({ signingSecret: secret, rawBody: body, signature, timestamp, nowMs: NOW });
    expect(await verifySlack(secret, body, signature, timestamp, NOW)).toEqual(origin);
  });

  it("matches Slack's worked example", async () => {
    const sample = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    const sig = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    expect(await verifySlack(secret, sample, sig, "1531420618", 1531420618_000)).toEqual({ ok: true });
  });
});

describe("edge Feishu verification agrees with the origin's", () => {
  const token = "fake-verification-token";
  const encryptKey = "fake-encrypt-key";
  const ts = String(nowSec);
  const nonce = "n0nce";
  const envelope = JSON.stringify({ schema: "2.0", header: { event_id: "ev-1", event_type: "im.message.receive_v1", token }, event: { message: { text: "hi" } } });
  const encrypted = JSON.stringify({ encrypt: larkEncrypt(encryptKey, envelope, randomBytes(16)) });
  const challengePlain = JSON.stringify({ challenge: "c-123", token, type: "url_verification" });
  const legacy = JSON.stringify({ open_id: "ou_1", token: "card-token", action: { value: { a: 1 }, tag: "button" } });

  type Case = [string, string, { timestamp: string | null; nonce: string | null; signature: string | null }, { verificationToken?: string; encryptKey?: string }, boolean];
  const signed = (raw: string) => ({ timestamp: ts, nonce, signature: larkSignature(ts, nonce, encryptKey, raw) });
  const none = { timestamp: null, nonce: null, signature: null };
  const cases: Case[] = [
    ["token-only event", envelope, none, { verificationToken: token }, false],
    ["token-only event, wrong token", envelope, none, { verificationToken: "other" }, false],
    ["token-only challenge", challengePlain, none, { verificationToken: token }, false],
    ["encrypted signed event", encrypted, signed(encrypted), { verificationToken: token, encryptKey }, false],
    ["encrypted event, bad signature", encrypted, { ...signed(encrypted), signature: "0".repeat(64) }, { verificationToken: token, encryptKey }, false],
    ["encrypted event, stale", encrypted, { ...signed(encrypted), timestamp: String(nowSec - 400), signature: larkSignature(String(nowSec - 400), nonce, encryptKey, encrypted) }, { verificationToken: token, encryptKey }, false],
    ["encrypted challenge, unsigned", JSON.stringify({ encrypt: larkEncrypt(encryptKey, challengePlain, randomBytes(16)) }), none, { verificationToken: token, encryptKey }, false],
    ["encrypted with another key", JSON.stringify({ encrypt: larkEncrypt("other-key", envelope, randomBytes(16)) }), none, { verificationToken: token, encryptKey }, false],
    ["legacy card", legacy, { timestamp: ts, nonce, signature: larkCardSignatureV1(ts, nonce, token, legacy) }, { verificationToken: token }, true],
    ["legacy card on the events path", legacy, { timestamp: ts, nonce, signature: larkCardSignatureV1(ts, nonce, token, legacy) }, { verificationToken: token }, false],
    ["legacy card, forged", legacy, { timestamp: ts, nonce, signature: larkCardSignatureV1(ts, nonce, "guess", legacy) }, { verificationToken: token }, true],
  ];
  it.each(cases)("%s", async (_name, raw, headers, config, legacyPath) => {
    const origin = verifyFeishuRequest(bytes(raw), headers, config, NOW, legacyPath);
    expect(await verifyFeishu(bytes(raw), headers, config, NOW, legacyPath)).toEqual(origin);
  });

  it("decrypts Feishu's official test vector", async () => {
    expect(await feishuDecryptText("test key", "P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=")).toBe("hello world");
  });
});
