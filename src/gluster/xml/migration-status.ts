// `gluster volume rebalance VOL status --xml` (<volRebalance>) and
// `gluster volume remove-brick VOL BRICKS status --xml` (<volRemoveBrick>):
// the same per-node counters in two envelopes, read into one shape.
//
// Measured on 10.3 (test/fixtures/gluster-10.3/): the node the command runs on
// is named "localhost"; remove-brick lists only the nodes that hold a removed
// brick while nodeCount counts the whole pool; "not started" is opRet -1
// (exit 1 for rebalance, exit 0 for remove-brick); no time-left element.
import { child, GlusterXmlError, list, parseCliOutput, requireOk, text, toInt, type XmlNode } from './cli-output.js';
import { migrationStatusName } from '../migration.js';

export type MigrationKind = 'rebalance' | 'remove-brick';

export interface MigrationCounts {
  /** Files moved. */
  files: number;
  /** Bytes moved. */
  sizeBytes: number;
  /** Files looked at (gluster's "scanned"). */
  lookups: number;
  failures: number;
  skipped: number;
  /** glusterd's code: compare with MIGRATION_STATUS. */
  status: number;
  /** glusterd's word for it ("in progress", "completed", ...). */
  statusName: string;
  runtimeSeconds: number;
}

export interface MigrationNode extends MigrationCounts {
  /** As gluster names it: the peer's host name, or "localhost" for the node asked. */
  name: string;
  uuid: string;
  /** The node the command ran on (gluster calls it localhost). */
  local: boolean;
}

export interface MigrationStatus {
  kind: MigrationKind;
  /** False when gluster says no such migration was started ("Rebalance not started for volume gv0."). */
  started: boolean;
  /** gluster's message when not started. */
  message: string;
  taskId: string;
  nodes: MigrationNode[];
  /** The sum over the nodes, as gluster gives it; undefined when not started. */
  aggregate?: MigrationCounts;
  /** Seconds left, when gluster gives an estimate (10.3's XML does not: see parseMigrationEstimate). */
  estimatedSecondsLeft?: number;
}

const ELEMENT: Record<MigrationKind, string> = { rebalance: 'volRebalance', 'remove-brick': 'volRemoveBrick' };
const NOT_STARTED = /not started for volume/i;

function counts(n: XmlNode): MigrationCounts {
  const status = toInt(n.status, -1);
  const runtime = Number.parseFloat(text(n.runtime));
  return {
    files: toInt(n.files, 0),
    sizeBytes: toInt(n.size, 0),
    lookups: toInt(n.lookups, 0),
    failures: toInt(n.failures, 0),
    skipped: toInt(n.skipped, 0),
    status,
    statusName: text(n.statusStr) || migrationStatusName(status),
    runtimeSeconds: Number.isFinite(runtime) ? runtime : 0,
  };
}

function estimate(n: XmlNode): number | undefined {
  // Later GlusterFS versions may add one; read it if it is there, never invent it.
  const t = text(n['time-left'] ?? n.timeLeft);
  return /^[0-9]+(\.[0-9]+)?$/.test(t) ? Math.round(Number(t)) : undefined;
}

/** Status of a rebalance or remove-brick. Throws GlusterXmlError with gluster's message for any failure but "not started". */
export function parseMigrationStatus(xml: string, kind: MigrationKind): MigrationStatus {
  const out = parseCliOutput(xml);
  if (!out.ok) {
    if (NOT_STARTED.test(out.opErrstr)) return { kind, started: false, message: out.opErrstr, taskId: '', nodes: [] };
    throw new GlusterXmlError(`${kind} status failed: ${out.opErrstr || `opRet ${out.opRet}, opErrno ${out.opErrno}`}`);
  }
  const body = child(out.root, ELEMENT[kind]);
  if (Object.keys(body).length === 0) throw new GlusterXmlError(`${kind} status without <${ELEMENT[kind]}>`);
  const aggregateNode = child(body, 'aggregate');
  const nodes = list(body.node).map((n) => {
    const name = text(n.nodeName);
    return { name, uuid: text(n.id), local: name === 'localhost', ...counts(n) };
  });
  const est = estimate(aggregateNode) ?? estimate(body);
  return {
    kind,
    started: true,
    message: '',
    taskId: text(body['task-id']),
    nodes,
    ...(Object.keys(aggregateNode).length > 0 ? { aggregate: counts(aggregateNode) } : {}),
    ...(est === undefined ? {} : { estimatedSecondsLeft: est }),
  };
}

/** `rebalance VOL start --xml` and `remove-brick ... start --xml`: the task id; throws with gluster's message. */
export function parseMigrationStart(xml: string, kind: MigrationKind): string {
  const root = requireOk(xml, `${kind} start`);
  return text(child(root, ELEMENT[kind])['task-id']);
}
