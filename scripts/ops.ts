/**
 * Operator commands, run on the server's host with the server's environment (same OPS_DATA_DIR or
 * DATABASE_URL, same OPS_SECRET_KEY):
 *
 *   npm run ops -- admin reset-password <username> [--password <new> | --password-stdin] [--no-force-change]
 *
 * Sets a new password (generated and printed when none is given), ends the user's sessions,
 * lifts a lockout and writes an audit row (actor system:cli). The user must change the password
 * at next sign-in unless --no-force-change. Exit 0 done, 1 refused (unknown user, policy), 2 usage.
 */
import { parseArgs } from "node:util";
import { isAppError, pickLocale, t } from "@ops/shared";
import { EnvError, parseEnv } from "../api/src/env.ts";
import { createLogger } from "../api/src/platform/logger.ts";
import { openCore } from "../api/src/system.ts";

const USAGE = "usage: npm run ops -- admin reset-password <username> [--password <new> | --password-stdin] [--no-force-change]";

function usage(message?: string): never {
  if (message) console.error(message);
  console.error(USAGE);
  process.exit(2);
}

async function readStdinLine(): Promise<string> {
  const text = await new Response(Bun.stdin.stream()).text();
  return text.split(/\r?\n/)[0] ?? "";
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      password: { type: "string" },
      "password-stdin": { type: "boolean", default: false },
      "no-force-change": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const [area, command, username, ...rest] = positionals;
  if (values.help) usage();
  if (area !== "admin" || command !== "reset-password" || !username || rest.length > 0) usage();
  if (values.password !== undefined && values["password-stdin"]) usage("--password and --password-stdin exclude each other");
  const password = values["password-stdin"] ? await readStdinLine() : values.password;
  if (password === "") usage("empty password");

  let env;
  try {
    env = parseEnv(process.env);
  } catch (e) {
    if (e instanceof EnvError) usage(e.message);
    throw e;
  }
  const core = await openCore(env, { logger: createLogger("error") });
  try {
    const done = await core.iam.resetPasswordFromShell(username, { password, mustChange: !values["no-force-change"] });
    console.log(`Password of ${done.username} reset; ${done.sessionsEnded} session(s) ended${done.wasLocked ? ", account unlocked" : ""}.`);
    if (done.generated) console.log(`  new password: ${done.password}`);
    console.log(values["no-force-change"] ? "  (no change required at next sign-in)" : "  (to be changed at next sign-in)");
  } catch (e) {
    if (!isAppError(e)) throw e;
    // The operator's language: LANG=en_US.UTF-8 reads English, anything else the zh-CN default.
    const locale = pickLocale(process.env.LANG);
    const details = (e.errors ?? []).map((x) => t(locale, x.message)).join("; ");
    console.error(`${t(locale, e.code, e.params)}${details ? `: ${details}` : ""}`);
    process.exitCode = 1;
  } finally {
    await core.db.close();
  }
}

await main();
