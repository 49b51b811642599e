import { z } from "@hono/zod-openapi";
import type { SensitiveWords } from "@ops/shared/contracts/monitor.ts";
import { iso, type Clock } from "../../../platform/clock.ts";
import { noteAudit } from "../../../platform/context.ts";
import type { Db } from "../../../platform/db/db.ts";
import { compileMatcher, type Matcher } from "./matcher.ts";

export const MAX_WORDS = 2000;
export const MAX_WORD_CHARS = 50;
/** Another process may have changed the list: its row's updated_at is compared at most this often. */
export const RECHECK_MS = 5000;
const ROW_ID = "default";

export const sensitiveWordsBody = z.object({
  mode: z.enum(["block", "mask"]),
  words: z.array(z.string().trim().min(1, "notify.sensitive_word_length").max(MAX_WORD_CHARS, "notify.sensitive_word_length"))
    .max(MAX_WORDS, "notify.sensitive_too_many"),
}).strict();
export type SensitiveWordsInput = z.infer<typeof sensitiveWordsBody>;

type Row = { mode: string; words: string; updated_at: string | null; updated_by: string | null };
type Loaded = SensitiveWords & { matcher: Matcher };

const EMPTY: SensitiveWords = { mode: "mask", words: [], updated_at: null, updated_by: null };

/** Trimmed, deduplicated ignoring case (matching ignores it too), first spelling kept, in the given order. */
export function normaliseWords(words: readonly string[]): string[] {
  const seen = new Set<string>();
  return words.map((w) => w.trim()).filter((w) => w && !seen.has(w.toLowerCase()) && seen.add(w.toLowerCase()));
}

async function readRow(db: Db): Promise<SensitiveWords> {
  const row = await db.get<Row>("SELECT mode, words, updated_at, updated_by FROM notify_sensitive_words WHERE id = ?", [ROW_ID]);
  if (!row) return EMPTY;
  return { mode: row.mode === "block" ? "block" : "mask", words: JSON.parse(row.words) as string[], updated_at: row.updated_at, updated_by: row.updated_by };
}

/**
 * The admin-edited word list with its compiled matcher, cached. A save here replaces the cache at once; a save by
 * another process is seen within RECHECK_MS (one cheap read of updated_at, recompiled only when it moved).
 */
export function createWordList(deps: { db: Db; clock: Clock; now?: () => number }) {
  const now = deps.now ?? (() => performance.now());
  let cached: Loaded | null = null;
  let checkedAt = -Infinity;

  const load = async (): Promise<Loaded> => {
    const list = await readRow(deps.db);
    cached = { ...list, matcher: compileMatcher(list.words) };
    checkedAt = now();
    return cached;
  };

  async function current(): Promise<Loaded> {
    if (!cached) return load();
    if (now() - checkedAt < RECHECK_MS) return cached;
    const row = await deps.db.get<{ updated_at: string | null }>("SELECT updated_at FROM notify_sensitive_words WHERE id = ?", [ROW_ID]);
    if ((row?.updated_at ?? null) !== cached.updated_at) return load();
    checkedAt = now();
    return cached;
  }

  async function save(input: SensitiveWordsInput, by: string | null): Promise<SensitiveWords & { added: number; removed: number }> {
    const before = await readRow(deps.db);
    const words = normaliseWords(input.words);
    const at = iso(deps.clock.now());
    await deps.db.run(
      `INSERT INTO notify_sensitive_words (id, mode, words, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET mode = excluded.mode, words = excluded.words, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      [ROW_ID, input.mode, JSON.stringify(words), at, by],
    );
    const old = new Set(before.words.map((w) => w.toLowerCase()));
    const next = new Set(words.map((w) => w.toLowerCase()));
    const added = [...next].filter((w) => !old.has(w)).length;
    const removed = [...old].filter((w) => !next.has(w)).length;
    // counts only: the audit row never repeats the list (nor needs it to say what changed in size)
    noteAudit({
      resourceType: "notify_sensitive_words", resourceId: ROW_ID,
      before: { mode: before.mode, count: before.words.length }, after: { mode: input.mode, count: words.length, added, removed },
    });
    const saved = await load();
    return { mode: saved.mode, words: saved.words, updated_at: saved.updated_at, updated_by: saved.updated_by, added, removed };
  }

  return {
    current,
    async get(): Promise<SensitiveWords> {
      const { matcher: _m, ...list } = await load();
      return list;
    },
    save,
  };
}

export type WordList = ReturnType<typeof createWordList>;
