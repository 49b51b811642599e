import { describe, expect, it } from "vitest";
import { AppError } from "@ops/shared";
import { fixedClock } from "../../../platform/clock.ts";
import { createRateLimiter } from "../../../platform/rate-limit.ts";
import type { IamDeps } from "../iam.deps.ts";
import { clearSignInLimit, limitRefresh, limitSignIn, perAccountLimit } from "./auth-rate-limit.ts";
import { DEFAULT_SECURITY } from "../settings/index.ts";

function setup() {
  const clock = fixedClock("2026-01-01T00:00:00.000Z");
  return { clock, deps: { clock, limiter: createRateLimiter() } as unknown as IamDeps };
}

const attempt = async (fn: () => Promise<void>): Promise<number | "ok"> => {
  try {
    await fn();
    return "ok";
  } catch (e) {
    return (e as AppError).status;
  }
};

describe("sign-in rate limits", () => {
  it("keeps the per-account limit above the lockout threshold, whatever the threshold", () => {
    for (const t of [1, 3, 5, 10, 100]) expect(perAccountLimit({ ...DEFAULT_SECURITY, lockout_threshold: t })).toBeGreaterThan(t);
  });

  it("limits per address and account (any letter case), and a success clears the account's count", async () => {
    const { deps } = setup();
    const tries = async (n: number, name = "lina") => {
      const out: Array<number | "ok"> = [];
      for (let i = 0; i < n; i++) out.push(await attempt(() => limitSignIn(deps, DEFAULT_SECURITY, "login", "10.0.0.1", name)));
      return out;
    };
    expect((await tries(9)).every((r) => r === "ok")).toBe(true);
    expect(await tries(1, "LINA")).toEqual(["ok"]);
    expect(await tries(1)).toEqual([429]);
    expect(await attempt(() => limitSignIn(deps, DEFAULT_SECURITY, "login", "10.0.0.2", "lina"))).toBe("ok");
    await clearSignInLimit(deps, "login", "10.0.0.1", "lina");
    expect(await tries(1)).toEqual(["ok"]);
  });

  it("limits per address across accounts, with retry_after, until the window passes", async () => {
    const { deps, clock } = setup();
    const security = { ...DEFAULT_SECURITY, login_rate_per_minute: 3 };
    for (let i = 0; i < 3; i++) expect(await attempt(() => limitSignIn(deps, security, "mfa", "10.0.0.1", `user${i}`))).toBe("ok");
    let error: AppError | undefined;
    try {
      await limitSignIn(deps, security, "mfa", "10.0.0.1", "user9");
    } catch (e) {
      error = e as AppError;
    }
    expect(error).toMatchObject({ status: 429, code: "common.rate_limited", params: { retry_after: 60 } });
    // the login endpoint counts separately, and requests without an address have no per-address limit
    expect(await attempt(() => limitSignIn(deps, security, "login", "10.0.0.1", "user9"))).toBe("ok");
    for (let i = 0; i < 5; i++) expect(await attempt(() => limitSignIn(deps, security, "mfa", null, `other${i}`))).toBe("ok");
    clock.advance(60_000);
    expect(await attempt(() => limitSignIn(deps, security, "mfa", "10.0.0.1", "user9"))).toBe("ok");
  });

  it("limits refresh per address only", async () => {
    const { deps } = setup();
    for (let i = 0; i < 60; i++) await limitRefresh(deps, DEFAULT_SECURITY, "10.0.0.1");
    expect(await attempt(() => limitRefresh(deps, DEFAULT_SECURITY, "10.0.0.1"))).toBe(429);
    expect(await attempt(() => limitRefresh(deps, DEFAULT_SECURITY, null))).toBe("ok");
  });
});
