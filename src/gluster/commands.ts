// Every gluster CLI command the console runs, built in one place. Always
// --mode=script (the CLI otherwise stops at y/n prompts and, with stdin at end
// of file, answers "no"), and --xml wherever gluster has an XML form.
import { cmd, type Command } from '../ssh/command.js';
import { validateHostName } from '../config/validate.js';

export class GlusterCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GlusterCommandError';
  }
}

const RESERVED_VOLUME_NAMES = new Set([
  'volume', 'type', 'help', 'subvolumes', 'option', 'end-volume', 'all', 'volume_not_in_ring', 'description', 'force',
  'snap-max-hard-limit', 'snap-max-soft-limit', 'auto-delete', 'activate-on-create',
]);

/** Volume names as glusterd accepts them (GlusterFS 10.x, see GLUSTER-FACTS.md). */
export function validateVolumeName(name: string): string | null {
  if (name.length === 0) return 'a volume name cannot be empty';
  if (name.length > 256) return 'a volume name is at most 256 characters';
  if (!/^[A-Za-z0-9_-]+$/.test(name)) return `"${name.replace(/[^\x20-\x7e]/g, '?')}" is not a volume name: use only letters, digits, "-" and "_"`;
  if (name.startsWith('-')) return 'a volume name cannot start with "-"';
  if (RESERVED_VOLUME_NAMES.has(name)) return `"${name}" is a word gluster reserves; choose another name`;
  return null;
}

function volume(name: string): string {
  const problem = validateVolumeName(name);
  if (problem) throw new GlusterCommandError(problem);
  return name;
}

function host(name: string): string {
  const problem = validateHostName(name);
  if (problem) throw new GlusterCommandError(problem);
  return name;
}

const gluster = (...args: string[]): Command => cmd('gluster', '--mode=script', ...args);

export const peerStatusXml = (): Command => gluster('peer', 'status', '--xml');
export const poolListXml = (): Command => gluster('pool', 'list', '--xml');
export const peerProbe = (name: string): Command => gluster('peer', 'probe', host(name));
export const volumeInfoXml = (name?: string): Command => (name === undefined ? gluster('volume', 'info', '--xml') : gluster('volume', 'info', volume(name), '--xml'));
export const volumeStatusXml = (name: string | 'all', detail = false): Command =>
  gluster('volume', 'status', name === 'all' ? 'all' : volume(name), ...(detail ? ['detail'] : []), '--xml');
export const healInfoSummaryXml = (name: string): Command => gluster('volume', 'heal', volume(name), 'info', 'summary', '--xml');
export const healInfoSplitBrainXml = (name: string): Command => gluster('volume', 'heal', volume(name), 'info', 'split-brain', '--xml');
/** No XML form: `gluster --xml volume heal` prints plain text only. */
export const heal = (name: string, full = false): Command => gluster('volume', 'heal', volume(name), ...(full ? ['full'] : []));
export const volumeStart = (name: string, force = false): Command => gluster('volume', 'start', volume(name), ...(force ? ['force'] : []));
export const volumeSet = (name: string, key: string, value: string): Command => {
  if (!/^[a-z][a-z0-9.-]*$/.test(key)) throw new GlusterCommandError(`"${key}" is not a volume option name`);
  if (!/^[A-Za-z0-9._:,/-]+$/.test(value)) throw new GlusterCommandError(`"${value}" is not a plain option value`);
  return gluster('volume', 'set', volume(name), key, value);
};
