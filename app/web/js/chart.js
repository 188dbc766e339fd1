// Inline SVG charts with an MCID line: one instrument's course from baseline to follow-up
// (an episode), and the distribution of change over a practice's closed episodes (outcomes).

import { fmtDate, fmtNumber, h, svg } from "./dom.js";
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
    h("figcaption", {}, h("strong", {}, info.name), ` — ${verdict}`),
  );
}

// --- The distribution of change (the practice outcome overview) ---------------------------

const DW = 560;
const DH = 270;
const DPAD = { l: 56, r: 24, t: 30, b: 62 };

/** Ticks at 1, 2 or 5 times a power of ten, about `count` of them over [lo, hi]. */
function niceStep(lo, hi, count = 6) {
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) || raw;
}

/** Where the MCID lies on the change axis: an improvement of `mcid` in the better direction. */
export function mcidChange(direction, mcid) {
  if (typeof mcid !== "number") return null;
  if (direction === "higher_is_worse") return -mcid;
  if (direction === "higher_is_better") return mcid;
  return null;
}

const binText = (b) =>
  b.low === b.high ? fmtNumber(b.low, { digits: 2 }) : `${fmtNumber(b.low, { digits: 2 })} tot ${fmtNumber(b.high, { digits: 2 })}`;
const episodesText = (n) => `${n} ${n === 1 ? "episode" : "episodes"}`;

/**
 * A bar chart of the change (end minus baseline) in bins, with a vertical line at the MCID in
 * the improving direction. info: {instrument, name, direction, mcid}; group: the server's
 * OutcomeGroup (not suppressed, with its distribution).
 */
export function distributionChart(info, group) {
  const bins = group.distribution;
  const mcidAt = mcidChange(info.direction, info.mcid);
  let lo = Math.min(bins[0].low, 0, mcidAt ?? 0);
  let hi = Math.max(bins[bins.length - 1].high, 0, mcidAt ?? 0);
  if (hi === lo) {
    lo -= 1;
    hi += 1;
  }
  const step = niceStep(lo, hi);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  const most = Math.max(1, ...bins.map((b) => b.episodes));
  const yStep = Math.max(1, Math.ceil(most / 5));
  const top = Math.ceil(most / yStep) * yStep;
  const x = (v) => DPAD.l + ((v - lo) * (DW - DPAD.l - DPAD.r)) / (hi - lo);
  const y = (n) => DH - DPAD.b - (n * (DH - DPAD.t - DPAD.b)) / top;
  const titleId = `outcome-chart-${info.instrument}-title`;
  const descId = `outcome-chart-${info.instrument}-desc`;
  const better = info.direction === "higher_is_better" ? "hoger is beter" : "lager is beter";

  const filled = bins.filter((b) => b.episodes > 0);
  const desc = [
    `Verandering (eindmeting min beginmeting, ${better}) bij ${episodesText(group.episodes)}:`,
    filled.map((b) => `${binText(b)}: ${episodesText(b.episodes)}`).join("; "),
    mcidAt === null ? "Geen MCID bekend." : `MCID-lijn bij ${fmtNumber(mcidAt, { digits: 2, sign: true })}.`,
  ].join(" ");
  const root = svg(
    "svg",
    {
      viewBox: `0 0 ${DW} ${DH}`,
      role: "img",
      "aria-labelledby": `${titleId} ${descId}`,
      class: "chart outcome-chart",
      "data-instrument": info.instrument,
    },
    svg("title", { id: titleId }, `${info.name}: verdeling van de verandering, alle profielen`),
    svg("desc", { id: descId }, desc),
  );

  // Horizontal grid and the count axis.
  for (let n = 0; n <= top; n += yStep) {
    root.append(
      svg("line", { x1: DPAD.l, x2: DW - DPAD.r, y1: y(n), y2: y(n), class: "grid" }),
      svg("text", { x: DPAD.l - 8, y: y(n) + 4, "text-anchor": "end", class: "axis" }, String(n)),
    );
  }
  // The change axis: ticks, the zero line, the axis titles.
  for (let v = lo; v <= hi + step / 2; v += step) {
    const t = Math.round(v / step) * step;
    root.append(
      svg("line", { x1: x(t), x2: x(t), y1: DH - DPAD.b, y2: DH - DPAD.b + 5, class: "tick" }),
      svg("text", { x: x(t), y: DH - DPAD.b + 19, "text-anchor": "middle", class: "axis" }, fmtNumber(t, { digits: 2, sign: true })),
    );
  }
  root.append(
    svg("line", { x1: DPAD.l, x2: DW - DPAD.r, y1: y(0), y2: y(0), class: "baseline-axis" }),
    svg("line", { x1: x(0), x2: x(0), y1: DPAD.t, y2: DH - DPAD.b, class: "zero" }),
    svg(
      "text",
      { x: DPAD.l + (DW - DPAD.l - DPAD.r) / 2, y: DH - 12, "text-anchor": "middle", class: "axis-title" },
      `Verandering (eindmeting min beginmeting; ${better})`,
    ),
    svg(
      "text",
      {
        x: 16,
        y: DPAD.t + (DH - DPAD.t - DPAD.b) / 2,
        "text-anchor": "middle",
        transform: `rotate(-90 16 ${DPAD.t + (DH - DPAD.t - DPAD.b) / 2})`,
        class: "axis-title",
      },
      "Aantal episodes",
    ),
  );

  // The bars: one per bin that holds episodes. A single bin of equal changes gets a width.
  for (const b of filled) {
    let left = x(b.low);
    let right = x(b.high);
    if (right - left < 8) {
      const mid = (left + right) / 2;
      left = mid - 8;
      right = mid + 8;
    }
    root.append(
      svg(
        "rect",
        {
          x: left + 1,
          y: y(b.episodes),
          width: Math.max(1, right - left - 2),
          height: y(0) - y(b.episodes),
          class: "bar",
          "data-low": b.low,
          "data-high": b.high,
          "data-episodes": b.episodes,
        },
        svg("title", {}, `${binText(b)}: ${episodesText(b.episodes)}`),
      ),
      svg("text", { x: (left + right) / 2, y: y(b.episodes) - 5, "text-anchor": "middle", class: "value" }, String(b.episodes)),
    );
  }

  // The MCID: the least improvement that counts as clinically relevant.
  if (mcidAt !== null) {
    root.append(
      svg("line", { x1: x(mcidAt), x2: x(mcidAt), y1: DPAD.t - 4, y2: DH - DPAD.b, class: "mcid", "data-value": mcidAt }),
      svg(
        "text",
        { x: x(mcidAt), y: DPAD.t - 10, "text-anchor": "middle", class: "mcid-label" },
        `MCID (${fmtNumber(mcidAt, { digits: 2, sign: true })})`,
      ),
    );
  }

  return h(
    "figure",
    { class: "chart-figure", "data-instrument": info.instrument },
    root,
    h(
      "figcaption",
      {},
      `Verdeling van de verandering, alle profielen samen (${episodesText(group.episodes)}). `,
      mcidAt === null
        ? "Voor dit instrument is geen MCID bekend."
        : `De stippellijn is de MCID: een verbetering van ${fmtNumber(info.mcid, { digits: 2 })} punten.`,
      " De tabel geeft de cijfers.",
    ),
  );
}
