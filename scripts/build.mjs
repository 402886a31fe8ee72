// Build dist/ from src/: tsc for the TypeScript, then copy the non-TS assets the
// lab needs at run time (its node init script), and make the bin executable.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
rmSync(join(root, 'dist'), { recursive: true, force: true });
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
for (const file of readdirSync(join(root, 'src', 'lab'))) {
  if (file.endsWith('.sh')) {
    mkdirSync(join(root, 'dist', 'lab'), { recursive: true });
    cpSync(join(root, 'src', 'lab', file), join(root, 'dist', 'lab', file));
  }
}
chmodSync(join(root, 'dist', 'cli.js'), 0o755);
