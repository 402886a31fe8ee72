// gluster's own words for trouble, in one place. Matched against the CLI's
// output (10.3; see docs/GLUSTER-FACTS.md).

/** Lines gluster (and mount) print after the real reason: never the reason themselves. */
const GENERIC_FAILURE = [
  /^Volume heal failed\.?$/i,
  /^dmesg\(1\) may have more information after failed mount system call\.?$/i,
  /^Usage:/,
];

export function isGenericFailureLine(line: string): boolean {
  return GENERIC_FAILURE.some((re) => re.test(line.trim()));
}

/** glusterd serialises transactions: another operator's (or our own poller's) command holds the lock. */
export const TRANSACTION_BUSY = /Another transaction is in progress|Locking failed on|locking failed|Please try again after some time/i;
