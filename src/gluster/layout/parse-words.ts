// The words after the volume name in `gluster volume create NAME ...` and
// `gluster volume add-brick NAME ...`, read exactly as the CLI of the given
// version reads them (cli_cmd_volume_create_parse in cli-cmd-parser.c):
// option words match by unambiguous prefix ("rep" is replica), at most three
// options are read, `arbiter`/`thin-arbiter` count only right after
// `replica N`, a trailing `force` is the force flag, and every other word is a
// brick. Range checks (replica > 1, ...) are left to rules.ts, which the UI
// shares; what stops the CLI's parser here is returned as errors.
import { gfString2Int, strtolInt32, cStrtol } from './c-number.js';
import { splitBrickWord } from './bricks.js';
import type { GlusterRules } from './version.js';
import type { BrickInput, LayoutSpec, Problem, Transport } from './types.js';

export interface ParsedCreate {
  layout: LayoutSpec;
  bricks: BrickInput[];
  thinArbiterBrick?: BrickInput;
  force: boolean;
  /** Where the CLI's own parser stops: the command is refused before glusterd sees it. */
  errors: Problem[];
}

export interface ParsedAddBrick {
  replica?: number;
  arbiter?: number;
  bricks: BrickInput[];
  force: boolean;
  errors: Problem[];
}

const USAGE_FIX = 'write it as: [replica N [arbiter 1]] | [disperse N] [redundancy R] [transport tcp] HOST:/PATH ... [force]';

/** cli_getunamb: an exact match wins, otherwise the one option the word is a prefix of. */
export function unambiguous(word: string, choices: readonly string[]): string | null {
  if (word === '') return null;
  let found: string | null = null;
  let matches = 0;
  for (const choice of choices) {
    if (!choice.startsWith(word)) continue;
    if (choice === word) return choice;
    found = choice;
    matches++;
  }
  return matches === 1 ? found : null;
}

/** A brick from a word; a word that is not HOST:/PATH keeps the whole word as its path so rules can name it. */
export function brickFromWord(word: string): BrickInput {
  const split = splitBrickWord(word);
  return split ? { host: split.host, path: split.path } : { host: '', path: word };
}

function missing(option: string): Problem {
  return {
    code: 'missing-value',
    message: `"${option}" needs a value after it`,
    fix: USAGE_FIX,
    gluster: 'Usage: volume create <NEW-VOLNAME> ...',
  };
}

function twice(option: string): Problem {
  return {
    code: 'option-twice',
    message: `"${option}" is given twice`,
    fix: `keep one "${option}"`,
    gluster: option === 'transport' ? "'transport' option given more than one time" : `${option} option given twice`,
  };
}

const replicateDisperse = (): Problem => ({
  code: 'replicate-disperse',
  message: 'a volume is either replicated or dispersed, not both',
  fix: 'use replica N (copies) or disperse N redundancy R (erasure coding), not both',
  gluster: 'replicated-dispersed volume is not supported',
});

function parseTransport(value: string): Transport | null {
  const v = value.toLowerCase();
  if (v === 'tcp' || v === 'rdma') return v;
  if (v === 'tcp,rdma' || v === 'rdma,tcp') return 'tcp,rdma';
  return null;
}

type Kind = 'none' | 'replicate' | 'disperse' | 'stripe' | 'stripe-replicate';

/** Option words of other GlusterFS versions, recognised only to explain their refusal. */
const OTHER_VERSIONS: Record<string, keyof LayoutSpec> = {
  disperse: 'disperse',
  redundancy: 'redundancy',
  'disperse-data': 'disperseData',
  arbiter: 'arbiter',
  'thin-arbiter': 'thinArbiter',
  stripe: 'stripe',
};

