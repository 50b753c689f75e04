// Client-side measurements for the status bar: tick age (receipt time minus the tick's `ts`) as p50 and
// max over a sliding window, and ticks/s and frames/s. Samples go into fixed ring buffers so a busy
// `*` subscription cannot grow memory; the figures are computed a few times a second, not per tick.

const WINDOW_MS = 5000;
const RATE_WINDOW_MS = 2000;
const CAPACITY = 1 << 16; // ~13,000 ticks/s for five seconds; older samples are overwritten first

export class Stats {
  constructor() {
    this.at = new Float64Array(CAPACITY);   // receipt time of each sample
    this.age = new Float64Array(CAPACITY);  // its age in ms
    this.head = 0;
    this.count = 0;
    this.frames = [];                       // [receiptTime, ticksInFrame] for update frames
  }

  /** Records one update frame received at `now` (this browser's clock). */
  frame(ticks, now) {
    for (const t of ticks) {
      this.at[this.head] = now;
      this.age[this.head] = now - t.ts;
      this.head = (this.head + 1) % CAPACITY;
      if (this.count < CAPACITY) this.count++;
    }
    this.frames.push([now, ticks.length]);
  }

  /** {p50, max, samples} of tick age over the last five seconds; null without samples. */
  tickAge(now) {
    const ages = [];
    for (let i = 0, j = this.head; i < this.count; i++) {
      j = (j - 1 + CAPACITY) % CAPACITY;
      if (now - this.at[j] > WINDOW_MS) break; // samples are in receipt order, so the rest are older
      ages.push(this.age[j]);
    }
    if (!ages.length) return null;
    ages.sort((a, b) => a - b);
    return {p50: ages[Math.floor((ages.length - 1) / 2)], max: ages[ages.length - 1], samples: ages.length};
  }

  /** {ticksPerSec, framesPerSec} over the last two seconds. */
  rates(now) {
    while (this.frames.length && now - this.frames[0][0] > RATE_WINDOW_MS) this.frames.shift();
    let ticks = 0;
    for (const [, n] of this.frames) ticks += n;
    const seconds = RATE_WINDOW_MS / 1000;
    return {ticksPerSec: ticks / seconds, framesPerSec: this.frames.length / seconds};
  }

  reset() {
    this.count = 0;
    this.frames = [];
  }
}
