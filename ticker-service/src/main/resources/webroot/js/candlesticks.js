// A uPlot plugin that draws candlesticks and, under them, volume bars, from data columns
// [time (s), open, high, low, close, volume]. uPlot keeps the scales, axes and cursor; the series
// themselves draw nothing (their `paths` are empty), this draw hook paints on uPlot's canvas instead.
// Volume takes the bottom `volumeShare` of the plot, scaled to the largest volume shown.

/**
 * @param {{up: string, down: string, upVolume: string, downVolume: string, volumeShare: number,
 *   stepSeconds: function(): number}} style colours; the timeframe's length, which sets the candle width
 */
export function candlesticks(style) {
  return {hooks: {draw: u => draw(u, style)}};
}

function draw(u, style) {
  const [t, o, h, l, c, v] = u.data;
  if (!t.length) return;
  const ctx = u.ctx;
  const {left, top, width, height} = u.bbox; // canvas pixels
  const slot = u.valToPos(t[0] + style.stepSeconds(), 'x', true) - u.valToPos(t[0], 'x', true);
  const body = Math.max(1, Math.round(slot * 0.7));
  const wick = Math.max(1, Math.round(devicePixelRatio));
  const volumeHeight = height * style.volumeShare;
  let maxVolume = 0;
  for (const x of v) maxVolume = Math.max(maxVolume, x);

  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();
  for (let i = 0; i < t.length; i++) {
    const x = Math.round(u.valToPos(t[i], 'x', true));
    if (x < left - body || x > left + width + body) continue;
    const bodyLeft = x - Math.floor(body / 2);
    const up = c[i] >= o[i];
    if (maxVolume > 0) {
      const vh = Math.max(1, Math.round(v[i] / maxVolume * volumeHeight));
      ctx.fillStyle = up ? style.upVolume : style.downVolume;
      ctx.fillRect(bodyLeft, top + height - vh, body, vh);
    }
    const yHigh = Math.round(u.valToPos(h[i], 'y', true));
    const yLow = Math.round(u.valToPos(l[i], 'y', true));
    const yOpen = Math.round(u.valToPos(o[i], 'y', true));
    const yClose = Math.round(u.valToPos(c[i], 'y', true));
    ctx.fillStyle = up ? style.up : style.down;
    ctx.fillRect(x - Math.floor(wick / 2), yHigh, wick, Math.max(1, yLow - yHigh));
    ctx.fillRect(bodyLeft, Math.min(yOpen, yClose), body, Math.max(1, Math.abs(yOpen - yClose)));
  }
  ctx.restore();
}
