import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env.ts";

describe("env", () => {
  it("starts on embedded defaults with nothing set", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 8787, OPS_DATA_DIR: "./data", OPS_DEMO: false, OPS_ROLES: ["web", "worker", "scheduler", "bot"] });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
  });

  it("reports every bad variable at once", () => {
    try {
      parseEnv({ PORT: "eighty", OPS_ROLES: "web,cook", OPS_SECRET_KEY: "short", OPS_PUBLIC_URL: "not a url" });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(EnvError);
      const issues = (e as EnvError).issues.join("\n");
      for (const name of ["PORT", "OPS_ROLES", "OPS_SECRET_KEY", "OPS_PUBLIC_URL"]) expect(issues).toContain(name);
    }
  });

  it("treats empty variables as unset", () => {
    const env = parseEnv({ OPS_ADMIN_PASSWORD: "", PORT: "" });
    expect(env.OPS_ADMIN_PASSWORD).toBeUndefined();
    expect(env.PORT).toBe(8787);
  });

  it("reads the demo switch and role lists", () => {
    expect(parseEnv({ OPS_DEMO: "1", OPS_ROLES: "web, worker" })).toMatchObject({ OPS_DEMO: true, OPS_ROLES: ["web", "worker"] });
    expect(parseEnv({ OPS_ROLES: "worker,worker" }).OPS_ROLES).toEqual(["worker"]);
  });

  it("refuses unknown roles by name, listing the known ones", () => {
    expect(() => parseEnv({ OPS_ROLES: "web,wrker" })).toThrow('OPS_ROLES: unknown role "wrker": use a comma-separated list of web, worker, scheduler, bot');
    expect(() => parseEnv({ OPS_ROLES: " , " })).toThrow("OPS_ROLES: no role");
  });

  it("reads the shutdown timeout (25 s by default, under Kubernetes' 30 s grace)", () => {
    expect(parseEnv({}).OPS_SHUTDOWN_TIMEOUT_S).toBe(25);
    expect(parseEnv({ OPS_SHUTDOWN_TIMEOUT_S: "5" }).OPS_SHUTDOWN_TIMEOUT_S).toBe(5);
    expect(() => parseEnv({ OPS_SHUTDOWN_TIMEOUT_S: "0" })).toThrow("OPS_SHUTDOWN_TIMEOUT_S");
  });
});