export function parseCreateWords(words: readonly string[], rules: GlusterRules): ParsedCreate {
  const layout: LayoutSpec = {};
  const errors: Problem[] = [];
  const result = (): ParsedCreate => ({ layout, bricks: [], force: false, errors });
  if (words.length === 0) {
    errors.push({ code: 'no-bricks', message: 'no bricks are given', fix: 'list the bricks as HOST:/PATH', gluster: 'Usage: volume create <NEW-VOLNAME> ...' });
    return result();
  }
  let kind: Kind = 'none';
  let i = 0;
  let options = 0;
  while (options < 3) {
    const word = words[i];
    if (word === undefined) break;
    const w = unambiguous(word, rules.opwords);
    if (w === null) {
      // A word this version does not know is a brick to its CLI ("Wrong brick type: stripe").
      // Keep the count so the refusal can say what happened to the option and what replaces it.
      const key = Object.hasOwn(OTHER_VERSIONS, word) && !rules.opwords.includes(word) ? OTHER_VERSIONS[word] : undefined;
      if (key !== undefined && words[i + 1] !== undefined && cStrtol(words[i + 1]!).end > 0) {
        (layout as Record<string, number>)[key] = strtolInt32(words[i + 1]!);
        i += 2;
        continue;
      }
      break;
    }
    if (w === 'replica') {
      if (kind === 'replicate' || kind === 'stripe-replicate') return (errors.push(twice('replica')), result());
      if (kind === 'disperse') return (errors.push(replicateDisperse()), result());
      if (words[i + 1] === undefined) return (errors.push(missing('replica')), result());
      layout.replica = strtolInt32(words[i + 1]!);
      kind = kind === 'stripe' ? 'stripe-replicate' : 'replicate';
      i += 2;
      const next = words[i];
      if (next === 'arbiter') {
        const n = gfString2Int(words[i + 1] ?? '');
        if (n === null) {
          errors.push({
            code: 'arbiter-invalid',
            message: `"arbiter ${words[i + 1] ?? ''}" is not a count: only "arbiter 1" exists`,
            fix: 'write "replica 3 arbiter 1"',
            gluster: 'For arbiter configuration, replica count must be 2 and arbiter count must be 1. The 3rd brick of the replica will be the arbiter',
          });
          return result();
        }
        layout.arbiter = n;
        i += 2;
      } else if (next === 'thin-arbiter') {
        const n = gfString2Int(words[i + 1] ?? '');
        if (n === null) {
          errors.push({
            code: 'thin-arbiter-invalid',
            message: `"thin-arbiter ${words[i + 1] ?? ''}" is not a count: only "thin-arbiter 1" exists`,
            fix: 'write "replica 2 thin-arbiter 1"',
            gluster: 'For thin-arbiter configuration, replica count must be 2 and thin-arbiter count must be 1. The 3rd brick of the replica will be the thin-arbiter brick',
          });
          return result();
        }
        layout.thinArbiter = n;
        i += 2;
      }
    } else if (w === 'stripe') {
      if (rules.stripe !== 'option') {
        layout.stripe = words[i + 1] === undefined ? 0 : strtolInt32(words[i + 1]!);
        i += 2;
        options++;
        continue; // rules.ts refuses it with the replacement
      }
      if (kind === 'stripe' || kind === 'stripe-replicate') return (errors.push(twice('stripe')), result());
      if (kind === 'disperse') {
        errors.push({ code: 'stripe-disperse', message: 'stripe cannot be combined with disperse', fix: 'use disperse alone', gluster: 'striped-dispersed volume is not supported' });
        return result();
      }
      if (words[i + 1] === undefined) return (errors.push(missing('stripe')), result());
      layout.stripe = strtolInt32(words[i + 1]!);
      kind = kind === 'replicate' ? 'stripe-replicate' : 'stripe';
      i += 2;
    } else if (w === 'transport') {
      if (layout.transport !== undefined) return (errors.push(twice('transport')), result());
      const value = words[i + 1];
      if (value === undefined) return (errors.push(missing('transport')), result());
      const t = parseTransport(value);
      if (t === null) {
        errors.push({
          code: 'transport-invalid',
          message: `"transport ${value}" is not a transport`,
          fix: 'use "transport tcp" (or leave it out: tcp is the default)',
          gluster: 'Usage: volume create <NEW-VOLNAME> ... [transport <tcp|rdma|tcp,rdma>] ...',
        });
        return result();
      }
      layout.transport = t;
      i += 2;
    } else if (w === 'disperse' || w === 'redundancy' || w === 'disperse-data') {
      if (kind === 'replicate' || kind === 'stripe-replicate') return (errors.push(replicateDisperse()), result());
      if (kind === 'stripe') {
        errors.push({ code: 'stripe-disperse', message: 'stripe cannot be combined with disperse', fix: 'use disperse alone', gluster: 'Invalid type given' });
        return result();
      }
      const key = w === 'disperse' ? 'disperse' : w === 'redundancy' ? 'redundancy' : 'disperseData';
      if (layout[key] !== undefined) return (errors.push(twice(w)), result());
      const value = words[i + 1];
      if (value === undefined) return (errors.push(missing(w)), result());
      const n = gfString2Int(value);
      if (w === 'disperse') {
        if (n === null) {
          if (cStrtol(value).overflow) return (errors.push({ code: 'disperse-too-small', message: `"disperse ${value}" is out of range`, fix: 'use a disperse count such as 6 (4 + 2)' }), result());
          layout.disperse = 0; // `disperse` without a count: one set of all bricks
          i += 1;
        } else if (n < 3) {
          // Here 0 is a count, not the "all bricks" of a bare `disperse`: the CLI stops.
          errors.push({ code: 'disperse-too-small', message: `disperse ${n} is too small: a disperse set needs at least 3 bricks`, fix: 'use disperse 3 (2 + 1) or disperse 6 (4 + 2)', gluster: 'disperse count must be greater than 2' });
          return result();
        } else {
          layout.disperse = n;
          i += 2;
        }
      } else if (n === null) {
        errors.push(w === 'redundancy'
          ? { code: 'redundancy-too-small', message: `"redundancy ${value}" is not a count`, fix: 'use redundancy 1 or 2 (bricks that may fail per set)', gluster: 'redundancy must be greater than 0' }
          : { code: 'disperse-data-too-small', message: `"disperse-data ${value}" is not a count`, fix: 'use disperse-data 2, 4 or 8 (bricks of data per set)', gluster: 'disperse-data must be greater than 1' });
        return result();
      } else {
        layout[key] = n;
        i += 2;
      }
      kind = 'disperse';
    } else if (w === 'arbiter' || w === 'thin-arbiter') {
      errors.push({
        code: w === 'arbiter' ? 'arbiter-without-replica' : 'thin-arbiter-without-replica',
        message: `"${w}" must come right after "replica N"`,
        fix: w === 'arbiter' ? 'write "replica 3 arbiter 1 HOST:/PATH ..."' : 'write "replica 2 thin-arbiter 1 HOST:/PATH ..."',
        gluster: `${w} option must be preceded by replica option.`,
      });
      return result();
    }
    options++;
  }
  if (options === 3 && words[i] !== undefined && unambiguous(words[i]!, rules.opwords) !== null) {
    errors.push({
      code: 'bad-option',
      message: `gluster reads at most three options; "${words[i]}" comes after three and would be taken for a brick`,
      fix: 'drop an option that only repeats a default (transport tcp, or a redundant count)',
      gluster: `Wrong brick type: ${words[i]}, use <HOSTNAME>:<export-dir-abs-path>`,
    });
    return result();
  }
  if (i >= words.length) {
    errors.push({ code: 'no-bricks', message: 'no bricks are given', fix: 'list the bricks as HOST:/PATH after the options', gluster: 'Usage: volume create <NEW-VOLNAME> ...' });
    return result();
  }
  const force = words[words.length - 1] === 'force';
  let brickWords = words.slice(i, force ? -1 : undefined);
  let thinArbiterBrick: BrickInput | undefined;
  if (layout.thinArbiter === 1 && layout.replica !== undefined) {
    const last = brickWords[brickWords.length - 1];
    if (last !== undefined && brickWords.length > 1) {
      thinArbiterBrick = brickFromWord(last);
      brickWords = brickWords.slice(0, -1);
    } else {
      brickWords = [];
    }
  }
  if (brickWords.length === 0) {
    errors.push({ code: 'no-bricks', message: 'no bricks are given', fix: 'list the bricks as HOST:/PATH after the options', gluster: 'No bricks specified' });
    return { layout, bricks: [], force, errors };
  }
  return { layout, bricks: brickWords.map(brickFromWord), ...(thinArbiterBrick ? { thinArbiterBrick } : {}), force, errors };
}

