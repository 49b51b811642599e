import { afterAll, beforeAll, expect, test } from "vitest";
import { hashPassword, lowerPasswordCostForTests } from "../modules/iam/index.ts";

// Test files share one module graph (vitest.config.ts: isolate false), so the harness may already have lowered the
// cost for test systems: this file restores the production cost for its test and puts the lowered one back after.
let lowered: ReturnType<typeof lowerPasswordCostForTests> = null;
beforeAll(() => {
  lowered = lowerPasswordCostForTests(null);
});
afterAll(() => {
  if (lowered) lowerPasswordCostForTests(lowered);
});

test("passwords are hashed with argon2id at Bun's production cost (64 MiB, 2 passes), and verify", async () => {
  const hash = await hashPassword("Prod#Cost2026");
  expect(hash).toMatch(/^\$argon2id\$v=19\$m=65536,t=2,p=1\$/);
  expect(await Bun.password.verify("Prod#Cost2026", hash)).toBe(true);
  expect(await Bun.password.verify("Prod#Cost2027", hash)).toBe(false);
});
