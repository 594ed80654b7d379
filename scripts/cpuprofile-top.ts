/**
 * Where a V8 .cpuprofile (node --cpu-prof; `BENCH_CPU_PROF=<dir> npm run bench:ledger`) spent
 * its time: self and inclusive time per function and per file, top N of each.
 *
 *   npx tsx scripts/cpuprofile-top.ts <file.cpuprofile>… [--top 30] [--filter <substring>]
 *
 * Several files are summed (e.g. the profiles of several runs). Inclusive time counts a
 * function once per sample even when it recurses. Paths are shown relative to the repository
 * (node_modules/<package>/… for dependencies).
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";

const args = process.argv.slice(2);
let top = 30;
let filter: string | null = null;
const files: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--top") top = Number(args[++i]);
  else if (args[i] === "--filter") filter = args[++i] ?? null;
  else files.push(args[i]!);
}
if (files.length === 0) {
  console.error("usage: npx tsx scripts/cpuprofile-top.ts <file.cpuprofile>… [--top 30] [--filter <substring>]");
  process.exit(2);
}

const root = process.cwd();
type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

const shortFile = (url: string) => {
  if (!url) return "(native)";
  const path = url.startsWith("file://") ? decodeURIComponent(new URL(url).pathname) : url;
  const nm = path.lastIndexOf("/node_modules/");
  if (nm >= 0) return path.slice(nm + 1);
  return path.startsWith("/") ? relative(root, path) : path;
};

const selfFn = new Map<string, number>();
const inclFn = new Map<string, number>();
const selfFile = new Map<string, number>();
const inclFile = new Map<string, number>();
let total = 0;
const add = <K>(m: Map<K, number>, k: K, v: number) => m.set(k, (m.get(k) ?? 0) + v);

for (const file of files) {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n: ProfileNode) => {
    const cf = n.callFrame;
    const file = shortFile(cf.url);
    return { fn: `${cf.functionName || "(anonymous)"} ${file}:${cf.lineNumber + 1}`, file };
  };
  // Sample durations: timeDeltas[i] is the time before sample i; attribute it to sample i-1's node, approximately.
  const { samples, timeDeltas } = profile;
  const weight = new Map<number, number>();
  for (let i = 0; i < samples.length; i++) {
    const dt = i + 1 < timeDeltas.length ? timeDeltas[i + 1]! : 0;
    add(weight, samples[i]!, Math.max(0, dt) / 1000);
  }
  for (const [id, ms] of weight) {
    const own = label(byId.get(id)!);
    total += ms;
    add(selfFn, own.fn, ms);
    add(selfFile, own.file, ms);
    const seenFn = new Set();
    const seenFile = new Set();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label(byId.get(cur)!);
      if (!seenFn.has(l.fn)) {
        seenFn.add(l.fn);
        add(inclFn, l.fn, ms);
      }
      if (!seenFile.has(l.file)) {
        seenFile.add(l.file);
        add(inclFile, l.file, ms);
      }
    }
  }
}

const print = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`);
  const rows = [...m]
    .filter(([k]) => !filter || k.includes(filter))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top);
  for (const [k, ms] of rows) console.log(`${ms.toFixed(0).padStart(8)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${k}`);
};
console.log(`${files.length} profile(s), ${total.toFixed(0)} ms sampled`);
print("self time by function", selfFn);
print("inclusive time by function", inclFn);
print("self time by file", selfFile);
print("inclusive time by file", inclFile);
