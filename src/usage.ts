// Usage texts, in a module without side effects so that both the entry point
// and the interactive app can print them.

export const USAGE = `gluster-console: set up, watch and repair GlusterFS clusters over SSH

Usage:
  gluster-console                 start the interactive console (needs a terminal)
  gluster-console lab <command>   a practice cluster of real GlusterFS hosts on this machine
  gluster-console layout check [--inventory FILE] [--gluster-version V] [--json] WORDS...  check of a volume create (offline, or on the hosts)
  gluster-console setup --inventory FILE --volume NAME [--layout WORDS] [--mount PATH] [--command-timeout S] [--dry-run] [--yes]  the guided setup without the console (setup --help)
  gluster-console status [--inventory FILE] [--json] [--watch]  cluster health: exit 0 healthy, 1 degraded, 2 unknown
  gluster-console expand --inventory FILE --volume NAME --hosts H1,H2,... [--dry-run] [--yes]  grow a volume onto new hosts: add-brick in whole sets, rebalance (expand --help)
  gluster-console replace --inventory FILE --old HOST --new HOST [--volume V] [--dry-run] [--yes]  a dead node's bricks move to a fresh host, healed to 0 pending (replace --help)
  gluster-console shrink --inventory FILE --volume NAME --hosts H1,H2,... [--min-per-zone N] [--dry-run] [--yes]  hosts leave: remove-brick in whole sets, commit only when migrated, detach (shrink --help)
  gluster-console heat --inventory FILE [--min-per-zone N] [--max-per-zone M] [--output FILE] [--gluster-version X]  an OpenStack Heat template of the cluster (heat --help)
  gluster-console --help          this help
  gluster-console --version       the version

Lab commands (root, Linux; see README):
  lab up [--nodes N] [--volumeless K]   start N bare nodes (default 3); the last K have no attached volume
  lab add [--volumeless]                one more bare node in the running lab, added to its inventory
  lab status [--json]                   what runs, per node
  lab crash I                           power cut of node I: every process dies at once
  lab boot I                            start node I again, as after a reboot
  lab silence I                         node I drops every packet (a pulled cable): SSH and glusterd time out
  lab unsilence I                       node I answers again
  lab down                              stop every node and free its disks
  common option: --dir DIR              lab state directory (default /var/lib/gluster-console/lab)
  environment: GLUSTER_CONSOLE_LAB_NET=127.1.2 puts a second lab on 127.1.2.I (default 127.1.1)

Options for the console:
  --config-dir DIR                where the inventory and settings are kept
  --readonly                      watch only: every action that changes hosts or saved data is off
`;

export const NON_INTERACTIVE_HINT = `gluster-console needs a terminal for the interactive console.
Without one, use a subcommand:
  gluster-console status [--inventory FILE] [--json] [--watch]
  gluster-console setup --inventory FILE --volume NAME [--dry-run] [--yes]
  gluster-console layout check WORDS...
  gluster-console lab up|status|crash|boot|silence|unsilence|down
  gluster-console --help`;
