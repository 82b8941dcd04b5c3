// Rounds of alternating runs, medians, and the numbers' formatting.

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Runs every contender once per round, alternating them within the round and rotating the order
 * from round to round (AB, BA, AB… or ABC, BCA, CAB…). before(contender) runs untimed before each
 * run (reset the queue, fill it), after(contender) untimed after it (check what it did).
 * Returns { name: { samples: [ms…], median: ms } }.
 */
export async function compare({ title, rounds, contenders, before, after, log }) {
  const samples = Object.fromEntries(contenders.map((c) => [c.name, []]));
  for (let round = 0; round < rounds; round++) {
    const order = contenders.map((_, i) => contenders[(i + round) % contenders.length]);
    for (const contender of order) {
      if (before) await before(contender);
      const ms = await contender.run();
      if (after) await after(contender);
      samples[contender.name].push(ms);
      log(`${title}: round ${round + 1}/${rounds} ${contender.name} ${formatMs(ms)}`);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, { samples: s, median: median(s) }]));
}

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export const formatCount = (n) => int.format(n);
export const formatMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 100 ? 1 : 0)} ms`);
export const formatRate = (perSecond) => `${int.format(perSecond)} msg/s`;
export const formatMiBs = (mibPerSecond) => `${mibPerSecond.toFixed(mibPerSecond < 10 ? 2 : 1)} MiB/s`;
export const formatRatio = (ratio) => `${ratio.toFixed(2)}×`;
export const formatSize = (bytes) => (bytes >= 1 << 20 ? `${bytes / (1 << 20)} MiB` : bytes >= 1024 ? `${bytes / 1024} KiB` : `${bytes} B`);
