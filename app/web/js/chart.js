// One instrument's course from baseline to follow-up, as an inline SVG with an MCID line.

import { fmtDate, h, svg } from "./dom.js";
import { MOMENT_LABEL } from "./labels.js";

const W = 520;
const H = 240;
const PAD = { l: 44, r: 96, t: 16, b: 44 };

/**
 * points: [{date, moment, value}] sorted by date; info: {code, name, direction, mcid,
 * score_min, score_max}; summary: the server's InstrumentChange for it (may be null).
 */
export function instrumentChart(points, info, summary) {
  const values = points.map((p) => p.value);
  let lo = Number.isFinite(info.score_min) ? info.score_min : Math.min(...values);
  let hi = Number.isFinite(info.score_max) ? info.score_max : Math.max(...values);
  if (hi === lo) {
    hi += 1;
    lo -= 1;
  }
  const x = (i) =>
    points.length === 1 ? PAD.l + (W - PAD.l - PAD.r) / 2 : PAD.l + (i * (W - PAD.l - PAD.r)) / (points.length - 1);
  const y = (v) => PAD.t + ((hi - v) * (H - PAD.t - PAD.b)) / (hi - lo);
  const titleId = `chart-${info.code}-title`;
  const descId = `chart-${info.code}-desc`;
  const baseline = summary?.baseline?.value ?? points.find((p) => p.moment === "baseline")?.value;
  const mcid = summary?.mcid ?? info.mcid;
  const direction = summary?.direction ?? info.direction;

  const descParts = points.map((p) => `${MOMENT_LABEL[p.moment] || p.moment} ${fmtDate(p.date)}: ${p.value}`);
  const root = svg(
    "svg",
    {
      viewBox: `0 0 ${W} ${H}`,
      role: "img",
      "aria-labelledby": `${titleId} ${descId}`,
      class: "chart",
      "data-instrument": info.code,
    },
    svg("title", { id: titleId }, `${info.name}: verloop`),
    svg("desc", { id: descId }, descParts.join("; ")),
  );

  // Axes and grid: min, middle, max.
  for (const v of [lo, (lo + hi) / 2, hi]) {
    root.append(
      svg("line", { x1: PAD.l, x2: W - PAD.r, y1: y(v), y2: y(v), class: "grid" }),
      svg("text", { x: PAD.l - 6, y: y(v) + 4, "text-anchor": "end", class: "axis" }, String(Math.round(v * 10) / 10)),
    );
  }

  // MCID: the change from baseline that counts as clinically relevant.
  if (typeof mcid === "number" && typeof baseline === "number" && direction) {
    const target = direction === "higher_is_better" ? baseline + mcid : baseline - mcid;
    if (target >= lo && target <= hi) {
      root.append(
        svg("line", { x1: PAD.l, x2: W - PAD.r, y1: y(target), y2: y(target), class: "mcid" }),
        svg("text", { x: W - PAD.r + 6, y: y(target) + 4, class: "mcid-label" }, `MCID (${target})`),
      );
    }
  }

  if (points.length > 1) {
    root.append(
      svg("polyline", { points: points.map((p, i) => `${x(i)},${y(p.value)}`).join(" "), class: "course" }),
    );
  }
  points.forEach((p, i) => {
    root.append(
      svg(
        "circle",
        { cx: x(i), cy: y(p.value), r: 5, class: `point point-${p.moment}`, "data-moment": p.moment, "data-value": p.value },
        svg("title", {}, `${MOMENT_LABEL[p.moment] || p.moment}, ${fmtDate(p.date)}: ${p.value}`),
      ),
      svg("text", { x: x(i), y: y(p.value) - 9, "text-anchor": "middle", class: "value" }, String(p.value)),
      svg("text", { x: x(i), y: H - PAD.b + 18, "text-anchor": "middle", class: "axis" }, MOMENT_LABEL[p.moment] || p.moment),
      svg("text", { x: x(i), y: H - PAD.b + 32, "text-anchor": "middle", class: "axis small" }, fmtDate(p.date)),
    );
  });

  const verdict = !summary || summary.change === null || summary.change === undefined
    ? "Nog geen vervolgmeting."
    : `Verandering ${summary.change > 0 ? "+" : ""}${summary.change}` +
      (summary.mcid_reached === true
        ? " — MCID bereikt."
        : summary.mcid_reached === false
          ? " — MCID niet bereikt."
          : mcid === null || mcid === undefined
            ? " (geen MCID bekend)."
            : ".");
  return h(
    "figure",
    { class: "chart-figure", "data-instrument": info.code },
    root,
    h("figcaption", {}, h("strong", {}, `${info.name} (${info.code})`), ` — ${verdict}`),
  );
}
