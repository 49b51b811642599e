import { badRequest, conflict, notFound, type Locale, type Page } from "@ops/shared";
import { iso, type Clock } from "../../../platform/clock.ts";
import { newId } from "../../../platform/crypto.ts";
import type { Db } from "../../../platform/db/db.ts";
import { Where, insertRow, paginate } from "../../../platform/db/query.ts";
import { noteAudit } from "../../../platform/context.ts";
import { renderTemplate } from "./render.ts";
import type { TemplateChannel, TemplateInput, TemplateQuery } from "../notify.schema.ts";

/**
 * Message templates per (type, channel, language). Editing never overwrites: each change is a
 * new version and the template points at its latest, so the log of what was sent stays explainable.
 */
export type Template = {
  id: string;
  type: string;
  channel: TemplateChannel;
  locale: Locale;
  version: number;
  title: string;
  body: string;
  created_at: string;
  updated_at: string;
};

export type TemplateVersion = { version: number; title: string; body: string; created_by: string | null; created_at: string };

const SELECT = `t.id, t.type, t.channel, t.locale, t.version, v.title, v.body, t.created_at, t.updated_at`;
const FROM = "notify_templates t JOIN notify_template_versions v ON v.template_id = t.id AND v.version = t.version";

export function createTemplates(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const mapRow = (r: Template): Template => ({ ...r, version: Number(r.version) });

  async function get(id: string): Promise<Template & { versions: TemplateVersion[] }> {
    const row = await db.get<Template>(`SELECT ${SELECT} FROM ${FROM} WHERE t.id = ?`, [id]);
    if (!row) throw notFound("notify.template_not_found");
    const versions = await db.all<TemplateVersion>(
      "SELECT version, title, body, created_by, created_at FROM notify_template_versions WHERE template_id = ? ORDER BY version DESC",
      [id],
    );
    return { ...mapRow(row), versions: versions.map((v) => ({ ...v, version: Number(v.version) })) };
  }

  async function addVersion(id: string, version: number, text: { title: string; body: string }, by: string | null, now: string) {
    await insertRow(db, "notify_template_versions", { template_id: id, version, title: text.title, body: text.body, created_by: by, created_at: now });
  }

  return {
    get,
    list(q: TemplateQuery): Promise<Page<Template>> {
      const where = new Where().eq("t.type", q.type).eq("t.channel", q.channel).eq("t.locale", q.locale);
      return paginate<Template, Template>(db, {
        select: SELECT, from: FROM, where, query: q,
        sortable: { type: "t.type", channel: "t.channel", locale: "t.locale", updated_at: "t.updated_at" },
        defaultSort: "t.type, t.channel, t.locale", map: mapRow,
      });
    },
    async create(input: TemplateInput, by: string | null) {
      const taken = await db.get("SELECT id FROM notify_templates WHERE type = ? AND channel = ? AND locale = ?", [input.type, input.channel, input.locale]);
      if (taken) throw conflict("notify.template_exists");
      const id = newId();
      const now = iso(clock.now());
      await db.tx(async () => {
        await insertRow(db, "notify_templates", { id, type: input.type, channel: input.channel, locale: input.locale, version: 1, created_at: now, updated_at: now });
        await addVersion(id, 1, input, by, now);
      });
      const created = await get(id);
      noteAudit({ resourceType: "notify_template", resourceId: id, after: created });
      return created;
    },
    async update(id: string, text: { title: string; body: string }, by: string | null) {
      const before = await get(id);
      const now = iso(clock.now());
      await db.tx(async () => {
        const row = await db.get<{ version: number }>("SELECT version FROM notify_templates WHERE id = ?", [id]);
        const version = Number(row?.version ?? before.version) + 1;
        await addVersion(id, version, text, by, now);
        await db.run("UPDATE notify_templates SET version = ?, updated_at = ? WHERE id = ?", [version, now, id]);
      });
      const after = await get(id);
      noteAudit({ resourceType: "notify_template", resourceId: id, before: { version: before.version, title: before.title, body: before.body }, after: { version: after.version, title: after.title, body: after.body } });
      return after;
    },
    async remove(id: string) {
      const before = await get(id);
      await db.tx(async () => {
        await db.run("DELETE FROM notify_template_versions WHERE template_id = ?", [id]);
        await db.run("DELETE FROM notify_templates WHERE id = ?", [id]);
      });
      noteAudit({ resourceType: "notify_template", resourceId: id, before });
      return { id };
    },
    async preview(p: { template_id?: string; version?: number; title?: string; body?: string; data: Record<string, unknown> }) {
      let text: { title: string; body: string };
      if (p.template_id) {
        const t = await get(p.template_id);
        const v = p.version === undefined ? t : t.versions.find((x) => x.version === p.version);
        if (!v) throw notFound("notify.template_version_not_found");
        text = v;
      } else if (p.title) text = { title: p.title, body: p.body ?? "" };
      else throw badRequest("notify.preview_needs_template", [{ field: "template_id", message: "notify.preview_needs_template" }]);
      const title = renderTemplate(text.title, p.data);
      const body = renderTemplate(text.body, p.data);
      return { title: title.text, body: body.text, missing: [...new Set([...title.missing, ...body.missing])] };
    },
    /** The current text for a channel and language, falling back to the `default` channel, then zh-CN. */
    async resolve(type: string, channel: TemplateChannel, locale: Locale): Promise<{ title: string; body: string; version: number } | null> {
      const rows = await db.all<Template>(`SELECT ${SELECT} FROM ${FROM} WHERE t.type = ? AND t.channel IN (?, 'default') AND t.locale IN (?, 'zh-CN')`, [type, channel, locale]);
      const rank = (r: Template) => (r.channel === channel ? 0 : 2) + (r.locale === locale ? 0 : 1);
      const best = rows.sort((a, b) => rank(a) - rank(b))[0];
      return best ? { title: best.title, body: best.body, version: Number(best.version) } : null;
    },
  };
}

export type Templates = ReturnType<typeof createTemplates>;
