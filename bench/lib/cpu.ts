/**
 * CPU time per process group, from /proc (Linux; elsewhere every figure is null): which process a
 * run's CPU went to. Groups are named child pids, plus every process whose command is `postgres` or
 * `redis-server` on the machine.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux x86_64 and arm64). */
const TICKS_PER_SECOND = 100;

function stat(pid: number | string): { comm: string; seconds: number } | null {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = raw.lastIndexOf(')');
    const comm = raw.slice(raw.indexOf('(') + 1, close);
    const fields = raw.slice(close + 2).split(' ');
    // After the command: state(0) ppid(1) … utime(11) stime(12).
    return { comm, seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

export type CpuSnapshot = Record<string, number | null>;

/** CPU seconds used so far by each named pid, and by all `postgres` and all `redis-server` processes. */
export function cpuSnapshot(pids: Record<string, number | undefined>): CpuSnapshot {
  const out: CpuSnapshot = {};
  for (const [name, pid] of Object.entries(pids)) out[name] = pid === undefined ? null : (stat(pid)?.seconds ?? null);
  let procs: string[];
  try {
    procs = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return { ...out, postgres: null, redis: null };
  }
  let postgres = 0;
  let redis = 0;
  for (const pid of procs) {
    const s = stat(pid);
    if (s?.comm === 'postgres') postgres += s.seconds;
    else if (s?.comm === 'redis-server') redis += s.seconds;
  }
  return { ...out, postgres, redis };
}

/** CPU seconds used between two snapshots, per group (null where unknown; never below 0, as a process that ended takes its time with it). */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): CpuSnapshot {
  const out: CpuSnapshot = {};
  for (const [name, v] of Object.entries(after)) {
    const b = before[name];
    out[name] = v === null || b === null || b === undefined ? null : Math.max(0, v - b);
  }
  return out;
}

/**
 * CPU seconds used so far by a process and its direct children (a PostgreSQL postmaster and its
 * backends), those still running and those that ended (the parent's cutime and cstime), or null.
 */
export function processTreeCpu(rootPid: number): number | null {
  let total: number;
  try {
    const raw = readFileSync(`/proc/${rootPid}/stat`, 'utf8');
    const f = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
    // utime(11) stime(12) cutime(13) cstime(14), counted from the state field.
    total = (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
  let procs: string[];
  try {
    procs = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return null;
  }
  for (const pid of procs) {
    try {
      const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === rootPid) total += (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    } catch {
      /* gone */
    }
  }
  return total;
}
