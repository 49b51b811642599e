import type { HttpConfig } from "./config.schema.ts";
import { lookupPath } from "./json-path.ts";
import type { Runner } from "./runner.ts";

const BODY_SUMMARY = 500;

function statusExpected(status: number, expect: HttpConfig["expect_status"]): boolean {
  if (expect === undefined) return status >= 200 && status < 300;
  return Array.isArray(expect) ? expect.includes(status) : status === expect;
}

/**
 * One request; the signal aborts it (timeout, cancel). Success: the expected status (default
 * any 2xx) and, when set, the JSON check. Redirects are not followed: a 3xx is an answer.
 */
export const httpRunner: Runner<HttpConfig> = async (ctx) => {
  const { method, url, headers, body, expect_status, json_path_check } = ctx.config;
  const payload = body === undefined || body === null ? undefined : typeof body === "string" ? body : JSON.stringify(body);
  const sendHeaders: Record<string, string> = { ...headers };
  if (payload !== undefined && typeof body !== "string" && !Object.keys(sendHeaders).some((h) => h.toLowerCase() === "content-type")) {
    sendHeaders["content-type"] = "application/json";
  }
  ctx.log("system", `${method} ${url}\n`);
  let res: Response;
  try {
    res = await fetch(url, { method, headers: sendHeaders, body: method === "GET" || method === "HEAD" ? undefined : payload, signal: ctx.signal, redirect: "manual" });
  } catch (e) {
    if (ctx.signal.aborted) throw e;
    return { ok: false, error: `request failed: ${(e as Error).message}` };
  }
  const text = await res.text();
  ctx.log("stdout", text);
  const summary = `HTTP ${res.status} ${text.slice(0, BODY_SUMMARY)}`;
  if (!statusExpected(res.status, expect_status)) {
    return { ok: false, httpStatus: res.status, output: summary, error: `unexpected status ${res.status}` };
  }
  if (json_path_check) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { ok: false, httpStatus: res.status, output: summary, error: `response is not JSON; ${json_path_check.path} cannot be checked` };
    }
    const found = lookupPath(parsed, json_path_check.path);
    if (found === undefined) return { ok: false, httpStatus: res.status, output: summary, error: `${json_path_check.path} is missing` };
    if ("equals" in json_path_check && json_path_check.equals !== undefined && found !== json_path_check.equals) {
      return { ok: false, httpStatus: res.status, output: summary, error: `${json_path_check.path} is ${JSON.stringify(found)}, expected ${JSON.stringify(json_path_check.equals)}` };
    }
  }
  return { ok: true, httpStatus: res.status, output: summary };
};
