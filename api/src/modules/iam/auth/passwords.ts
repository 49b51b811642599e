/** The argon2 cost: Bun's defaults (64 MiB, 2 passes) unless the test harness lowered it (api/src/testing/harness.ts). */
let cost: PasswordCost | undefined;

/**
 * Test systems only: a cheap argon2id (hundreds of sign-ins and seeded users per test run, ~0.5 s each at full cost on
 * a busy two-core box). Hashes carry their own cost, so verifying is as cheap. Nothing outside tests calls it;
 * api/src/testing/password-cost.test.ts checks the production cost (null restores it; the previous cost is returned:
 * test files share modules, so a test that restores the production cost puts the lowered one back after it).
 */
export function lowerPasswordCostForTests(lowered: PasswordCost | null): PasswordCost | null {
  const previous = cost ?? null;
  cost = lowered ?? undefined;
  return previous;
}

type PasswordCost = { memoryCost: number; timeCost: number };

/** argon2id via Bun.password: memory-hard and tuned by Bun; no native addon to build. */
export async function hashPassword(plain: string): Promise<string> {
  return Bun.password.hash(plain, { algorithm: "argon2id", ...cost });
}

export async function verifyPassword(plain: string, hash: string | null): Promise<boolean> {
  if (!hash) return false;
  try {
    return await Bun.password.verify(plain, hash);
  } catch {
    return false;
  }
}

/** Readable but strong: used for generated first-admin and reset passwords. */
export function generatePassword(length = 16): string {
  const sets = ["ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789", "!@#%^*-_=+"];
  const all = sets.join("");
  const pick = (s: string) => s[crypto.getRandomValues(new Uint32Array(1))[0]! % s.length]!;
  const chars = sets.map(pick);
  while (chars.length < length) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = crypto.getRandomValues(new Uint32Array(1))[0]! % (i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join("");
}
