// Rebalance and remove-brick status, read from XML captured on a GlusterFS 10.3 lab (see the fixtures' README).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GlusterXmlError, parseMigrationStart, parseMigrationStatus } from '../../../src/gluster/xml/index.js';
import { MIGRATION_STATUS, migrationOutcome, parseMigrationEstimate } from '../../../src/gluster/migration.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/gluster-10.3/${name}`, import.meta.url), 'utf8');

describe('rebalance status --xml', () => {
  it('reads every node and the aggregate while the rebalance runs', () => {
    const s = parseMigrationStatus(fixture('rebalance-status-in-progress.xml'), 'rebalance');
    expect(s).toMatchObject({ kind: 'rebalance', started: true, taskId: '187329b2-f1e5-4840-9424-897fcbf0770d' });
    expect(s.nodes.map((n) => [n.name, n.local, n.files, n.sizeBytes, n.lookups, n.status, n.statusName, n.runtimeSeconds])).toEqual([
      ['node2', false, 2, 78604, 200, MIGRATION_STATUS.IN_PROGRESS, 'in progress', 2],
      ['node3', false, 0, 0, 200, MIGRATION_STATUS.IN_PROGRESS, 'in progress', 2],
      ['node4', false, 0, 0, 9, MIGRATION_STATUS.IN_PROGRESS, 'in progress', 2],
      ['localhost', true, 2, 74292, 200, MIGRATION_STATUS.IN_PROGRESS, 'in progress', 2],
    ]);
    expect(s.nodes[0]!.uuid).toBe('ad412232-f14d-45d3-b997-0159721ac476');
    expect(s.aggregate).toMatchObject({ files: 4, sizeBytes: 152896, lookups: 609, failures: 0, skipped: 0, status: MIGRATION_STATUS.IN_PROGRESS });
    expect(s.estimatedSecondsLeft).toBeUndefined();
    expect(migrationOutcome(s).state).toBe('running');
  });

  it('calls a rebalance completed when every node completed with no failures', () => {
    const s = parseMigrationStatus(fixture('rebalance-status-completed.xml'), 'rebalance');
    expect(s.nodes.every((n) => n.status === MIGRATION_STATUS.COMPLETED)).toBe(true);
    expect(s.aggregate?.statusName).toBe('completed');
    expect(migrationOutcome(s)).toEqual({ state: 'completed', reason: 'completed on node2, node3, node4, localhost' });
  });

  it('says "not started" as gluster does, instead of throwing', () => {
    const s = parseMigrationStatus(fixture('rebalance-status-not-started.xml'), 'rebalance');
    expect(s).toMatchObject({ started: false, message: 'Rebalance not started for volume gv0.', nodes: [] });
    expect(migrationOutcome(s)).toEqual({ state: 'not-started', reason: 'Rebalance not started for volume gv0.' });
  });

  it('throws gluster\'s reason for any other refusal', () => {
    expect(() => parseMigrationStatus(fixture('rebalance-status-after-remove-brick-commit.xml'), 'rebalance')).toThrow(/not a distribute volume or contains only 1 brick/);
    expect(() => parseMigrationStatus('Connection failed. Please check if gluster daemon is operational.', 'rebalance')).toThrow(GlusterXmlError);
  });

  it('reads the task id from start', () => {
    expect(parseMigrationStart(fixture('rebalance-start.xml'), 'rebalance')).toBe('187329b2-f1e5-4840-9424-897fcbf0770d');
    expect(() => parseMigrationStart(fixture('rebalance-status-not-started.xml'), 'rebalance')).toThrow('rebalance start failed: Rebalance not started');
  });
});

describe('remove-brick status --xml', () => {
  it('lists only the nodes that hold a removed brick', () => {
    const s = parseMigrationStatus(fixture('remove-brick-status-in-progress.xml'), 'remove-brick');
    expect(s.nodes.map((n) => [n.name, n.files, n.lookups, n.statusName])).toEqual([['node4', 4, 43, 'in progress']]);
    expect(migrationOutcome(s).state).toBe('running');
  });

  it('completes, and says so only with zero failures', () => {
    const s = parseMigrationStatus(fixture('remove-brick-status-completed.xml'), 'remove-brick');
    expect(s.aggregate).toMatchObject({ files: 43, sizeBytes: 2834048, failures: 0, status: MIGRATION_STATUS.COMPLETED, runtimeSeconds: 16 });
    expect(migrationOutcome(s).state).toBe('completed');
    const withFailures = { ...s, nodes: s.nodes.map((n) => ({ ...n, failures: 2 })) };
    expect(migrationOutcome(withFailures)).toMatchObject({ state: 'failed', reason: expect.stringMatching(/2 failed files \(node4: 2\)/) });
  });

  it('reads a node that failed as failed, whatever the others say', () => {
    const s = parseMigrationStatus(fixture('rebalance-status-completed.xml'), 'rebalance');
    const one = { ...s, nodes: s.nodes.map((n, i) => (i === 1 ? { ...n, status: MIGRATION_STATUS.FAILED, statusName: 'failed' } : n)) };
    expect(migrationOutcome(one)).toMatchObject({ state: 'failed', reason: expect.stringContaining('failed on node3') });
  });

  it('answers "not started" with opRet -1 (the CLI exits 0 here)', () => {
    expect(parseMigrationStatus(fixture('remove-brick-status-not-started.xml'), 'remove-brick')).toMatchObject({ started: false, message: 'remove-brick not started for volume gv0.' });
    expect(parseMigrationStart(fixture('remove-brick-start.xml'), 'remove-brick')).toBe('cdf91ddf-42db-419c-ab56-5588eb45a324');
    expect(parseMigrationStart(fixture('remove-brick-commit.xml'), 'remove-brick')).toBe('cdf91ddf-42db-419c-ab56-5588eb45a324');
  });
});

describe('the time-left estimate (plain text only in 10.3)', () => {
  it('reads hours:minutes:seconds, and nothing when gluster has no estimate yet', () => {
    expect(parseMigrationEstimate('Estimated time left for rebalance to complete :        1:02:03\n')).toBe(3723);
    expect(parseMigrationEstimate('The estimated time for rebalance to complete will be unavailable for the first 10 minutes.')).toBeUndefined();
  });
});
