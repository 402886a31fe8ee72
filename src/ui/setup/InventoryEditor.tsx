// Step 0's inventory, edited in the console: add, edit and remove hosts, or
// paste /etc/hosts-style lines. Every field is checked as it is typed; the
// whole inventory is checked again (duplicates) before it is saved with conf.
import { useEffect, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { parseInventory, InventoryError, type Inventory, type InventoryHost } from '../../config/inventory.js';
import { printable, validateAbsolutePath, validateAddress, validateDevicePath, validateHostName, validatePort, validateUser, validateZone } from '../../config/validate.js';
import { useAppStore } from '../../store/app-store.js';
import { HostTable } from '../HostTable.js';
import { matchKey } from '../keys.js';
import { useServices } from '../services.js';
import { useScreenInput } from '../use-screen-input.js';
import { editText, TextField } from './TextField.js';
import { useSetup } from './context.js';

type HostField = 'name' | 'address' | 'user' | 'port' | 'identityFile' | 'knownHostsFile' | 'zone' | 'device' | 'transientDevice';

const HOST_FIELDS: ReadonlyArray<{ field: HostField; label: string; required?: boolean; check(v: string): string | null; hint: string }> = [
  { field: 'name', label: 'Name', required: true, check: validateHostName, hint: 'the name peers know it by' },
  { field: 'address', label: 'Address', required: true, check: validateAddress, hint: 'IP address (what /etc/hosts maps the name to)' },
  { field: 'user', label: 'SSH user', check: validateUser, hint: 'empty: ~/.ssh/config, else your user' },
  { field: 'port', label: 'SSH port', check: validatePort, hint: 'empty: 22' },
  { field: 'identityFile', label: 'SSH key file', check: validateAbsolutePath, hint: 'empty: ssh-agent / ~/.ssh/config' },
  { field: 'knownHostsFile', label: 'known_hosts', check: validateAbsolutePath, hint: 'empty: ~/.ssh/known_hosts' },
  { field: 'zone', label: 'Zone', check: validateZone, hint: 'empty: default' },
  { field: 'device', label: 'Brick device', check: validateDevicePath, hint: 'the attached volume, e.g. /dev/vdc' },
  { field: 'transientDevice', label: 'Transient disk', check: validateDevicePath, hint: 'volume-less zone only, e.g. /dev/vdb' },
];

type Values = Record<HostField, string>;

function valuesOf(h?: InventoryHost): Values {
  return {
    name: h?.name ?? '',
    address: h?.address ?? '',
    user: h?.ssh.user ?? '',
    port: h?.ssh.port !== undefined ? String(h.ssh.port) : '',
    identityFile: h?.ssh.identityFile ?? '',
    knownHostsFile: h?.ssh.knownHostsFile ?? '',
    zone: h?.zone ?? '',
    device: h?.device ?? '',
    transientDevice: h?.transientDevice ?? '',
  };
}

export function hostFieldProblem(field: HostField, value: string): string | null {
  const spec = HOST_FIELDS.find((f) => f.field === field)!;
  if (value === '') return spec.required ? `${spec.label.toLowerCase()} is required` : null;
  return spec.check(value);
}

function hostOf(v: Values): InventoryHost {
  return {
    name: v.name,
    address: v.address,
    ssh: {
      ...(v.user ? { user: v.user } : {}),
      ...(v.port ? { port: Number(v.port) } : {}),
      ...(v.identityFile ? { identityFile: v.identityFile } : {}),
      ...(v.knownHostsFile ? { knownHostsFile: v.knownHostsFile } : {}),
    },
    zone: v.zone || 'default',
    ...(v.device ? { device: v.device } : {}),
    ...(v.transientDevice ? { transientDevice: v.transientDevice } : {}),
  };
}

/** /etc/hosts-style lines (ADDRESS NAME [ZONE]) as hosts; SSH settings copied from `template`. */
export function parseHostLines(text: string, template?: InventoryHost): { hosts: InventoryHost[]; problems: string[] } {
  const hosts: InventoryHost[] = [];
  const problems: string[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    const [address = '', name = '', zone, ...rest] = line.split(/[ \t]+/);
    const problem = validateAddress(address) ?? validateHostName(name) ?? (zone !== undefined ? validateZone(zone) : null) ?? (rest.length > 0 ? `unexpected "${printable(rest.join(' '))}" after the zone` : null);
    if (problem) problems.push(`line ${i + 1}: ${problem}`);
    else hosts.push({ name, address, ssh: { ...(template?.ssh ?? {}) }, zone: zone ?? 'default' });
  });
  return { hosts, problems };
}

