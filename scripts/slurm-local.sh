#!/usr/bin/env bash
# A throw-away single-node Slurm cluster on this machine (Debian's slurm-wlm and
# munge packages), for the sharded-run test and for trying `sbatch --array` by hand.
#
#   scripts/slurm-local.sh start DIR   # everything lives under DIR; prints SLURM_CONF=DIR/slurm.conf
#   scripts/slurm-local.sh stop DIR    # stops exactly the daemons `start DIR` started, by pid
#
# Then: SLURM_CONF=DIR/slurm.conf sbatch --wait --array=0-3 job.sh
#
# Needs root (munged runs as the munge user, Slurm as root). Its own munge key,
# munge socket and free TCP ports, so it does not touch a system Slurm or munge
# and two clusters (two test runs) can coexist. If `start` fails it stops what
# it had started and prints the daemon logs.
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
action=$1
dir=$2

die() { echo "slurm-local: $*" >&2; exit 1; }

# DIR/run/<name>.pid: the pid of each daemon `start` launched (munged, slurmctld, slurmd).
pidfile() { echo "$dir/run/$1.pid"; }

# The pid in a daemon's pid file, if that process is still that daemon (a stale
# pid may have been reused by an unrelated process, so its name is checked).
live_pid() {
  local name=$1 file pid
  file=$(pidfile "$name")
  [ -s "$file" ] || return 1
  pid=$(tr -dc '0-9' <"$file")
  [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" = "$name" ] || return 1
  echo "$pid"
}

# SIGTERM the named daemons together, wait up to 10 s, SIGKILL the stragglers.
stop_daemons() {
  local name pid pids=() i
  for name in "$@"; do
    if pid=$(live_pid "$name"); then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
    fi
    rm -f "$(pidfile "$name")"
  done
  for pid in "${pids[@]}"; do
    for i in $(seq 1 100); do
      [ -d "/proc/$pid" ] || break
      sleep 0.1
    done
    if [ -d "/proc/$pid" ]; then
      echo "slurm-local: pid $pid ignored SIGTERM for 10 s; sending SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
}

stop_all() {
  # Cancel this cluster's jobs first so no job step outlives its slurmd.
  if [ -s "$dir/slurm.conf" ] && live_pid slurmctld >/dev/null; then
    SLURM_CONF="$dir/slurm.conf" timeout 10 scancel --full --user="$(id -un)" >/dev/null 2>&1 || true
    for _ in $(seq 1 50); do
      [ -z "$(SLURM_CONF="$dir/slurm.conf" timeout 5 squeue -h -o %i 2>/dev/null || true)" ] && break
      sleep 0.2
    done
  fi
  # Slurm first (it authenticates through munge while shutting down), then munge.
  stop_daemons slurmd slurmctld
  stop_daemons munged
}

show_logs() {
  local f
  for f in "$dir"/log/*.log "$dir"/munge/munged.log; do
    [ -s "$f" ] || continue
    echo "---- $f (last 20 lines) ----" >&2
    tail -n 20 "$f" >&2
  done
}

# A TCP port nobody listens on (random in 20000-39999).
free_port() {
  local p used
  used=$(ss -Htan 2>/dev/null | awk '{print $4}' | sed 's/.*://' | sort -u)
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 20000))
    if ! grep -qx "$p" <<<"$used" && [ "$p" != "${1:-}" ]; then echo "$p"; return 0; fi
  done
  die "no free TCP port found"
}

# Poll a command for up to $1 seconds.
wait_for() {
  local seconds=$1 i
  shift
  for i in $(seq 1 $((seconds * 5))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  return 1
}

node_idle() { [ "$(SLURM_CONF="$dir/slurm.conf" sinfo -h -N -o %T 2>/dev/null | head -n1)" = "idle" ]; }
ctld_up() { SLURM_CONF="$dir/slurm.conf" scontrol ping 2>/dev/null | grep -q UP; }
munge_ok() { munge -n -S "$dir/munge/munge.socket" | unmunge -S "$dir/munge/munge.socket"; }

start() {
  [ "$(id -u)" -eq 0 ] || die "must run as root (munged runs as the munge user, Slurm daemons as root)"
  local tool
  for tool in munged munge unmunge slurmctld slurmd sbatch scontrol sinfo squeue scancel; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool not found: install Debian's slurm-wlm and munge packages (apt-get install slurm-wlm munge)"
  done
  id munge >/dev/null 2>&1 || die "no munge user: install the munge package"
  [ ! -e "$(pidfile slurmctld)" ] || die "$dir already holds a cluster (run: $0 stop $dir)"

  mkdir -p "$dir"/{run,log,state,spool,munge}
  # munged (as munge) must traverse the directory, and munge clients need
  # execute permission on the socket's folder; the key itself is 0600.
  chmod 755 "$dir" "$dir/run"
  chown munge:munge "$dir/munge"
  chmod 755 "$dir/munge"
  runuser -u munge -- test -w "$dir/munge" || die "the munge user cannot reach $dir: every folder above it needs o+x (chmod 755)"
  ready=0
  trap 'if [ "$ready" -ne 1 ]; then echo "slurm-local: start failed; stopping what was started" >&2; show_logs; stop_all; fi' EXIT

  # munge: a fresh key and a private socket.
  runuser -u munge -- mungekey --create --keyfile="$dir/munge/munge.key" --bits=1024 >/dev/null
  runuser -u munge -- munged \
    --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.socket" \
    --pid-file="$dir/munge/munged.pid" --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/munged.seed"
  wait_for 10 test -s "$dir/munge/munged.pid" || die "munged wrote no pid file"
  cp "$dir/munge/munged.pid" "$(pidfile munged)"
  wait_for 10 munge_ok || die "munged does not answer on $dir/munge/munge.socket"

  local host cpus ctld_port slurmd_port
  host=$(hostname -s)
  cpus=$(getconf _NPROCESSORS_ONLN)
  ctld_port=$(free_port)
  slurmd_port=$(free_port "$ctld_port")
  cat >"$dir/slurm.conf" <<EOF
# Written by scripts/slurm-local.sh: one node, this machine.
ClusterName=tanner-local
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$(pidfile slurmctld)
SlurmdPidFile=$(pidfile slurmd)
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
InactiveLimit=0
KillWait=5
MinJobAge=60
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=local Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF

  export SLURM_CONF="$dir/slurm.conf"
  slurmctld -c -f "$SLURM_CONF"
  wait_for 20 ctld_up || die "slurmctld did not come up"
  slurmd -f "$SLURM_CONF"
  wait_for 30 node_idle || die "node $host did not become idle"
  ready=1
  echo "SLURM_CONF=$SLURM_CONF"
}

case $action in
  start) start ;;
  stop) stop_all ;;
  *) usage ;;
esac
