// Preloaded with `node --import` by bench.mjs: on exit, write this process's peak resident set size
// (kilobytes, from getrusage) to the file named by PERK_BENCH_RSS_FILE. Portable where /usr/bin/time is not.
import fs from 'node:fs';

const out = process.env.PERK_BENCH_RSS_FILE;
if (out) process.on('exit', () => fs.writeFileSync(out, String(process.resourceUsage().maxRSS)));
