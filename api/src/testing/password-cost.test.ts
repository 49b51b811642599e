import { expect, test } from "vitest";
import { hashPassword } from "../modules/iam/index.ts";

// This file does not import the harness, which lowers the cost for test systems: here the production cost holds.
test("passwords are hashed with argon2id at Bun's production cost (64 MiB, 2 passes), and verify", async () => {
  const hash = await hashPassword("Prod#Cost2026");
  expect(hash).toMatch(/^\$argon2id\$v=19\$m=65536,t=2,p=1\$/);
  expect(await Bun.password.verify("Prod#Cost2026", hash)).toBe(true);
  expect(await Bun.password.verify("Prod#Cost2027", hash)).toBe(false);
});
