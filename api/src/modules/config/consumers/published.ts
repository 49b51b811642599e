import { AppError, forbidden, notFound, type UserActor } from "@ops/shared";
import type { ConfigPublished, ConfigTable } from "@ops/shared/contracts/config.ts";
import type { ConsumersDeps } from "./consumers.deps.ts";
import type { createConsumerStore } from "./consumers.store.ts";
import type { Waiters } from "./waiters.ts";

/** Who is asking: a token's name and labels, or a user's `?consumer=&labels=` (default: the username). */
export type ConsumerIdentity = { name: string; labels: string[]; tokenId: string | null; scopes: string[] | null };

export type PublishedAnswer = { status: 200; etag: string; body: ConfigPublished } | { status: 304; etag: string };

export type PublishedRequest = {
  ifNoneMatch: string | undefined;
  /** seconds to hold the request while the consumer already has the current release */
  waitS: number | undefined;
  signal: AbortSignal | undefined;
  address: string;
};

export const etagOf = (table: string, release: number, version: number) => `"${table}:${release}:${version}"`;

/** If-None-Match: a list of (possibly weak) tags, or `*`. */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((t) => {
    const tag = t.trim().replace(/^W\//, "");
    return tag === etag || tag === "*";
  });
}

const CACHE_MAX = 200;

/**
 * The published endpoint's work. Secret fields are NEVER served here: they are left out of every
 * record (consumers get them from their own secret store), and the state is read without revealing
 * them. A version's records never change, so they are cached per table version (and secret field set),
 * and a hundred consumers woken by one release read the store once.
 */
export function createPublished(deps: ConsumersDeps, waiters: Waiters, tracker: ReturnType<typeof createConsumerStore>) {
  const records = new Map<string, Promise<ConfigPublished["records"]>>();

  function recordsAt(table: ConfigTable, version: number): Promise<ConfigPublished["records"]> {
    const secret = table.fields.filter((f) => f.secret).map((f) => f.key);
    const key = `${table.id}:${version}:${secret.join(",")}`;
    let hit = records.get(key);
    if (!hit) {
      if (records.size >= CACHE_MAX) records.clear();
      hit = deps.data.stateAt(table, version, { reveal: false }).then((rows) =>
        rows.map((r) => ({ key: r.key, values: Object.fromEntries(Object.entries(r.values).filter(([k]) => !secret.includes(k))) })),
      );
      hit.catch(() => records.delete(key));
      records.set(key, hit);
    }
    return hit;
  }

  async function tableFor(name: string, actor: UserActor, who: ConsumerIdentity): Promise<ConfigTable> {
    const table = await deps.data.getTable(name);
    if (!table) throw notFound("config.published_not_found", { table: name });
    if (who.scopes) {
      // a wildcard token reads every table but the system ones (credentials): those need their own scope
      if (!who.scopes.includes(`config:read:${name}`) && (table.system || !who.scopes.includes("config:read:*"))) throw forbidden("config.read_forbidden", { table: name });
    } else if (!(await deps.canRead!(actor, table))) throw notFound("config.published_not_found", { table: name });
    return table;
  }

  /** Resolves on a wake-up, at the deadline, or when the client goes away. */
  function sleep(table: string, ms: number, signal: AbortSignal | undefined): Promise<"woken" | "timeout" | "aborted"> {
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = (how: "woken" | "timeout" | "aborted") => {
        clearTimeout(timer);
        remove();
        signal?.removeEventListener("abort", onAbort);
        resolve(how);
      };
      const onAbort = () => done("aborted");
      const added = waiters.add(table, () => done("woken"));
      if (!added) throw new AppError("config.waiters_full", { status: 503, retryable: true });
      const remove = added;
      timer = setTimeout(() => done("timeout"), Math.max(0, ms));
      if (signal?.aborted) done("aborted");
      else signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  return async function read(name: string, actor: UserActor, who: ConsumerIdentity, req: PublishedRequest): Promise<PublishedAnswer> {
    let table = await tableFor(name, actor, who);
    const consumer = { name: who.name, labels: who.labels };
    let gen = waiters.generation(name);
    let got = await deps.releases.resolveFor(table, consumer);
    if (!got) throw notFound("config.not_released", { table: name });
    let etag = etagOf(name, got.release, got.version);
    if (req.waitS && matchesEtag(req.ifNoneMatch, etag)) {
      if (waiters.size >= waiters.max) throw new AppError("config.waiters_full", { status: 503, retryable: true });
      const deadline = Date.now() + req.waitS * 1000;
      while (matchesEtag(req.ifNoneMatch, etag) && Date.now() < deadline) {
        // a release signalled between our read and now is not missed: read again instead of sleeping
        if (waiters.generation(name) === gen) {
          const how = await sleep(name, deadline - Date.now(), req.signal);
          if (how !== "woken") break;
        }
        gen = waiters.generation(name);
        table = (await deps.data.getTable(name)) ?? table;
        got = (await deps.releases.resolveFor(table, consumer)) ?? got;
        etag = etagOf(name, got.release, got.version);
      }
    }
    if (req.signal?.aborted) return { status: 304, etag };
    await tracker.seen({ table: name, name: who.name, labels: who.labels, release: got.release, version: got.version, address: req.address, tokenId: who.tokenId });
    if (matchesEtag(req.ifNoneMatch, etag)) return { status: 304, etag };
    const body: ConfigPublished = { table: name, release: got.release, version: got.version, gray: got.gray, records: await recordsAt(table, got.version) };
    return { status: 200, etag, body };
  };
}
