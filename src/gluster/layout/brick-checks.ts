// Checks of the brick list that need no host: the word form (HOST:/PATH), the
// loopback names, duplicates, glusterd's path limits and its working directory.
// These are the CLI's and glusterd's checks, force does not lift any of them.
import { canonicalPath, isLoopbackHost, splitBrickWord } from './bricks.js';
import type { GlusterRules } from './version.js';
import type { BrickInput, Problem } from './types.js';

const WORKDIR = '/var/lib/glusterd';

/** What a path with . and .. components names. */
function resolvedPath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

export function brickLabel(b: BrickInput): string {
  return b.host === '' ? b.path : `${b.host}:${b.path}`;
}

export interface BrickCheck {
  errors: Problem[];
  /** Bricks that are well-formed enough for the host checks. */
  valid: boolean[];
}

function wordProblem(b: BrickInput, index: number | 'ta'): Problem | null {
  const word = brickLabel(b);
  const split = splitBrickWord(`${b.host}:${b.path}`);
  const where = index === 'ta' ? 'the thin-arbiter brick' : `brick ${index + 1}`;
  const at = index === 'ta' ? {} : { bricks: [index] };
  if (b.host === '' || split === null || split.host !== b.host || split.path !== b.path) {
    const hint = !word.includes(':') ? 'it has no HOST: part'
      : b.path !== '' && !b.path.startsWith('/') ? 'the path must be absolute (start with /)'
      : 'a path cannot contain ":"';
    return {
      code: 'bad-brick',
      message: `${where} ("${word}") is not HOST:/PATH: ${hint}`,
      fix: 'write each brick as HOST:/absolute/path, e.g. node1:/bricks/gv0/brick',
      gluster: `Wrong brick type: ${word}, use <HOSTNAME>:<export-dir-abs-path>`,
      ...at,
    };
  }
  if (b.host.startsWith('-')) {
    // No host can be named so, and the CLI would read the word as an option.
    return {
      code: 'bad-brick',
      message: `${where} ("${word}") names the host "${b.host}": a host name cannot start with "-"`,
      fix: 'use the name the peers know the host by (as in gluster peer status), e.g. node1:/bricks/gv0/brick',
      ...at,
    };
  }
  const dots = b.path.split('/').find((part) => part === '..' || part === '.');
  if (dots !== undefined) {
    return {
      code: 'bad-brick',
      message: `${where} ("${word}") has a "${dots}" component: the brick is not the directory it looks like (it resolves to ${resolvedPath(b.path)})`,
      fix: `write the path without "." or ".." components, e.g. ${b.host}:${resolvedPath(b.path)}`,
      ...at,
    };
  }
  if (isLoopbackHost(b.host)) {
    return {
      code: 'loopback-brick',
      message: `${where} ("${word}") names the host as "${b.host}": every peer would read that as itself`,
      fix: 'use the name the peers know the host by (as in gluster peer status), e.g. node1:/bricks/gv0/brick',
      gluster: 'Please provide a valid hostname/ip other than localhost, 127.0.0.1 or loopback address (0.0.0.0 to 0.255.255.255).',
      ...at,
    };
  }
  return null;
}

export function checkBrickList(
  bricks: readonly BrickInput[],
  thinArbiterBrick: BrickInput | undefined,
  rules: GlusterRules,
  volumeName: string | undefined,
): BrickCheck {
  const errors: Problem[] = [];
  const valid = bricks.map(() => true);
  const seen = new Map<string, number>();
  bricks.forEach((b, i) => {
    const problem = wordProblem(b, i);
    if (problem) {
      errors.push(problem);
      valid[i] = false;
      return;
    }
    const path = canonicalPath(b.path);
    const key = `${b.host}:${path}`;
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({
        code: 'duplicate-brick',
        message: `brick ${i + 1} (${key}) is the same as brick ${first + 1}`,
        fix: 'give every brick its own directory, e.g. /bricks/gv0/brick1 and /bricks/gv0/brick2',
        gluster: `Found duplicate exports ${key}`,
        bricks: [first, i],
      });
      valid[i] = false;
      return;
    }
    seen.set(key, i);
    if (path.length >= 4096 || path.split('/').some((part) => part.length >= 256)) {
      errors.push({
        code: 'path-too-long',
        message: `brick ${i + 1}'s path is too long (at most 4095 characters, 255 per directory name)`,
        fix: 'use a shorter path',
        gluster: `brick path ${key} is too long.`,
        bricks: [i],
      });
    }
    if (path.length >= WORKDIR.length && path.startsWith(WORKDIR) && !(volumeName ?? '').startsWith('gluster_shared_storage')) {
      errors.push({
        code: 'glusterd-workdir',
        message: `brick ${i + 1} (${key}) is inside glusterd's own state directory ${WORKDIR}`,
        fix: 'put the brick on its own filesystem, e.g. /bricks/gv0/brick',
        gluster: "Brick isn't allowed to be created inside glusterd's working directory.",
        bricks: [i],
      });
    }
    // glusterd names a volume file NAME.HOST.PATH-WITH-DASHES.vol (and writes NAME...vol.tmp first): 255 bytes at most.
    if (rules.volfileLimits && volumeName !== undefined && volumeName.length + b.host.length + path.length > 246) {
      errors.push({
        code: 'volfile-name-too-long',
        message: `volume name, host and path of brick ${i + 1} are together too long for glusterd's volume file names (${volumeName.length + b.host.length + path.length} characters; at most 246)`,
        fix: 'shorten the volume name or the brick path',
        // Up to 249 passes staging and fails when the files are written.
        gluster: volumeName.length + b.host.length + path.length > 249 ? `Volume file path for volume ${volumeName} and brick path ${key} is too long.` : 'Failed to create volume files',
        bricks: [i],
      });
    }
  });
  if (thinArbiterBrick) {
    const problem = wordProblem(thinArbiterBrick, 'ta');
    if (problem) errors.push(problem);
  }
  return { errors, valid };
}
