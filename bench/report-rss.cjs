// Preload (node --require bench/report-rss.cjs …): on exit, writes the process's peak resident set
// size in KiB (process.resourceUsage().maxRSS) to the file named by BENCH_RSS_FILE.
const { writeFileSync } = require('node:fs');

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    writeFileSync(file, `${process.resourceUsage().maxRSS}\n`);
  });
}
