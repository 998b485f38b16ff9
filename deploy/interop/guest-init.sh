#!/bin/sh
# /init of the UMIP interop guest (deploy/interop/build-guest.sh puts it in the initramfs).
# Mounts what Linux needs, loads the modules named in /etc/modules, mounts the host's 9p share
# on /share, then runs the host's commands: each file /share/cmd/NNNN.sh, in name order, runs
# once under sh with a time limit (the first line may say "# timeout SECONDS", default 60); its
# output goes to /share/out/NNNN.out and its exit status, last, to /share/out/NNNN.rc. A
# command that starts a daemon puts it in the background itself. "poweroff -f" ends the guest.
# busybox's sh runs its own applets before any program of the same name, so in the commands
# "ip" is a function calling iproute2's /sbin/ip (busybox's ip applet lacks most of it).
export PATH=/sbin:/usr/sbin:/bin:/usr/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mkdir -p /dev/pts && mount -t devpts devpts /dev/pts
mount -t tmpfs tmp /tmp
for m in $(cat /etc/modules); do modprobe "$m" || echo "guest: modprobe $m failed"; done
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 share /share || { echo "guest: no 9p share"; poweroff -f; }
hostname "$(cat /share/hostname 2>/dev/null || echo umip)"
/sbin/ip link set lo up
# addresses are the host's business: no SLAAC until a command asks for it
for i in /proc/sys/net/ipv6/conf/eth*; do echo 0 > "$i/autoconf"; done
mkdir -p /share/out
echo "$(cut -d' ' -f1 /proc/uptime)" > /share/out/ready.tmp && mv /share/out/ready.tmp /share/out/ready
while :; do
  for f in /share/cmd/*.sh; do
    [ -e "$f" ] || continue
    n=$(basename "$f" .sh)
    [ -e "/share/out/$n.rc" ] && continue
    t=$(sed -n '1s/^# timeout \([0-9][0-9]*\)$/\1/p' "$f")
    timeout -s KILL "${t:-60}" sh -c 'ip() { /sbin/ip "$@"; }; . "$0"' "$f" > "/share/out/$n.out" 2>&1 < /dev/null
    echo $? > "/share/out/$n.rc.tmp"
    mv "/share/out/$n.rc.tmp" "/share/out/$n.rc"
  done
  usleep 50000
done
