// A volume's id in its two spellings: `volume info --xml` gives <id> as a
// UUID (532bad0b-91f1-...), and every brick of the volume carries the same 16
// bytes in the xattr trusted.glusterfs.volume-id (getfattr -e hex prints
// 0x532bad0b91f1...). A brick belongs to the volume whose id it carries; one
// whose id no volume has is left over from a create cut short or a volume
// deleted since (delete leaves the xattrs on the bricks).

const HEX32 = /^[0-9a-f]{32}$/;

function bare(id: string): string {
  return id.trim().toLowerCase().replace(/^0x/, '').replace(/-/g, '');
}

/** The id as volume info prints it, from either spelling; null when it is not 16 bytes of hex. */
export function volumeIdAsUuid(id: string): string | null {
  const hex = bare(id);
  if (!HEX32.test(hex)) return null;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The volume (from volume info) whose id the brick's xattr carries, if any. */
export function volumeWithId<V extends { id: string }>(volumes: readonly V[], xattrHex: string): V | undefined {
  const wanted = bare(xattrHex);
  if (!HEX32.test(wanted)) return undefined;
  return volumes.find((v) => bare(v.id) === wanted);
}
