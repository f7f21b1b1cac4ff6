// Pure: the namespace section of the probe agent (probes/agent/agent-program.ts) -> NamespaceSnapshot.
// Line-oriented records:
//   S <pid>...                           pids to leave out (the in-box probe scripts' own; fixtures)
//   P <pid>, then T <status line> (Name, State, PPid, NSpid), N <type> <link>, C <base64 argv>
//   H <uts link> <hostname>              (once per UTS namespace)
//   U <user link>, then u/g <uid_map/gid_map line>   (once per user namespace)
//   O <ns inode> <type> <owner user ns inode> <parent ns inode>   (0 = none)
//   W proc-over-box                      the box's /proc is a proc of another PID namespace
//   X <pid> <ns inode|0>, then T/N/C      a process of a nested PID namespace that exited, as last
//                                        seen, and the PID namespace whose ending init took it (0: none)
//   X <pid> 0 unseen, then T/N/C         one that exited while no probe agent ran: how is unknown
//   W exits-begun-late                   the exit records began after the learner worked in
//                                        the box: earlier exits are unknown
import { definedOnly } from '../../shared/defined';
import { PROBE_NAME } from '../../engine/environment';
import { NAMESPACE_TYPES, type NamespaceType } from '../../shared/lab';
import type { BoxProcess, ExitedProcess, NamespaceSnapshot } from '../../shared/snapshots';

const NS_LINK = /^(\w+):\[(\d+)\]$/;
const NS_TYPES: ReadonlySet<string> = new Set(NAMESPACE_TYPES);

/** "uts:[4026532252]" -> 4026532252; undefined for anything else. */
export function parseNamespaceLink(link: string): { type: string; inode: number } | undefined {
  const m = NS_LINK.exec(link.trim());
  return m ? { type: m[1]!, inode: Number(m[2]) } : undefined;
}

export function parseNamespaceProbe(output: string, takenAt = new Date().toISOString()): NamespaceSnapshot {
  const probePids = new Set<number>();
  const processes: BoxProcess[] = [];
  const hostnames: Record<number, string> = {};
  const userMaps: NamespaceSnapshot['userMaps'] = {};
  const relations: NamespaceSnapshot['relations'] = {};
  const exited: ExitedProcess[] = [];
  let current: BoxProcess | undefined;
  let userMap: { uidMap: string[]; gidMap: string[] } | undefined;
  let procOverBox = false;
  let exitsBegunLate = false;

  for (const raw of output.split('\n')) {
    const tag = raw.slice(0, 2);
    const rest = raw.slice(2);
    switch (tag) {
      case 'S ':
        for (const pid of rest.split(' ').map(Number)) if (pid > 0) probePids.add(pid);
        break;
      case 'P ':
        current = { pid: Number(rest), ppid: 0, name: '', command: '', nspid: [], namespaces: {} };
        processes.push(current);
        break;
      case 'X ': {
        const [pid, endedWith, unseen] = rest.split(' ');
        current = { pid: Number(pid), ppid: 0, name: '', command: '', nspid: [], namespaces: {} };
        exited.push({ process: current, ...(Number(endedWith) ? { endedWith: Number(endedWith) } : {}), ...(unseen === 'unseen' ? { unseen: true as const } : {}) });
        break;
      }
      case 'T ':
        if (current) applyStatusLine(current, rest);
        break;
      case 'N ': {
        const [name, link] = rest.split(' ');
        const parsed = parseNamespaceLink(link ?? '');
        if (current && name && NS_TYPES.has(name) && parsed) current.namespaces[name as NamespaceType] = parsed.inode;
        break;
      }
      case 'C ':
        if (current) current.command = decodeCommandLine(rest);
        break;
      case 'U ': {
        const parsed = parseNamespaceLink(rest);
        userMap = parsed ? (userMaps[parsed.inode] = { uidMap: [], gidMap: [] }) : undefined;
        break;
      }
      case 'u ':
        userMap?.uidMap.push(foldSpaces(rest));
        break;
      case 'g ':
        userMap?.gidMap.push(foldSpaces(rest));
        break;
      case 'O ': {
        const [inode, type = '', owner, parent] = rest.split(' ');
        const known = (v: string | undefined) => (v && v !== '0' ? Number(v) : undefined);
        relations[Number(inode)] = { type, ...definedOnly({ owner: known(owner), parent: known(parent) }) };
        break;
      }
      case 'W ':
        if (rest === 'proc-over-box') procOverBox = true;
        if (rest === 'exits-begun-late') exitsBegunLate = true;
        break;
      case 'H ': {
        const space = rest.indexOf(' ');
        const parsed = parseNamespaceLink(rest.slice(0, space));
        if (parsed && space > 0) hostnames[parsed.inode] = rest.slice(space + 1);
        break;
      }
    }
  }
  const probes = probeTrees(processes, probePids);
  return {
    takenAt,
    // A process that vanished mid-read left no status: it is gone, not a process.
    processes: processes.filter((p) => p.name !== '' && !probes.has(p.pid)).sort((a, b) => a.pid - b.pid),
    hostnames,
    userMaps,
    relations,
    ...(procOverBox ? { procOverBox: true as const } : {}),
    ...(exited.length > 0 ? { exited: exited.filter((e) => e.process.name !== '') } : {}),
    ...(exitsBegunLate ? { exitsBegunLate: true as const } : {}),
  };
}


/** This probe, and every process of any nslab probe (named PROBE_NAME) with its children. */
function probeTrees(processes: BoxProcess[], own: Set<number>): Set<number> {
  const out = new Set(own);
  for (const p of processes) if (p.command.endsWith(` ${PROBE_NAME}`) || p.command.includes(` ${PROBE_NAME} `)) out.add(p.pid);
  // Children appear after their parents in no guaranteed order: repeat until stable.
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of processes) if (!out.has(p.pid) && out.has(p.ppid)) (out.add(p.pid), (grew = true));
  }
  return out;
}

/** uid_map pads its columns; "         0       1000          1" is "0 1000 1". */
function foldSpaces(line: string): string {
  return line.trim().split(/\s+/).join(' ');
}

function applyStatusLine(p: BoxProcess, line: string): void {
  const colon = line.indexOf(':');
  const key = line.slice(0, colon);
  const value = line.slice(colon + 1).trim();
  if (key === 'Name') p.name = value;
  else if (key === 'State') p.state = value.charAt(0);
  else if (key === 'PPid') p.ppid = Number(value);
  else if (key === 'NSpid') p.nspid = value.split(/\s+/).map(Number);
}

/** /proc/<pid>/cmdline is NUL-separated argv; shown joined by spaces. */
function decodeCommandLine(base64: string): string {
  return Buffer.from(base64, 'base64').toString('utf8').split('\0').filter(Boolean).join(' ');
}
