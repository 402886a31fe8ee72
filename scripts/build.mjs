// Build dist/ from src/: tsc for the TypeScript, then copy the non-TS assets the
// lab needs at run time (its node init script), and make the bin executable.
// The new tree is built beside dist/ and swapped in at the end, so a test that
// runs dist/cli.js while another build runs never sees a half-written dist/.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const fresh = join(root, `.dist-new-${process.pid}`);
const old = join(root, `.dist-old-${process.pid}`);
rmSync(fresh, { recursive: true, force: true });
try {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', fresh], { stdio: 'inherit' });
  for (const file of readdirSync(join(root, 'src', 'lab'))) {
    if (file.endsWith('.sh')) {
      mkdirSync(join(fresh, 'lab'), { recursive: true });
      cpSync(join(root, 'src', 'lab', file), join(fresh, 'lab', file));
    }
  }
  chmodSync(join(fresh, 'cli.js'), 0o755);
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(fresh, dist);
} finally {
  rmSync(fresh, { recursive: true, force: true });
  rmSync(old, { recursive: true, force: true });
}
