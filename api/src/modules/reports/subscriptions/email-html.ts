import { t, type Locale } from "@ops/shared";
import type { ReportDigestData } from "@ops/cards";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The digest e-mail: headline numbers, the chart inline (`cid:`), the first rows and the link into the PWA. */
export function digestEmailHtml(card: ReportDigestData, o: { locale: Locale; chartCid?: string; watermark: string }): string {
  const metrics = card.metrics.map((m) => `<li><b>${esc(m.label)}</b>: ${esc(m.value)}${m.delta ? ` (${m.trend === "down" ? "↓" : m.trend === "up" ? "↑" : ""}${esc(m.delta)})` : ""}</li>`).join("");
  const table = card.table && card.table.rows.length
    ? `<table border="1" cellpadding="4" cellspacing="0" style="border-collapse:collapse"><tr>${card.table.columns.map((c) => `<th>${esc(c.label)}</th>`).join("")}</tr>${
      card.table.rows.map((r) => `<tr>${card.table!.columns.map((c) => `<td>${esc(r[c.key] ?? "")}</td>`).join("")}</tr>`).join("")}</table>`
    : `<p>${esc(t(o.locale, "reports.delivery.digest_no_rows"))}</p>`;
  return [
    `<h2>${esc(card.name)}</h2>`,
    `<p>${esc(t(o.locale, "reports.delivery.digest_period", { period: card.period }))}</p>`,
    metrics ? `<ul>${metrics}</ul>` : "",
    o.chartCid ? `<p><img src="cid:${esc(o.chartCid)}" alt="${esc(card.name)}" style="max-width:100%"></p>` : "",
    table,
    card.link ? `<p><a href="${esc(card.link)}">${esc(t(o.locale, "reports.delivery.digest_open"))}</a></p>` : "",
    `<p style="color:#888;font-size:12px">${esc(o.watermark)}</p>`,
  ].join("\n");
}
