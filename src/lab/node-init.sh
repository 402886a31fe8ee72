#!/bin/bash
# Boot script of one lab node. It runs inside the node's own mount, UTS and PID
# namespaces, as the only child of tini (the node's PID 1, which reaps orphans
# the way a real init does). It turns the shared machine into something that
# looks like a fresh VM to sshd, glusterd and the console: its own /etc, /dev,
# /run, /var/lib/glusterd, /var/log/glusterfs and /data. Then it "boots":
# mounts what the node's own /etc/fstab lists, starts sshd, and starts glusterd
# if it ever ran here. Same script for the first start and every reboot.
#
# Usage: node-init.sh NODE_DIR   (NODE_DIR/node.env describes the node)
set -u
NODE_DIR=$1
# shellcheck source=/dev/null
. "$NODE_DIR/node.env"   # NODE_NAME NODE_ADDR SSH_PORT DISKS ("name:major:minor:loopname ...")

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*"; }
die() { log "FATAL: $*"; exit 1; }

# Nothing mounted here may leak back to the machine.
mount --make-rprivate / || die "cannot make mounts private"
hostname "$NODE_NAME" || die "cannot set hostname"

# /etc: an overlay, so the node's hosts/fstab are its own real files that can be
# replaced by rename, as on a VM (a bind-mounted single file cannot).
mount -t overlay overlay -o "lowerdir=/etc,upperdir=$NODE_DIR/etc-upper,workdir=$NODE_DIR/etc-work" /etc \
  || die "cannot mount the /etc overlay"

# /root too: a fresh VM's root has only the skeleton dotfiles, not this machine's.
for dir in /var/lib/glusterd /var/log/glusterfs /data /root; do
  mkdir -p "$NODE_DIR/root$dir"
  mount --bind "$NODE_DIR/root$dir" "$dir" || die "cannot bind $dir"
done
mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /run || die "cannot mount /run"
mkdir -p /run/sshd /run/lock /run/gluster
chmod 0755 /run/sshd

# /dev: a private tmpfs with only what a small VM has, plus this node's disks
# under cloud-like names (vdc attached volume, vdb transient disk) and their
# loop names, so mkfs, blkid and UUID= fstab lines behave as on a VM.
mount -t tmpfs -o mode=0755,nosuid tmpfs /dev || die "cannot mount /dev"
mknod -m 666 /dev/null c 1 3
mknod -m 666 /dev/zero c 1 5
mknod -m 666 /dev/full c 1 7
mknod -m 666 /dev/random c 1 8
mknod -m 666 /dev/urandom c 1 9
mknod -m 666 /dev/tty c 5 0
mknod -m 666 /dev/fuse c 10 229
mkdir -p /dev/pts /dev/shm
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620,gid=5 devpts /dev/pts || die "cannot mount devpts"
ln -s pts/ptmx /dev/ptmx
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /dev/shm
ln -s /proc/self/fd /dev/fd
ln -s /proc/self/fd/0 /dev/stdin
ln -s /proc/self/fd/1 /dev/stdout
ln -s /proc/self/fd/2 /dev/stderr
for disk in $DISKS; do
  IFS=: read -r name major minor loopname <<<"$disk"
  mknod -m 660 "/dev/$name" b "$major" "$minor"
  mknod -m 660 "/dev/$loopname" b "$major" "$minor"
  chgrp disk "/dev/$name" "/dev/$loopname" 2>/dev/null
done

# Local filesystems first, as systemd's local-fs.target does; a brick whose
# fstab line is missing or wrong stays unmounted, as after a real reboot.
log "mounting local filesystems from /etc/fstab"
mount -a -O no_netdev || log "some local fstab entries did not mount"

log "starting sshd on $NODE_ADDR:$SSH_PORT"
/usr/sbin/sshd -f "$NODE_DIR/sshd_config" -E "$NODE_DIR/sshd.log" || die "sshd did not start"

# glusterd leaves glusterd.upgrade at its first start, glusterd.info once it has a UUID.
if [ -e /var/lib/glusterd/glusterd.info ] || [ -e /var/lib/glusterd/glusterd.upgrade ]; then
  log "glusterd ran here before: starting it"
  /usr/sbin/glusterd -p /run/glusterd.pid || log "glusterd did not start"
  # Network filesystems (_netdev: the volume's FUSE mounts) need glusterd up.
  for _ in $(seq 1 100); do
    gluster --mode=script pool list >/dev/null 2>&1 && break
    sleep 0.1
  done
  mount -a -O _netdev || log "some network fstab entries did not mount"
fi

log "node $NODE_NAME is up"
# Stay alive as the node's only long-lived child of init: when this ends, the
# node ends. Closing stdout/stderr keeps the lab's log file from being held.
exec sleep infinity </dev/null >/dev/null 2>&1
