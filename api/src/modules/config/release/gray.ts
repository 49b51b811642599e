import { createHash } from "node:crypto";
import type { GraySpec } from "@ops/shared/contracts/config.ts";

/**
 * A consumer's stable place in 0–99: the first four bytes of SHA-256 of its name, modulo 100. The same
 * name always lands in the same bucket, so raising a gray percentage only adds consumers.
 */
export function grayBucket(name: string): number {
  return createHash("sha256").update(name, "utf8").digest().readUInt32BE(0) % 100;
}

/** Whether a gray release reaches this consumer: named, carrying one of the labels, or inside the percentage. */
export function grayMatches(spec: GraySpec | null, consumer: { name: string; labels: string[] }): boolean {
  if (!spec) return false;
  if (spec.consumers?.includes(consumer.name)) return true;
  if (spec.labels?.some((l) => consumer.labels.includes(l))) return true;
  return (spec.percent ?? 0) > 0 && grayBucket(consumer.name) < (spec.percent ?? 0);
}

/** A spec that reaches nobody is no gray release: null when it names no share, consumer or label. */
export function normalizeGray(spec: GraySpec | null | undefined): GraySpec | null {
  if (!spec) return null;
  const out: GraySpec = {};
  if (spec.percent) out.percent = spec.percent;
  if (spec.consumers?.length) out.consumers = [...new Set(spec.consumers)];
  if (spec.labels?.length) out.labels = [...new Set(spec.labels)];
  return Object.keys(out).length ? out : null;
}
