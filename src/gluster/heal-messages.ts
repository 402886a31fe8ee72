// gluster's words around `gluster volume heal VOL [full]` (10.3; see
// docs/GLUSTER-FACTS.md). The heal command's own "has been successful" only
// says the self-heal daemons were told to heal: whether anything healed is
// read from heal info afterwards (panel/heal-goal.ts), never from these words.

/**
 * Right after the self-heal daemon is turned on, `heal` fails once or twice
 * with "Glusterd Syncop Mgmt brick op 'Heal' failed" or "Self-heal daemon is
 * not running" while the daemons start; glusterd may also hold its lock for
 * another transaction. Worth asking again. Not matched: "Self-heal-daemon is
 * disabled" (a refusal that does not change by waiting).
 */
export const HEAL_STARTING = /Syncop Mgmt brick op 'Heal' failed|Self-heal daemon is not running|Another transaction is in progress|Locking failed/i;
