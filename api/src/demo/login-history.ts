import { DEMO_USERS } from "./company.data.ts";

/**
 * Two weeks of sign-ins of the demo company, computed (not stored): workday mornings from the
 * office, some evenings from phones or the VPN, a few wrong passwords, a password-guessing bot,
 * and one account locked by repeated failures a few minutes before the start. Deterministic, so
 * every demo database tells the same story relative to its start time.
 */
export type DemoLogin = {
  at: Date;
  username: string;
  success: boolean;
  reason: string | null;
  ip: string;
  userAgent: string;
};

const DAY = 86_400_000;
const MINUTE = 60_000;
/** Asia/Shanghai has no daylight saving: a fixed +8 h. */
const SHANGHAI = 8 * 3_600_000;
export const HISTORY_DAYS = 14;
/** the user whose repeated failures lock the account just before the start */
export const LOCKED_USER = DEMO_USERS.find((u) => u.state === "locked")!.username;
/** the user disabled in the middle of the history (signs in only before that) */
export const DISABLED_USER = DEMO_USERS.find((u) => u.state === "disabled")!.username;
export const DISABLED_DAYS_AGO = 6;
/** the user who locked herself out one morning and was unlocked by an administrator (admin-actions.ts, 09:05) */
export const UNLOCKED_USER = "lina";
export const UNLOCKED_DAYS_AGO = 4;

const OFFICE_IPS = ["116.228.88.10", "116.228.88.11", "116.228.88.12"];
const VPN_IP = "10.8.0.23";
const MOBILE_IP = "223.104.5.77";
const BOT_IP = "185.220.101.4";
const DESKTOP_UAS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
];
const MOBILE_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Lark/7.30.0";
const BOT_UA = "python-requests/2.32.3";

/** A small seeded generator (mulberry32): the same history on every demo start. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Midnight in Shanghai of the day `daysAgo` before `now`, as an instant. */
function shanghaiMidnight(now: Date, daysAgo: number): Date {
  const local = now.getTime() + SHANGHAI - daysAgo * DAY;
  return new Date(local - (local % DAY) - SHANGHAI);
}

const isWorkday = (midnight: Date) => {
  const weekday = new Date(midnight.getTime() + SHANGHAI).getUTCDay();
  return weekday !== 0 && weekday !== 6;
};

/** Every sign-in attempt of the demo history before `now`, oldest first; `lockoutThreshold` failures lock (security settings). */
export function demoLoginHistory(now: Date, lockoutThreshold: number): DemoLogin[] {
  const rand = random(20_261_203);
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)]!;
  const out: DemoLogin[] = [];
  for (let daysAgo = HISTORY_DAYS - 1; daysAgo >= 0; daysAgo--) {
    const midnight = shanghaiMidnight(now, daysAgo);
    const workday = isWorkday(midnight);
    for (const [i, u] of DEMO_USERS.entries()) {
      if (u.username === DISABLED_USER && daysAgo <= DISABLED_DAYS_AGO) continue;
      if (u.username === UNLOCKED_USER && daysAgo === UNLOCKED_DAYS_AGO) {
        out.push(...morningLockout(midnight, lockoutThreshold));
        continue;
      }
      // weekends: only the on-call engineers look in
      if (!workday && !u.dept.startsWith("tech")) continue;
      const morning = new Date(midnight.getTime() + (workday ? 9 * 60 : 10 * 60) * MINUTE + Math.floor(rand() * 80) * MINUTE + i * 7_000);
      const ip = workday ? pick(OFFICE_IPS) : VPN_IP;
      const ua = pick(DESKTOP_UAS);
      if (rand() < 0.08) out.push({ at: new Date(morning.getTime() - 40_000), username: u.username, success: false, reason: "bad_password", ip, userAgent: ua });
      out.push({ at: morning, username: u.username, success: true, reason: null, ip, userAgent: ua });
      if (workday && rand() < 0.3) {
        const evening = new Date(midnight.getTime() + 20 * 60 * MINUTE + Math.floor(rand() * 120) * MINUTE);
        out.push({ at: evening, username: u.username, success: true, reason: null, ip: rand() < 0.5 ? MOBILE_IP : VPN_IP, userAgent: MOBILE_UA });
      }
    }
    if (daysAgo % 4 === 2) {
      // someone's script tries common names at night
      const night = midnight.getTime() + 3 * 60 * MINUTE;
      for (const [k, name] of ["root", "admin1", "test"].entries()) {
        out.push({ at: new Date(night + k * 5_000), username: name, success: false, reason: "unknown_user", ip: BOT_IP, userAgent: BOT_UA });
      }
    }
  }
  const locked = lockout(now, lockoutThreshold);
  // nothing of the locked user after the failures began (a success would have cleared them)
  const before = out.filter((e) => e.username !== LOCKED_USER || e.at.getTime() < locked[0]!.at.getTime());
  return [...before, ...locked].filter((e) => e.at.getTime() < now.getTime()).sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The locked user's failures ending a few minutes before `now`, and the refused try after the lock. */
function lockout(now: Date, threshold: number): DemoLogin[] {
  const ip = OFFICE_IPS[0]!;
  const ua = DESKTOP_UAS[0]!;
  const start = now.getTime() - 4 * MINUTE;
  const tries: DemoLogin[] = [];
  for (let k = 0; k < threshold; k++) tries.push({ at: new Date(start + k * 15_000), username: LOCKED_USER, success: false, reason: "bad_password", ip, userAgent: ua });
  tries.push({ at: new Date(start + threshold * 15_000 + 30_000), username: LOCKED_USER, success: false, reason: "locked", ip, userAgent: ua });
  return tries;
}

/** 08:50 wrong passwords until locked, refused while locked, signed in at 09:10 once unlocked (09:05). */
function morningLockout(midnight: Date, threshold: number): DemoLogin[] {
  const ip = OFFICE_IPS[1]!;
  const ua = DESKTOP_UAS[1]!;
  const start = midnight.getTime() + (8 * 60 + 50) * MINUTE;
  const tries: DemoLogin[] = [];
  for (let k = 0; k < threshold; k++) tries.push({ at: new Date(start + k * 20_000), username: UNLOCKED_USER, success: false, reason: "bad_password", ip, userAgent: ua });
  tries.push({ at: new Date(start + 3 * MINUTE), username: UNLOCKED_USER, success: false, reason: "locked", ip, userAgent: ua });
  tries.push({ at: new Date(start + 20 * MINUTE), username: UNLOCKED_USER, success: true, reason: null, ip, userAgent: ua });
  return tries;
}

/** When the lockout began: the last failing password of the sequence. */
export function lockedAt(history: DemoLogin[]): Date | null {
  const fails = history.filter((e) => e.username === LOCKED_USER && e.reason === "bad_password");
  return fails.at(-1)?.at ?? null;
}
