/**
 * `npm run bench`: runs every benchmark module and prints a table of figures against their goals.
 * `--json` also prints one JSON object per line: {name, value, unit, goal, better}.
 * `--strict` exits with status 1 when a figure misses its goal.
 */
import type { BenchModule, BenchResult } from './types';
import { passes } from './types';

/** One line per module; add new bench/*.bench.ts files here. */
const MODULES: (() => Promise<BenchModule>)[] = [
  () => import('./store.bench'),
  () => import('./apiserver.bench'),
  () => import('./scheduler.bench'),
  () => import('./workloads.bench'),
  () => import('./kubectl.bench'),
  () => import('./autoscaling.bench'),
  () => import('./drain.bench'),
  // Builds the page and drives Chromium (skips without it).
  () => import('./browser.bench'),
  () => import('./persist.bench'),
];

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toPrecision(3);
}

function table(results: BenchResult[]): string {
  const rows = [
    ['name', 'value', 'unit', 'goal', 'result'],
    ...results.map((r) => [
      r.name,
      fmt(r.value),
      r.unit,
      `${r.better === 'lower' ? '<=' : '>='} ${fmt(r.goal)}`,
      passes(r) ? 'pass' : 'FAIL',
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === 1 ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
        .join('  '),
    )
    .join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const results: BenchResult[] = [];
  for (const load of MODULES) results.push(...(await (await load()).run()));
  console.log(table(results));
  if (args.includes('--json')) {
    for (const { name, value, unit, goal, better } of results)
      console.log(JSON.stringify({ name, value, unit, goal, better }));
  }
  if (args.includes('--strict') && !results.every(passes)) process.exitCode = 1;
}

await main();
