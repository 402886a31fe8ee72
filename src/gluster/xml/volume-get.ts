// `gluster volume get VOL all --xml`: every option with its effective value.
// Defaults carry a " (DEFAULT)" suffix in the value; unset ones read "(null)".
import { child, list, requireOk, text } from './cli-output.js';

export interface VolumeOption {
  value: string;
  isDefault: boolean;
}

export function parseVolumeGet(xml: string): Record<string, VolumeOption> {
  const root = requireOk(xml, 'volume get');
  const options: Record<string, VolumeOption> = {};
  for (const o of list(child(root, 'volGetopts').Opt)) {
    const raw = text(o.Value);
    const isDefault = raw.endsWith(' (DEFAULT)');
    const value = isDefault ? raw.slice(0, -' (DEFAULT)'.length) : raw;
    options[text(o.Option)] = { value: value === '(null)' ? '' : value, isDefault };
  }
  return options;
}
