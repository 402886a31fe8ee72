#!/bin/bash
# The seed's runbook (../shared/seeds/: /etc/hosts lines, start glusterd,
# mkfs.xfs -i size=512 and mount the brick, peer probe, volume create replica 3,
# start, mount.glusterfs localhost:/VOL on every node) typed by a person into a
# shell script over ssh: what does not depend on anything else runs on every
# node at once (&), peer status is polled every 0.2 s. The end state is the
# console's: bricks and the volume mount in /etc/fstab, the transient disk of the
# volume-less node (cloud-init's ext4 at /mnt) wiped and used for the brick.
# No checks beyond the runbook's own `gluster peer status`: this is the baseline.
#
# Usage: by-hand.sh KEY KNOWN_HOSTS VOLUME NAME=ADDRESS=DEVICE[=transient] ...
# (bench/bench.mjs passes the lab's inventory).
set -euo pipefail
key=$1 known=$2 vol=$3
shift 3
names=() addrs=() devs=() transient=()
for spec in "$@"; do
  IFS== read -r n a d t <<<"$spec"
  names+=("$n") addrs+=("$a") devs+=("$d") transient+=("${t:-}")
done
brickmnt=/data/glusterfs/brick1
mnt=/data/shared

on() { # on I COMMANDS: one ssh session to node I, as a person pastes a block
  ssh -i "$key" -o UserKnownHostsFile="$known" -o StrictHostKeyChecking=yes -o BatchMode=yes -o LogLevel=ERROR "root@${addrs[$1]}" "$2"
}

hosts_lines=""
for i in "${!names[@]}"; do hosts_lines+="echo ${addrs[$i]} ${names[$i]} >> /etc/hosts; "; done

# 1. On every node at once: host entries, start glusterd, the brick filesystem.
for i in "${!names[@]}"; do
  dev=${devs[$i]}
  prep=""
  if [ -n "${transient[$i]}" ]; then prep="umount /mnt; sed -i '/[[:space:]]\\/mnt[[:space:]]/d' /etc/fstab; wipefs -a $dev >/dev/null; "; fi
  on "$i" "set -e
$hosts_lines
glusterd -p /run/glusterd.pid
$prep mkfs.xfs -q -i size=512 $dev
mkdir -p $brickmnt
echo \"UUID=\$(blkid -s UUID -o value $dev) $brickmnt xfs defaults,nofail 0 0\" >> /etc/fstab
mount $brickmnt
mkdir -p $brickmnt/brick" &
done
wait

# 2. From the first node: probe the others, then wait until every node sees every other in the pool.
probes=""
for i in "${!names[@]}"; do [ "$i" = 0 ] || probes+="gluster peer probe ${names[$i]} && "; done
on 0 "${probes}true" >/dev/null
others=$((${#names[@]} - 1))
for i in "${!names[@]}"; do
  on "$i" "until [ \"\$(gluster peer status | grep -c 'Peer in Cluster (Connected)')\" = $others ]; do sleep 0.2; done" &
done
wait

# 3. Create and start the volume (on one node).
bricks=""
for i in "${!names[@]}"; do bricks+="${names[$i]}:$brickmnt/brick "; done
on 0 "gluster --mode=script volume create $vol replica ${#names[@]} transport tcp $bricks && gluster --mode=script volume start $vol" >/dev/null

# 4. Mount it on every node.
for i in "${!names[@]}"; do
  backups=$(printf '%s\n' "${names[@]}" | grep -vx "${names[$i]}" | paste -sd:)
  on "$i" "mkdir -p $mnt
echo 'localhost:/$vol $mnt glusterfs defaults,_netdev,backup-volfile-servers=$backups 0 0' >> /etc/fstab
mount.glusterfs localhost:/$vol $mnt" &
done
wait