type Mode = { kind: 'list' } | { kind: 'edit'; index: number | null } | { kind: 'paste' };

export function InventoryEditor() {
  const inventory = useAppStore((s) => s.inventory);
  const readonly = useAppStore((s) => s.readonly);
  const setAppInventory = useAppStore((s) => s.setInventory);
  const ask = useAppStore((s) => s.ask);
  const setFocused = useAppStore((s) => s.setTextInputFocused);
  const notify = useSetup((s) => s.notify);
  const { settings } = useServices();
  const [mode, setMode] = useState<Mode>({ kind: 'list' });
  const [cursor, setCursor] = useState(0);
  const [values, setValues] = useState<Values>(valuesOf());
  const [focus, setFocus] = useState(0);
  const [paste, setPaste] = useState('');
  const [error, setError] = useState<string | null>(null);
  const valuesRef = useRef(values);
  const focusRef = useRef(focus);
  const pasteRef = useRef(paste);

  const setKeyView = useAppStore((s) => s.setKeyView);
  useEffect(() => {
    setFocused(mode.kind !== 'list');
    setKeyView(mode.kind === 'list' ? 'inventory' : `inventory-${mode.kind}`);
    return () => setFocused(false);
  }, [mode.kind, setFocused, setKeyView]);

  const save = (next: Inventory): boolean => {
    try {
      const saved = settings.setInventory(next);
      setAppInventory(saved);
      setError(null);
      return true;
    } catch (err) {
      setError(err instanceof InventoryError ? err.message : (err as Error).message);
      return false;
    }
  };

  useScreenInput((input, key) => {
    if (mode.kind === 'list') {
      const binding = matchKey(input, key, { scope: 'setup', readonly });
      if (key.downArrow || input === 'j') setCursor((c) => Math.min(c + 1, Math.max(0, inventory.hosts.length - 1)));
      else if (key.upArrow || input === 'k') setCursor((c) => Math.max(0, c - 1));
      else if (binding?.id === 'setup-add-host') {
        valuesRef.current = valuesOf();
        setValues(valuesRef.current);
        focusRef.current = 0;
        setFocus(0);
        setMode({ kind: 'edit', index: null });
      } else if (key.return && !readonly && inventory.hosts[cursor]) {
        valuesRef.current = valuesOf(inventory.hosts[cursor]);
        setValues(valuesRef.current);
        focusRef.current = 0;
        setFocus(0);
        setMode({ kind: 'edit', index: cursor });
      } else if (binding?.id === 'setup-remove-host' && inventory.hosts[cursor]) {
        const host = inventory.hosts[cursor]!;
        void ask({ kind: 'confirm', title: `Remove ${host.name} from the inventory?`, lines: ['Only the saved inventory changes; nothing runs on the host.'] }).then((answer) => {
          if (answer === 'yes' && save({ hosts: inventory.hosts.filter((h) => h.name !== host.name) })) notify(`Removed ${host.name}.`);
        });
      } else if (binding?.id === 'setup-paste-hosts') {
        pasteRef.current = '';
        setPaste('');
        setMode({ kind: 'paste' });
      }
      return;
    }
    if (mode.kind === 'paste') {
      if (key.escape) return;
      // Line breaks are the paste's own; only a lone Enter adds the hosts.
      if (key.return && input.length <= 1) {
        const { hosts, problems } = parseHostLines(pasteRef.current, inventory.hosts[0]);
        if (problems.length > 0 || hosts.length === 0) {
          setError(problems.length > 0 ? problems.join('; ') : 'nothing to add: paste lines like "10.0.0.5 node4 zone-b"');
          return;
        }
        if (save({ hosts: [...inventory.hosts, ...hosts] })) {
          notify(`Added ${hosts.map((h) => h.name).join(', ')}: set each one's brick device (Enter on the host).`);
          setMode({ kind: 'list' });
        }
        return;
      }
      if (key.backspace || key.delete || (key.ctrl && input === 'u')) {
        const edit = editText(pasteRef.current, input, key)!;
        pasteRef.current = edit.value;
        setPaste(edit.value);
        return;
      }
      if (key.ctrl || key.meta || input.length === 0) return;
      pasteRef.current += input.replace(/\u0015/g, '');
      setPaste(pasteRef.current);
      return;
    }
    // Editing one host.
    if (key.upArrow || (key.tab && key.shift)) {
      focusRef.current = (focusRef.current + HOST_FIELDS.length - 1) % HOST_FIELDS.length;
      setFocus(focusRef.current);
      return;
    }
    if (key.downArrow || key.tab) {
      focusRef.current = (focusRef.current + 1) % HOST_FIELDS.length;
      setFocus(focusRef.current);
      return;
    }
    const field = HOST_FIELDS[focusRef.current]!.field;
    const edit = editText(valuesRef.current[field], input, key);
    if (edit === null) return;
    valuesRef.current = { ...valuesRef.current, [field]: edit.value };
    setValues(valuesRef.current);
    setError(null);
    if (!edit.submit) return;
    const v = valuesRef.current;
    const bad = HOST_FIELDS.find((f) => hostFieldProblem(f.field, v[f.field]) !== null);
    if (bad) {
      setError(`fix ${bad.label.toLowerCase()} first: ${hostFieldProblem(bad.field, v[bad.field])}`);
      return;
    }
    const host = hostOf(v);
    const hosts = mode.index === null ? [...inventory.hosts, host] : inventory.hosts.map((h, i) => (i === mode.index ? host : h));
    try {
      parseInventory({ hosts });
    } catch (err) {
      setError((err as Error).message);
      return;
    }
    if (save({ hosts })) {
      notify(`Saved ${host.name}.`);
      setMode({ kind: 'list' });
    }
  });

  // Esc inside the editor goes back to its list first.
  const setInnerBack = useSetup((s) => s.setInnerBack);
  const backToList = useRef<() => boolean>(() => false);
  backToList.current = () => {
    if (mode.kind === 'list') return false;
    setMode({ kind: 'list' });
    setError(null);
    return true;
  };
  useEffect(() => {
    const handler = () => backToList.current();
    setInnerBack(handler);
    return () => setInnerBack(null);
  }, [setInnerBack]);

  if (mode.kind === 'edit') {
    return (
      <Box flexDirection="column" gap={1}>
        <Text bold>{mode.index === null ? 'Add a host' : `Edit ${inventory.hosts[mode.index]?.name ?? ''}`}: ↑/↓ move · Enter saves · Esc cancels</Text>
        <Box flexDirection="column">
          {HOST_FIELDS.map((f, i) => (
            <TextField key={f.field} label={f.label} value={values[f.field]} focused={i === focus} error={hostFieldProblem(f.field, values[f.field])} hint={f.hint} width={16} />
          ))}
        </Box>
        {error ? <Text color="red">Not saved: {error}</Text> : null}
      </Box>
    );
  }
  if (mode.kind === 'paste') {
    const { hosts, problems } = parseHostLines(paste, inventory.hosts[0]);
    return (
      <Box flexDirection="column" gap={1}>
        <Text bold>Paste /etc/hosts-style lines: ADDRESS NAME [ZONE], one host per line. Enter adds them · Esc cancels</Text>
        <Text>
          <Text inverse>{printable(paste).replace(/\\x0a|\\x0d/g, ' ⏎ ')}</Text>
          <Text inverse> </Text>
        </Text>
        {problems.map((p) => (
          <Text key={p} color="red">{`✗ ${p}`}</Text>
        ))}
        {hosts.length > 0 ? <Text dimColor>would add: {hosts.map((h) => `${h.name} (${h.address}, ${h.zone})`).join(', ')}</Text> : null}
        {error ? <Text color="red">Not saved: {error}</Text> : null}
      </Box>
    );
  }
  return (
    <Box flexDirection="column" gap={1}>
      <Text bold>Inventory: {inventory.hosts.length} host{inventory.hosts.length === 1 ? '' : 's'}</Text>
      <HostTable hosts={inventory.hosts} />
      <Box flexDirection="column">
        {inventory.hosts.map((h, i) => (
          <Text key={h.name} color={i === cursor ? 'blue' : undefined}>
            {i === cursor ? '❯ ' : '  '}
            {h.name}
          </Text>
        ))}
      </Box>
      <Text dimColor>
        {readonly ? 'Read-only: the inventory cannot be changed here.' : '+ add · Enter edit · d remove · p paste /etc/hosts lines · the Local lab screen imports the lab · Esc back'}
      </Text>
      {error ? <Text color="red">{error}</Text> : null}
    </Box>
  );
}

