// glusterd runs one cluster-changing transaction at a time: a probe, a volume
// create or start that meets another one (the panel's poller, another
// operator, glusterd's own handshake) is refused with "Another transaction is
// in progress" and nothing changed. The setup's changing gluster commands wait
// and try again, backing off, before the failure is reported.
import { TRANSACTION_BUSY } from '../gluster/errors.js';
import type { RetryRule } from '../plan/item.js';

/** 1 + 2 + 4 + 8 + 16 s between six attempts: about half a minute of patience. */
export const GLUSTERD_BUSY_RETRY: RetryRule = { when: TRANSACTION_BUSY, attempts: 6, delayMs: 1000, backoff: 2 };
