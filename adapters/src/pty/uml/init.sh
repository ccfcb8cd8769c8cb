#!/bin/sh
# PID 1 of the User-Mode Linux guest that runs pppd for the pty bench (PEERS.md section 1).
# Boot words reach us as environment variables: PPP_CASE_DIR, the per-case host directory that
# holds `options` (pppd's options file), `etc-ppp/` (overlaid on /etc/ppp) and receives
# `pppd.log`, `pppd.record`, `pppd-exit`. A file `stop` appearing there ends the session (exit 5).
# PPP_SESSIONS=many runs sessions one after another (below).
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mountpoint -q /dev || mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts 2>/dev/null
mount -t devpts devpts /dev/pts
for d in /run /tmp /var/log; do mount -t tmpfs tmpfs "$d"; done
case_dir="$PPP_CASE_DIR"
# The case directory may lie under one of the tmpfs just mounted: make its mount point there.
mkdir -p "$case_dir" 2>/dev/null
if [ -z "$case_dir" ] || ! mount -t hostfs -o "$case_dir" hostfs "$case_dir"; then
    echo "uml-init: cannot mount the case directory '$case_dir'" >&2
    poweroff -ff
fi
note() { echo "uml-init: $*" >> "$case_dir/guest.log"; }
# Debian's /etc/ppp/options asks for auth, crtscts, lock, modem: use the case's own /etc/ppp.
mount -t hostfs -o "$case_dir/etc-ppp" hostfs /etc/ppp || note "cannot overlay /etc/ppp"
modules=/usr/lib/uml/modules/$(uname -r)/kernel
for m in lib/crc-ccitt drivers/net/slip/slhc drivers/net/ppp/ppp_generic drivers/net/ppp/ppp_async; do
    insmod "$modules/$m.ko" 2>>"$case_dir/guest.log" || note "insmod $m failed"
done
# pppd writes its log to fd 2 (`logfd 2`) with no time of its own: each line gets the guest's
# clock as it arrives (RFC 3339, UTC, microseconds) and a syslog-style tag, which the pppd log
# reader takes, so `check` judges the log's timers too (#16 item 2). bash's clock builtins take
# no process per line.
stamp_lines() {
    bash -c 'export TZ=UTC
        while IFS= read -r line; do
            now=$EPOCHREALTIME
            printf "%(%Y-%m-%dT%H:%M:%S)T.%sZ uml pppd: %s\n" "${now%.*}" "${now#*.}" "$line"
        done'
}
# One pppd session; polls for the harness's stop request (pppd ends on SIGTERM, exit 5).
# Leaves the exit status in $status.
pppd_session() {
    fifo=/tmp/pppd-log
    rm -f "$fifo" && mkfifo "$fifo"
    stamp_lines < "$fifo" >> "$case_dir/pppd.log" &
    stamper=$!
    pppd file "$case_dir/options" 2>"$fifo" &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
        if [ -e "$case_dir/stop" ]; then kill -TERM "$pid" 2>/dev/null; break; fi
        sleep 0.1
    done
    wait "$pid"
    status=$?
    # The stamper ends with the FIFO's last writer; a script pppd started may still hold it.
    n=0
    while kill -0 "$stamper" 2>/dev/null && [ "$n" -lt 20 ]; do sleep 0.1; n=$((n + 1)); done
    kill "$stamper" 2>/dev/null
}
# PPP_SESSIONS=many: equipment on a serial line for the serial attachment's tests: pppd sessions
# one after another on ttyS1 (each session's number and exit status in `pppd-sessions`) until the
# `stop` file appears.
if [ "$PPP_SESSIONS" = many ]; then
    n=0
    while [ ! -e "$case_dir/stop" ]; do
        n=$((n + 1))
        pppd_session
        echo "$n $status" >> "$case_dir/pppd-sessions"
    done
    sync
    poweroff -ff
fi
note "pppd starting"
pppd_session
echo "$status" > "$case_dir/pppd-exit.tmp" && mv "$case_dir/pppd-exit.tmp" "$case_dir/pppd-exit"
note "pppd exited with status $status"
sync
poweroff -ff
