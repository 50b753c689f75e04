// The axes both charts share: muted grid, and price labels with as many decimals as the step needs.

const STYLE = {stroke: '#8b949e', grid: {stroke: '#232a33', width: 1}, ticks: {stroke: '#232a33', width: 1}};

/** uPlot `axes`: time below, price on the left. */
export function axes() {
  // Price labels get as many decimals as the tick step needs (uPlot's default shows 0.08 five times for DOGE).
  return [STYLE, {...STYLE, size: 80, values: (u, splits, axisIdx, space, incr) => splits.map(v => formatStep(v, incr))}];
}

/** `v` with the fewest decimals (up to 8) that still tell steps of `incr` apart. */
function formatStep(v, incr) {
  let digits = 0;
  while (digits < 8 && Math.abs(incr * 10 ** digits - Math.round(incr * 10 ** digits)) > 1e-6) digits++;
  return v.toLocaleString('en', {minimumFractionDigits: digits, maximumFractionDigits: digits});
}
