// The SSH layer's public face: build commands, run them through an Executor.
export { cmd, sh, pipe, and, or, quote, CommandError, type Command, type Arg, type TemplateValue } from '../shell/command.js';
export { SshError, type SshErrorKind, type ExecOptions, type ExecResult, type ExecAllEntry, type Executor } from './types.js';
export { SshPool, type PoolOptions } from './pool.js';
export type { UnknownHostKeyInfo } from './connect.js';
export {
  KnownHosts,
  parseKnownHosts,
  appendKnownHost,
  fingerprint,
  hostKeyName,
  keyTypeOf,
  type KnownHostsEntry,
  type HostKeyStatus,
  type HostKeyCheck,
} from './known-hosts.js';
export { resolveHostSettings, loadSshConfig, parseProxyJump, type HostSettings, type Endpoint, type HostInput, type ResolveOptions } from './host-config.js';
export type { AuthPrompts } from './auth.js';
