/** Process CPU readings and a PostgreSQL database of the bench's own, shared by the API benches (api.ts, scale.ts). */
import { readFileSync } from "node:fs";
import { SQL } from "bun";

const CLOCK_TICKS = Number(Bun.spawnSync(["getconf", "CLK_TCK"]).stdout.toString().trim()) || 100;

/** utime and stime of the process in µs (all threads); 0 for a process that is gone. */
export function cpuTimes(pid: number): { user: number; sys: number } {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return { user: 0, sys: 0 };
  }
  // Fields after the command name (which may contain spaces) start after the last ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { user: (Number(fields[11]) * 1e6) / CLOCK_TICKS, sys: (Number(fields[12]) * 1e6) / CLOCK_TICKS };
}

export function cpuMicros(pid: number): number {
  const t = cpuTimes(pid);
  return t.user + t.sys;
}

/** Sums the CPU of the PostgreSQL backends connected to `database` (asked each time: the pools may open more). */
export async function pgBackendCpu(adminUrl: string, database: string): Promise<number> {
  const admin = new SQL(adminUrl);
  try {
    const rows = (await admin`SELECT pid FROM pg_stat_activity WHERE datname = ${database}`) as Array<{ pid: number }>;
    return rows.reduce((sum, r) => sum + cpuMicros(Number(r.pid)), 0);
  } finally {
    await admin.close();
  }
}

/** PostgreSQL: a database of the bench's own (default ops_bench_<pid>) on the server of `adminUrl`, dropped by `drop()`. */
export async function benchDatabase(adminUrl: string, name = `ops_bench_${process.pid}`): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const admin = new SQL(adminUrl);
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.close();
  return {
    url: adminUrl.replace(/\/[^/]*$/, `/${name}`),
    name,
    async drop() {
      const a = new SQL(adminUrl);
      await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.close();
    },
  };
}
