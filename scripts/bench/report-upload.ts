/**
 * Report uploads: a ROWS-row CSV and XLSX (8 columns: text, numbers with separators, dates, booleans) loaded as an
 * upload datasource (parse, type inference, CREATE TABLE, multi-row INSERTs in one transaction), on SQLite and
 * PostgreSQL; beside the raw load of the same values with the same INSERT batches (no parsing), so upload / raw is
 * the figure that survives a slower machine. Not a test: `bun scripts/bench/report-upload.ts`.
 *
 * Env: BENCH_ROWS (100000), OPS_TEST_PG_URL (PostgreSQL is skipped when unreachable).
 */
import { SQL } from "bun";
import ExcelJS from "exceljs";
import type { UserActor } from "@ops/shared";
import { openDb, type Db } from "../../api/src/platform/db/db.ts";
import { migrate } from "../../api/src/platform/db/migrate.ts";
import { createUploads } from "../../api/src/modules/reports/uploads/index.ts";

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const PG_ADMIN_URL = process.env.OPS_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const REGIONS = ["华东", "华北", "华南", "西南", "东北"];

const header = ["region", "city", "amount", "orders", "day", "at", "vip", "note"];
const rowAt = (i: number) => {
  const day = new Date(Date.UTC(2024, 0, 1 + (i % 365)));
  return [REGIONS[i % 5]!, `城市${i % 97}`, 1000 + (i % 9973) + 0.5, i % 50, day, new Date(day.getTime() + (i % 86_400) * 1000), i % 3 === 0, `备注 ${i}`] as const;
};

function csvFile(): Uint8Array {
  const lines = [header.join(",")];
  for (let i = 0; i < ROWS; i++) {
    const [region, city, amount, orders, day, at, vip, note] = rowAt(i);
    const iso = at.toISOString();
    lines.push(`${region},${city},"${amount.toLocaleString("en-US")}",${orders},${day.toISOString().slice(0, 10)},${iso.slice(0, 10)} ${iso.slice(11, 19)},${vip ? "是" : "否"},${note}`);
  }
  return new TextEncoder().encode(lines.join("\n"));
}

async function xlsxFile(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("data");
  ws.addRow(header);
  for (let i = 0; i < ROWS; i++) ws.addRow([...rowAt(i)]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** The same values straight into a table of the same types, 500 rows per INSERT, one transaction. */
async function rawLoad(db: Db): Promise<number> {
  const started = performance.now();
  const types = ["TEXT", "TEXT", "DOUBLE PRECISION", "DOUBLE PRECISION", "DATE", "TIMESTAMP", "BOOLEAN", "TEXT"];
  await db.tx(async () => {
    await db.run(`CREATE TABLE rpt_bench_raw (${header.map((h, i) => `${h} ${types[i]}`).join(", ")})`);
    const tuple = `(${header.map(() => "?").join(", ")})`;
    for (let start = 0; start < ROWS; start += 500) {
      const n = Math.min(500, ROWS - start);
      const values: unknown[] = [];
      for (let i = start; i < start + n; i++) {
        const [region, city, amount, orders, day, at, vip, note] = rowAt(i);
        values.push(region, city, amount, orders, day.toISOString().slice(0, 10), at.toISOString().replace("T", " ").slice(0, 19), db.dialect === "postgres" ? String(vip) : vip, note);
      }
      await db.run(`INSERT INTO rpt_bench_raw VALUES ${Array(n).fill(tuple).join(", ")}`, values);
    }
  });
  return performance.now() - started;
}

const actor = { kind: "user", userId: "bench", username: "bench", permissions: ["*"] } as unknown as UserActor;

async function measure(name: string, db: Db, files: { csv: Uint8Array; xlsx: Uint8Array }) {
  await migrate(db);
  const uploads = createUploads({
    db, clock: { now: () => new Date() } as never, uploadMaxBytes: 1 << 30,
    sources: { get: async (id) => ({ id }) as never },
  });
  const raw = await rawLoad(db);
  for (const [kind, bytes] of Object.entries(files)) {
    const started = performance.now();
    await uploads.create(actor, { bytes, name: `bench.${kind}` }, { name: `bench-${kind}` });
    const ms = performance.now() - started;
    console.log(`${name.padEnd(10)} ${kind.padEnd(4)} ${ROWS} rows: ${(ms / 1000).toFixed(2)} s · raw insert ${(raw / 1000).toFixed(2)} s · upload/raw ${(ms / raw).toFixed(1)}×`);
  }
}

const files = { csv: csvFile(), xlsx: await xlsxFile() };
console.log(`files: csv ${(files.csv.byteLength / 1e6).toFixed(1)} MB, xlsx ${(files.xlsx.byteLength / 1e6).toFixed(1)} MB`);
const lite = await openDb("sqlite://:memory:");
await measure("SQLite", lite, files);
await lite.close();

const dbName = `ops_bench_upload_${process.pid}`;
let admin: SQL | null = null;
try {
  admin = new SQL(PG_ADMIN_URL);
  await admin.unsafe(`CREATE DATABASE ${dbName}`);
} catch (e) {
  console.log(`PostgreSQL skipped: ${String(e)}`);
  admin = null;
}
if (admin) {
  const pg = await openDb(PG_ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`));
  try {
    await measure("PostgreSQL", pg, files);
  } finally {
    await pg.close();
    await admin.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.close();
  }
}
