import { afterEach, describe, expect, it } from "vitest";
import { ENGINES } from "../../testing/harness.ts";
import { chainedSystem, dropGuards, maxSeq, verify } from "./chain.testkit.ts";

/** Tamper evidence through GET /audit/verify: each raw manipulation an intruder could make is found and located. */
describe.each(ENGINES)("audit hash chain on %s", (engine) => {
  let s: Awaited<ReturnType<typeof chainedSystem>> | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it("chains every audit and login row and verifies clean; only auditors and admins may ask", async () => {
    s = await chainedSystem(engine);
    const report = await verify(s, s.auditor);
    expect(report).toMatchObject({ ok: true, first_bad: null });
    const db = s.system.db;
    const rows = Number((await db.get<{ n: number }>("SELECT CAST(COUNT(*) AS INTEGER) AS n FROM audit_logs"))!.n);
    const logins = Number((await db.get<{ n: number }>("SELECT CAST(COUNT(*) AS INTEGER) AS n FROM login_logs"))!.n);
    expect(rows).toBeGreaterThan(2);
    expect(logins).toBe(4);
    expect(report.tables.audit_logs.head_seq).toBe(await maxSeq(db, "audit_logs"));
    const newest = await db.get<{ chain_hash: string }>("SELECT chain_hash FROM audit_logs ORDER BY seq DESC LIMIT 1");
    expect(report.tables.audit_logs.head_hash).toBe(newest!.chain_hash);
    expect(report.checked).toBe(rows + logins);
    const unchained = await db.get("SELECT id FROM audit_logs WHERE seq IS NULL OR chain_hash IS NULL");
    expect(unchained).toBeUndefined();
    expect((await verify(s, s.admin)).ok).toBe(true);
    const lina = await s.login("lina");
    expect((await s.req("GET", "/api/v1/audit/verify", { token: lina })).status).toBe(403);
  });

  it("finds an edited row (UPDATE after dropping the triggers)", async () => {
    s = await chainedSystem(engine);
    await dropGuards(s.system.db, "audit_logs");
    const victim = await s.system.db.get<{ id: string }>("SELECT id FROM audit_logs WHERE seq = 2");
    await s.system.db.run("UPDATE audit_logs SET actor_name = 'mallory' WHERE seq = 2");
    expect((await verify(s, s.auditor)).first_bad).toEqual({ table: "audit_logs", seq: 2, id: victim!.id, reason: "hash_mismatch" });
  });

  it("finds an edited login row", async () => {
    s = await chainedSystem(engine);
    await dropGuards(s.system.db, "login_logs");
    await s.system.db.run("UPDATE login_logs SET success = 1 WHERE seq = 3");
    expect((await verify(s, s.auditor)).first_bad).toMatchObject({ table: "login_logs", seq: 3, reason: "hash_mismatch" });
  });

  it("finds a deleted row", async () => {
    s = await chainedSystem(engine);
    await dropGuards(s.system.db, "audit_logs");
    await s.system.db.run("DELETE FROM audit_logs WHERE seq = 2");
    expect((await verify(s, s.auditor)).first_bad).toMatchObject({ table: "audit_logs", seq: 2, reason: "missing_row" });
  });

  it("finds reordered rows (seq and hash swapped between two rows)", async () => {
    s = await chainedSystem(engine);
    const db = s.system.db;
    await dropGuards(db, "audit_logs");
    const [a, b] = await db.all<{ id: string; chain_hash: string }>("SELECT id, chain_hash FROM audit_logs WHERE seq IN (1, 2) ORDER BY seq");
    await db.run("UPDATE audit_logs SET seq = -1 WHERE id = ?", [a!.id]);
    await db.run("UPDATE audit_logs SET seq = 1, chain_hash = ? WHERE id = ?", [a!.chain_hash, b!.id]);
    await db.run("UPDATE audit_logs SET seq = 2, chain_hash = ? WHERE id = ?", [b!.chain_hash, a!.id]);
    expect((await verify(s, s.auditor)).first_bad).toMatchObject({ table: "audit_logs", seq: 1, id: b!.id, reason: "hash_mismatch" });
  });

  it("finds a row inserted with raw SQL, with or without a made-up chain position", async () => {
    s = await chainedSystem(engine);
    const db = s.system.db;
    await db.run("INSERT INTO login_logs (id, ts, username, success) VALUES ('forged-1', '2026-01-01T00:00:00.000Z', 'ghost', 1)");
    expect((await verify(s, s.auditor)).first_bad).toEqual({ table: "login_logs", seq: null, id: "forged-1", reason: "unchained_row" });

    const next = (await maxSeq(db, "audit_logs")) + 1;
    await db.run(
      "INSERT INTO audit_logs (id, ts, actor_kind, module, action, status, seq, chain_hash) VALUES ('forged-2', '2026-01-01T00:00:00.000Z', 'user', 'iam', 'x', 200, ?, ?)",
      [next, "0".repeat(64)],
    );
    expect((await verify(s, s.auditor)).first_bad).toMatchObject({ table: "audit_logs", seq: next, id: "forged-2", reason: "beyond_head" });
  });

  it("finds the newest rows cut off, and a head rewound to hide it", async () => {
    s = await chainedSystem(engine);
    const db = s.system.db;
    await dropGuards(db, "audit_logs");
    const last = await maxSeq(db, "audit_logs");
    await db.run("DELETE FROM audit_logs WHERE seq >= ?", [last - 1]);
    expect((await verify(s, s.auditor)).first_bad).toMatchObject({ table: "audit_logs", seq: last - 1, reason: "truncated" });
    const kept = await db.get<{ chain_hash: string }>("SELECT chain_hash FROM audit_logs WHERE seq = ?", [last - 2]);
    await db.run("UPDATE audit_chain_heads SET seq = ?, hash = ? WHERE chain = 'audit_logs'", [last - 2, kept!.chain_hash]);
    expect((await verify(s, s.auditor)).first_bad).toMatchObject({ table: "audit_logs", reason: "head_tampered" });
  });

  it("stays linear under many concurrent writes", async () => {
    s = await chainedSystem(engine);
    const sys = s;
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        i % 2
          ? sys.req("POST", "/api/v1/auth/login", { body: { username: `ghost${i}`, password: "x-wrong-1" }, headers: { "x-forwarded-for": `10.8.${i}.1` } })
          : sys.req("POST", "/api/v1/auth/logout", { token: "not-a-token", headers: { "x-forwarded-for": `10.9.${i}.1` } }),
      ),
    );
    const report = await verify(s, s.auditor);
    expect(report.first_bad).toBeNull();
    expect(report.tables.login_logs.head_seq).toBe(34);
    expect(report.tables.audit_logs.checked).toBe(report.tables.audit_logs.head_seq);
  });
});
