import { createMemo, type JSX } from "solid-js";

/** A card's last hour as a small SVG line (gaps where there were no points); no axes, no library. */
export function Sparkline(props: { values: Array<number | null>; label: string }): JSX.Element {
  const W = 120;
  const H = 32;
  const path = createMemo(() => {
    const vs = props.values;
    const nums = vs.filter((v): v is number => v !== null && Number.isFinite(v));
    if (!nums.length) return "";
    const min = Math.min(...nums);
    const span = Math.max(...nums) - min || 1;
    const step = vs.length > 1 ? W / (vs.length - 1) : 0;
    const ok = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v);
    let d = "";
    vs.forEach((v, i) => {
      if (!ok(v)) return;
      const x = (i * step).toFixed(1);
      const y = (H - 2 - ((v - min) / span) * (H - 4)).toFixed(1);
      const pen = i > 0 && ok(vs[i - 1]);
      // a point without neighbours is a dot (a zero-length segment drawn with a round cap)
      d += pen ? `L${x} ${y} ` : `M${x} ${y} ${ok(vs[i + 1]) ? "" : "h0.01 "}`;
    });
    return d.trim();
  });
  return (
    <svg class="mon-spark" viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label={props.label} data-testid="monitor-spark" data-points={props.values.filter((v) => v !== null).length}>
      <path d={path()} fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" vector-effect="non-scaling-stroke" />
    </svg>
  );
}