/** `gluster volume add-brick NAME [replica N [arbiter 1]] BRICK... [force]` (cli_cmd_volume_add_brick_parse). */
export function parseAddBrickWords(words: readonly string[]): ParsedAddBrick {
  const errors: Problem[] = [];
  if (words.length === 0) {
    errors.push({ code: 'no-bricks', message: 'no bricks are given', fix: 'list the new bricks as HOST:/PATH' });
    return { bricks: [], force: false, errors };
  }
  let i = 0;
  let replica: number | undefined;
  let arbiter: number | undefined;
  // With fewer than three words the CLI does not look for options at all.
  if (words.length >= 3 && unambiguous(words[0]!, ['replica']) !== null) {
    replica = strtolInt32(words[1]!);
    i = 2;
    if (words[2] === 'arbiter') {
      arbiter = words[3] === undefined ? 0 : strtolInt32(words[3]);
      i = 4;
    }
  }
  const force = words[words.length - 1] === 'force';
  const brickWords = words.slice(i, force ? -1 : undefined);
  if (brickWords.length === 0) {
    errors.push({ code: 'no-bricks', message: 'no bricks are given', fix: 'list the new bricks as HOST:/PATH', gluster: 'No bricks specified' });
  }
  return {
    ...(replica !== undefined ? { replica } : {}),
    ...(arbiter !== undefined ? { arbiter } : {}),
    bricks: brickWords.map(brickFromWord),
    force,
    errors,
  };
}
