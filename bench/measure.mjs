// Runs the built CLI in this process and reports wall time and peak RSS on stderr as JSON.
import { pathToFileURL, fileURLToPath } from 'node:url';
const cli = fileURLToPath(new URL('../dist/src/cli.js', import.meta.url));
const { main } = await import(pathToFileURL(cli).href);
const t0 = performance.now();
const code = await main(process.argv.slice(2));
const wall = (performance.now() - t0) / 1000;
process.stderr.write(`\n@@measure ${JSON.stringify({ code, wall, maxRssKiB: process.resourceUsage().maxRSS })}\n`);
process.exitCode = code;
