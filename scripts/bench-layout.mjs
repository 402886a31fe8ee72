// How long the layout validator takes for a 48-brick layout, the size the
// volume screen must recompute on every key press without visible lag (a frame
// is 16 ms). Run after `npm run build`:  node scripts/bench-layout.mjs [runs]
import { checkCreateWords, suggestLayouts, validateCreate } from '../dist/gluster/layout/index.js';

const runs = Number(process.argv[2] ?? 5000);
const GiB = 1024 ** 3;
const zones = ['zone-a', 'zone-b', 'zone-c'];
// 12 hosts in 3 zones, 4 bricks each: 48 bricks, every fact known, as the UI has them.
const bricks = Array.from({ length: 48 }, (_, i) => {
  const host = i % 12;
  return {
    host: `node${host + 1}`,
    path: `/bricks/gv0/brick${Math.floor(i / 12) + 1}`,
    zone: zones[host % 3],
    storage: host === 11 ? 'transient' : 'volume',
    sizeBytes: 200 * GiB,
    isMountPoint: false,
    partOfVolume: false,
    overlapsExistingBrick: false,
    parentExists: true,
  };
});
const peers = Array.from({ length: 12 }, (_, i) => ({ name: `node${i + 1}`, aliases: [`10.0.0.${i + 1}`] }));
const input = { glusterVersion: '10.3', volumeName: 'gv0', layout: { replica: 3, arbiter: 1 }, bricks, peers, zones, existingVolumes: [] };
const words = ['gluster', '--mode=script', 'volume', 'create', 'gv0', 'disperse', '6', 'redundancy', '2', ...bricks.map((b) => `${b.host}:${b.path}`)];

function measure(name, fn) {
  for (let i = 0; i < Math.min(1000, runs); i++) fn(); // warm up the JIT
  const times = new Float64Array(runs);
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    times[i] = Number(process.hrtime.bigint() - start) / 1000;
  }
  times.sort();
  const at = (q) => times[Math.min(runs - 1, Math.floor(q * runs))];
  console.log(`${name.padEnd(52)} median ${at(0.5).toFixed(1).padStart(7)} µs   p99 ${at(0.99).toFixed(1).padStart(7)} µs   max ${times[runs - 1].toFixed(0).padStart(6)} µs`);
}

const check = validateCreate(input);
if (!check.accepted || check.summary.text !== '16 x (2 + 1) = 48') throw new Error(`unexpected verdict: ${JSON.stringify(check.errors)}`);
console.log(`48 bricks on 12 hosts in 3 zones, ${runs} runs each (node ${process.version})`);
measure('validateCreate, replica 3 arbiter 1 (16 x (2 + 1))', () => validateCreate(input));
measure('validateCreate, one set on one host (refused)', () => validateCreate({ ...input, bricks: [bricks[0], { ...bricks[0], path: '/x' }, ...bricks.slice(2)] }));
measure('checkCreateWords, pasted disperse 6 command', () => checkCreateWords(words, { peers, zones }));
measure('suggestLayouts, 48 candidate bricks', () => suggestLayouts({ bricks, peers, zones }));
