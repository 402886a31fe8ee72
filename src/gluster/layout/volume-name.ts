// Volume names as the CLI and glusterd accept them. The CLI allows up to 256
// characters, but glusterd writes files named after the volume (the longest,
// "trusted-NAME.tcp-gfproxy-fuse.vol.tmp", must fit in 255 bytes), so 10.3
// refuses names longer than 222 characters (221 with rdma): measured on the lab.
import type { GlusterRules } from './version.js';
import type { Problem, Transport } from './types.js';

const NAME_CHARS = /^[A-Za-z0-9_-]*$/;

/** The longest name glusterd 10.x can write its volume files for. */
export function maxVolumeNameLength(rules: GlusterRules, transport: Transport = 'tcp'): number {
  if (!rules.volfileLimits) return rules.cliNameMax;
  return transport === 'tcp' ? 222 : 221;
}

function shown(name: string): string {
  return name.length > 40 ? `${name.slice(0, 37)}...` : name;
}

export function checkVolumeName(name: string, rules: GlusterRules, transport: Transport = 'tcp'): Problem[] {
  const fixChars = 'use only letters, digits, "-" and "_", for example "gv0" or "shared-data"';
  if (name.length === 0) {
    return [{ code: 'bad-volume-name', message: 'the volume name is empty', fix: fixChars }];
  }
  if (name.startsWith('-')) {
    return [{
      code: 'bad-volume-name',
      message: `the volume name "${shown(name)}" starts with "-"`,
      fix: 'start the name with a letter or digit',
      gluster: 'Usage: volume create <NEW-VOLNAME> ...',
    }];
  }
  if (rules.reservedNames.includes(name)) {
    return [{
      code: 'reserved-volume-name',
      message: `"${name}" is a word gluster reserves and cannot be a volume name`,
      fix: `choose another name, e.g. "${name}-vol"`,
      gluster: `"${name}" cannot be the name of a volume.`,
    }];
  }
  const bad = [...name].find((c) => !NAME_CHARS.test(c));
  if (bad !== undefined) {
    const what = bad === '/' ? '"/"' : /^[\x21-\x7e]$/.test(bad) ? `"${bad}"` : `the character U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    return [{
      code: 'bad-volume-name',
      message: `the volume name "${shown(name.replace(/[^\x20-\x7e]/g, '?'))}" contains ${what}`,
      fix: fixChars,
      gluster: `Volume name should not contain "${bad}" character.`,
    }];
  }
  const max = maxVolumeNameLength(rules, transport);
  if (name.length > max) {
    const gluster = name.length > rules.cliNameMax
      ? `Volume name exceeds ${rules.cliNameMax} characters.`
      : name.length >= 256 ? 'brick path ... is too long.' : 'Failed to create volume files';
    return [{
      code: 'volume-name-too-long',
      message: `the volume name has ${name.length} characters; glusterd ${rules.version.text} can store at most ${max}${transport === 'tcp' ? '' : ` with ${transport}`}`,
      fix: `shorten it to ${max} characters or fewer`,
      gluster,
    }];
  }
  return [];
}
