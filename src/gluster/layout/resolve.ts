// From the options the operator gave to the counts gluster settles on:
// `replica 2 arbiter 1` becomes replica 3 arbiter 1, `disperse` without a
// count takes all bricks, a missing redundancy is chosen the way the CLI
// chooses it (cli_cmd_create_disperse_check), and the set size follows. Every
// refusal of the options themselves is found here.
import type { GlusterRules } from './version.js';
import type { LayoutSpec, Problem, Transport, Warning } from './types.js';

export type LayoutKind = 'distribute' | 'replicate' | 'disperse' | 'stripe';

export interface ResolvedLayout {
  kind: LayoutKind;
  /** Copies per set (1 for distribute and disperse). With an arbiter, the arbiter counts. */
  replica: number;
  arbiter: number;
  thinArbiter: boolean;
  disperse: number;
  redundancy: number;
  /** 1 unless GlusterFS < 6 stripes. */
  stripe: number;
  transport: Transport;
  /** Bricks per set: replica, disperse, or stripe x replica. */
  setSize: number;
}

export interface Resolution {
  layout: ResolvedLayout | null;
  errors: Problem[];
  warnings: Warning[];
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** The CLI's default redundancy for a disperse count, and whether it had no optimal choice. */
export function defaultRedundancy(disperse: number): { redundancy: number; optimal: boolean } {
  let tmp = disperse - 1;
  let i = Math.trunc(tmp / 2);
  while (i > 0 && (tmp & -tmp) !== tmp) {
    i--;
    tmp--;
  }
  return i === 0 ? { redundancy: 1, optimal: false } : { redundancy: disperse - tmp, optimal: true };
}

function stripeRemoved(rules: GlusterRules): Problem {
  const v = rules.version.text;
  return {
    code: 'stripe-removed',
    message: `stripe no longer exists in GlusterFS ≥ 6 (this is ${v})`,
    fix: 'use disperse (e.g. "disperse 6 redundancy 2" spreads each file over 4 data bricks + 2 for redundancy), ' +
      'or enable sharding for large files: gluster volume set VOL features.shard on',
    gluster: rules.stripe === 'removed' ? 'Wrong brick type: stripe, use <HOSTNAME>:<export-dir-abs-path>' : 'stripe option not supported',
  };
}

/** Ways out of a brick count that does not split into sets: "add 2 bricks or use replica 2". */
export function countFix(count: number, setSize: number, kind: LayoutKind, arbiter: number): string {
  const missing = setSize - (count % setSize);
  const extra = count % setSize;
  const ways = [`add ${plural(missing, 'brick')}`];
  if (count - extra >= setSize) ways.push(`remove ${plural(extra, 'brick')}`);
  if (kind === 'replicate' && arbiter === 0) {
    const r = [3, 2, 4, 5, 6].find((n) => n !== setSize && count % n === 0);
    if (r !== undefined) ways.push(`use replica ${r}`);
  } else if (kind === 'disperse' && count >= 3) {
    const r = defaultRedundancy(count).redundancy;
    ways.push(`use disperse ${count} redundancy ${r} (one set of all ${count} bricks)`);
  }
  if (ways.length === 1) return ways[0]!;
  return `${ways.slice(0, -1).join(', ')} or ${ways[ways.length - 1]}`;
}

export function resolveLayout(spec: LayoutSpec, brickCount: number, rules: GlusterRules): Resolution {
  const errors: Problem[] = [];
  const warnings: Warning[] = [];
  const transport = spec.transport ?? 'tcp';
  const wantsDisperse = spec.disperse !== undefined || spec.redundancy !== undefined || spec.disperseData !== undefined;
  const v = rules.version.text;

  let stripe = 1;
  if (spec.stripe !== undefined) {
    if (rules.stripe !== 'option') errors.push(stripeRemoved(rules));
    else if (spec.stripe < 2) {
      errors.push({ code: 'stripe-too-small', message: `stripe ${spec.stripe} is not a stripe: it needs at least 2 bricks`, fix: 'use stripe 2 or more, or leave stripe out', gluster: 'stripe count should be greater than 1' });
    } else stripe = spec.stripe;
    if (wantsDisperse && rules.stripe === 'option') {
      errors.push({ code: 'stripe-disperse', message: 'stripe cannot be combined with disperse', fix: 'use disperse alone', gluster: 'striped-dispersed volume is not supported' });
    }
  }

  let replica = 1;
  let arbiter = 0;
  let thinArbiter = false;
  if (spec.replica !== undefined) {
    if (spec.replica < 2) {
      errors.push({
        code: 'replica-too-small',
        message: `replica ${spec.replica} is not replication: a replica set needs at least 2 copies`,
        fix: 'use replica 3 (or replica 3 arbiter 1) for copies on 3 hosts; leave replica out for a plain distributed volume',
        gluster: 'replica count should be greater than 1',
      });
    } else replica = spec.replica;
  }
  if (spec.arbiter !== undefined) {
    if (spec.replica === undefined) {
      errors.push({ code: 'arbiter-without-replica', message: '"arbiter" must come right after "replica N"', fix: 'write "replica 3 arbiter 1"', gluster: 'arbiter option must be preceded by replica option.' });
    } else if (rules.arbiterReplicas.length === 0) {
      errors.push({ code: 'arbiter-unsupported', message: `arbiter bricks came with GlusterFS 3.7; this is ${v}`, fix: 'use replica 3' });
    } else if (spec.arbiter !== 1 || !rules.arbiterReplicas.includes(spec.replica)) {
      const allowed = rules.arbiterReplicas.includes(2) ? '"replica 3 arbiter 1" (or its alias "replica 2 arbiter 1")' : '"replica 3 arbiter 1"';
      errors.push({
        code: 'arbiter-invalid',
        message: `"replica ${spec.replica} arbiter ${spec.arbiter}" does not exist: an arbiter set is always 2 data bricks + 1 arbiter`,
        fix: `use ${allowed}`,
        gluster: 'For arbiter configuration, replica count must be 2 and arbiter count must be 1. The 3rd brick of the replica will be the arbiter',
      });
    } else {
      arbiter = 1;
      replica = 3;
    }
  }
  if (spec.thinArbiter !== undefined) {
    if (spec.replica === undefined) {
      errors.push({ code: 'thin-arbiter-without-replica', message: '"thin-arbiter" must come right after "replica 2"', fix: 'write "replica 2 thin-arbiter 1"', gluster: 'thin-arbiter option must be preceded by replica option.' });
    } else if (!rules.thinArbiter) {
      errors.push({ code: 'thin-arbiter-unsupported', message: `thin-arbiter came with GlusterFS 7; this is ${v}`, fix: 'use replica 3 arbiter 1' });
    } else if (spec.thinArbiter !== 1 || spec.replica !== 2 || spec.arbiter !== undefined) {
      errors.push({
        code: 'thin-arbiter-invalid',
        message: `"replica ${spec.replica} thin-arbiter ${spec.thinArbiter}" does not exist: thin-arbiter works only with replica 2`,
        fix: 'use "replica 2 thin-arbiter 1" (the last brick is the thin-arbiter) or "replica 3 arbiter 1"',
        gluster: 'For thin-arbiter configuration, replica count must be 2 and thin-arbiter count must be 1. The 3rd brick of the replica will be the thin-arbiter brick',
      });
    } else thinArbiter = true;
  }

  let disperse = 0;
  let redundancy = 0;
  if (wantsDisperse) {
    if (!rules.disperse) {
      errors.push({ code: 'disperse-unsupported', message: `disperse volumes came with GlusterFS 3.6; this is ${v}`, fix: 'use replica 3' });
    } else if (spec.replica !== undefined) {
      errors.push({
        code: 'replicate-disperse',
        message: 'a volume is either replicated or dispersed, not both',
        fix: 'use replica N (copies) or disperse N redundancy R (erasure coding), not both',
        gluster: 'replicated-dispersed volume is not supported',
      });
    } else if (spec.disperseData !== undefined && !rules.disperseData) {
      errors.push({ code: 'disperse-unsupported', message: `disperse-data came with GlusterFS 3.7; this is ${v}`, fix: 'use "disperse N redundancy R"' });
    } else {
      const resolved = resolveDisperse(spec, brickCount, errors, warnings);
      if (resolved) ({ disperse, redundancy } = resolved);
    }
  }

  if (brickCount === 0) {
    errors.push({ code: 'no-bricks', message: 'no bricks are given', fix: 'list the bricks as HOST:/PATH', gluster: 'No bricks specified' });
  }
  if (errors.length > 0) return { layout: null, errors, warnings };

  const kind: LayoutKind = disperse > 0 ? 'disperse' : stripe > 1 ? 'stripe' : replica > 1 ? 'replicate' : 'distribute';
  const setSize = kind === 'disperse' ? disperse : stripe * replica;
  if (brickCount % setSize !== 0) {
    const what = kind === 'disperse' ? `disperse ${disperse}` : kind === 'stripe' ? (replica > 1 ? `stripe ${stripe} x replica ${replica}` : `stripe ${stripe}`)
      : arbiter ? 'replica 3 arbiter 1' : thinArbiter ? 'replica 2 thin-arbiter 1' : `replica ${replica}`;
    const gluster = kind === 'disperse' ? 'number of bricks is not a multiple of disperse count'
      : rules.cliChecksReplicaMultiple
        ? (kind === 'stripe' ? (replica > 1 ? "number of bricks given doesn't match required count" : 'number of bricks is not a multiple of stripe count') : 'number of bricks is not a multiple of replica count')
        : 'Failed to create volume files';
    errors.push({
      code: 'count-not-multiple',
      message: `${plural(brickCount, 'brick')} do not split into sets of ${setSize}: ${what} needs a multiple of ${setSize} bricks${thinArbiter ? ' (not counting the thin-arbiter)' : ''}`,
      fix: countFix(brickCount, setSize, kind, arbiter),
      gluster,
    });
    return { layout: null, errors, warnings };
  }
  return { layout: { kind, replica, arbiter, thinArbiter, disperse, redundancy, stripe, transport, setSize }, errors, warnings };
}

function resolveDisperse(spec: LayoutSpec, count: number, errors: Problem[], warnings: Warning[]): { disperse: number; redundancy: number } | null {
  const before = errors.length;
  if (spec.disperse !== undefined && spec.disperse !== 0 && spec.disperse < 3) {
    errors.push({ code: 'disperse-too-small', message: `disperse ${spec.disperse} is too small: a disperse set needs at least 3 bricks`, fix: 'use disperse 3 (2 + 1) or disperse 6 (4 + 2)', gluster: 'disperse count must be greater than 2' });
  }
  if (spec.disperseData !== undefined && spec.disperseData < 2) {
    errors.push({ code: 'disperse-data-too-small', message: `disperse-data ${spec.disperseData} is too small: a set needs at least 2 data bricks`, fix: 'use disperse-data 2, 4 or 8', gluster: 'disperse-data must be greater than 1' });
  }
  if (spec.redundancy !== undefined && spec.redundancy < 1) {
    errors.push({ code: 'redundancy-too-small', message: `redundancy ${spec.redundancy} protects nothing: it is the number of bricks per set that may fail`, fix: 'use redundancy 1 or 2', gluster: 'redundancy must be greater than 0' });
  }
  if (errors.length > before) return null;

  let d = spec.disperse ?? -1;
  let r = spec.redundancy ?? -1;
  const data = spec.disperseData ?? -1;
  if (data > 0) {
    if (d > 0 && r > 0) {
      if (d !== data + r) {
        errors.push({
          code: 'disperse-mismatch',
          message: `disperse ${d} is not disperse-data ${data} + redundancy ${r}`,
          fix: `use disperse ${data + r}, or give only two of the three counts`,
          gluster: `Disperse count(${d}) should be equal to sum of disperse-data count(${data}) and redundancy count(${r})`,
        });
        return null;
      }
    } else if (r > 0) d = data + r;
    else if (d > 0) r = d - data;
    else if (count - data >= data) {
      errors.push({
        code: 'disperse-data-needs-redundancy',
        message: `disperse-data ${data} alone with ${plural(count, 'brick')} would leave ${count - data} bricks of redundancy, as many as data`,
        fix: `add a redundancy, e.g. "disperse-data ${data} redundancy ${Math.max(1, Math.min(Math.floor((data - 1) / 2) + 1, count - data))}"`,
        gluster: 'Please provide redundancy count along with disperse-data count',
      });
      return null;
    } else {
      r = count - data;
      d = count;
      warnings.push({ code: 'disperse-default-redundancy', message: `gluster takes redundancy ${r} from the brick count (it asks first; --mode=script says yes)`, fix: `say it: disperse-data ${data} redundancy ${r}` });
    }
  }
  if (d <= 0) {
    if (count < 3) {
      errors.push({ code: 'disperse-too-small', message: `a disperse volume needs at least 3 bricks; ${plural(count, 'brick')} given`, fix: 'add bricks: disperse 3 (2 + 1) needs 3 bricks on 3 hosts', gluster: 'number of bricks must be greater than 2' });
      return null;
    }
    d = count;
  }
  let dataCount: number;
  if (r === -1) {
    const chosen = defaultRedundancy(d);
    r = chosen.redundancy;
    dataCount = 0;
    warnings.push(chosen.optimal
      ? { code: 'disperse-default-redundancy', message: `gluster chooses redundancy ${r} for disperse ${d} (${d - r} + ${r})${r > 1 ? '; it asks first, --mode=script says yes' : ''}`, fix: `say it: disperse ${d} redundancy ${r}` }
      : { code: 'disperse-default-redundancy', message: `disperse ${d} has no optimal redundancy; gluster asks and then uses redundancy 1 (${d - 1} + 1)`, fix: `prefer a size like 6 (4 + 2) or 10 (8 + 2), or say it: disperse ${d} redundancy 1` });
  } else dataCount = d - r;
  if (r < 1 || r > Math.trunc((d - 1) / 2)) {
    errors.push({
      code: 'redundancy-out-of-range',
      message: `redundancy ${r} does not fit disperse ${d}: it must be at least 1 and less than half the set (at most ${Math.trunc((d - 1) / 2)})`,
      fix: d >= 3 ? `use disperse ${d} redundancy ${Math.max(1, Math.trunc((d - 1) / 2))}, or disperse ${2 * r + 2} redundancy ${r}` : 'use disperse 3 redundancy 1',
      gluster: `redundancy must be greater than or equal to 1 and less than ${Math.trunc((d + 1) / 2)} for a disperse ${d} volume`,
    });
    return null;
  }
  if ((dataCount & -dataCount) !== dataCount) {
    warnings.push({
      code: 'disperse-not-optimal',
      message: `${dataCount} data bricks per set is not a power of two: slower on most workloads (gluster asks first; --mode=script says yes)`,
      fix: 'prefer 2, 4 or 8 data bricks per set, e.g. disperse 6 redundancy 2 (4 + 2)',
    });
  }
  return { disperse: d, redundancy: r };
}
