// Pure: checks over a namespace snapshot. Each returns expected vs. found in
// words a learner can act on.
import type { Check, NamespaceType, ProcessSelector } from '../../shared/lab';
import type { BoxProcess, NamespaceSnapshot } from '../../shared/snapshots';
import { article, describeProcess, describeSelector, noneRunning, selectProcesses } from './selectors';
import { describeExpectation, quote, textMatches } from './text';

export interface Verdict {
  pass: boolean;
  expected: string;
  found: string;
  /**
   * nslab cannot tell from what it saw (an exit while no probe agent ran): the
   * check fails, as nothing shows the step done, but without the step's hint,
   * which would blame the learner for what may have been right.
   */
  unknown?: true;
}

type CheckOf<K extends Check['check']> = Extract<Check, { check: K }>;

const nsLabel = (type: NamespaceType, inode: number | undefined) =>
  inode === undefined ? `no ${type} namespace link` : `${type.replace(/_for_children$/, '')}:[${inode}]`;

function reference(snapshot: NamespaceSnapshot, selector: ProcessSelector): BoxProcess | undefined {
  return selectProcesses(snapshot, selector)[0];
}

function listProcesses(processes: BoxProcess[], max = 4): string {
  const shown = processes.slice(0, max).map(describeProcess).join(', ');
  return processes.length > max ? `${shown} and ${processes.length - max} more` : shown;
}

export function nsRelation(check: CheckOf<'ns.differs'> | CheckOf<'ns.same'>, snapshot: NamespaceSnapshot): Verdict {
  const wantSame = check.check === 'ns.same';
  const refSelector = check.check === 'ns.same' ? check.as : check.from;
  const ref = reference(snapshot, refSelector);
  const candidates = selectProcesses(snapshot, check.process);
  const refInode = ref?.namespaces[check.type];
  const refName = describeSelector(refSelector);
  const expected =
    refInode === undefined
      ? `${describeSelector(check.process)}, in ${wantSame ? 'the same' : 'another'} ${check.type} namespace ${wantSame ? 'as' : 'than'} ${refName}`
      : wantSame
        ? `${describeSelector(check.process)}, in ${nsLabel(check.type, refInode)}, the ${check.type} namespace of ${refName}`
        : `${describeSelector(check.process)}, in ${article(check.type)} namespace other than ${nsLabel(check.type, refInode)} of ${refName}`;

  if (!ref) return { pass: false, expected, found: noneRunning(refSelector) };
  if (candidates.length === 0) return { pass: false, expected, found: noneRunning(check.process) };

  const hit = candidates.find((p) => (p.namespaces[check.type] === refInode) === wantSame);
  if (hit) return { pass: true, expected, found: `${describeProcess(hit)} is in ${nsLabel(check.type, hit.namespaces[check.type])}` };

  const byInode = new Map<number | undefined, BoxProcess[]>();
  for (const p of candidates) byInode.set(p.namespaces[check.type], [...(byInode.get(p.namespaces[check.type]) ?? []), p]);
  const found = [...byInode.entries()]
    .map(([inode, ps]) => `${listProcesses(ps)} ${ps.length === 1 ? 'is' : 'are'} in ${nsLabel(check.type, inode)}`)
    .join('; ');
  return { pass: false, expected, found: wantSame ? found : `${found}, the same as ${describeSelector(refSelector)}` };
}

export function processExists(check: CheckOf<'process.exists'>, snapshot: NamespaceSnapshot): Verdict {
  const matches = selectProcesses(snapshot, check.process);
  const range =
    check.max === undefined
      ? check.min === 1
        ? ''
        : `at least ${check.min} × `
      : check.min === check.max
        ? `exactly ${check.min} × `
        : `${check.min} to ${check.max} × `;
  const expected = `${range}${describeSelector(check.process)} to be running`;
  const pass = matches.length >= check.min && (check.max === undefined || matches.length <= check.max);
  const found = matches.length === 0 ? 'none is running' : `${matches.length}: ${listProcesses(matches)}`;
  return { pass, expected, found };
}

export function utsHostname(check: CheckOf<'uts.hostname'>, snapshot: NamespaceSnapshot): Verdict {
  const candidates = selectProcesses(snapshot, check.process);
  const expected = `the hostname seen by ${describeSelector(check.process)} to be ${describeExpectation(check)}`;
  if (candidates.length === 0) {
    return { pass: false, expected, found: noneRunning(check.process) };
  }
  const seen = candidates.map((p) => ({ p, hostname: hostnameOf(p, snapshot) }));
  const hit = seen.find((s) => s.hostname !== undefined && textMatches(s.hostname, check));
  if (hit) return { pass: true, expected, found: `${describeProcess(hit.p)} sees ${quote(hit.hostname ?? '')}` };
  const found = [...new Set(seen.map((s) => (s.hostname === undefined ? 'an unreadable hostname' : quote(s.hostname))))].join(', ');
  return { pass: false, expected, found: `${candidates.length === 1 ? 'it sees' : 'they see'} ${found}` };
}

function hostnameOf(p: BoxProcess, snapshot: NamespaceSnapshot): string | undefined {
  const uts = p.namespaces.uts;
  return uts === undefined ? undefined : snapshot.hostnames[uts];
}

export function userMap(check: CheckOf<'user.map'>, snapshot: NamespaceSnapshot): Verdict {
  const wanted = [check.uidMap && `uid_map "${check.uidMap}"`, check.gidMap && `gid_map "${check.gidMap}"`].filter(Boolean).join(' and ');
  const expected = `${describeSelector(check.process)} in a user namespace with ${wanted}`;
  const candidates = selectProcesses(snapshot, check.process);
  if (candidates.length === 0) return { pass: false, expected, found: noneRunning(check.process) };
  const seen = candidates.map((p) => ({ p, maps: p.namespaces.user === undefined ? undefined : snapshot.userMaps[p.namespaces.user] }));
  const fits = (maps: { uidMap: string[]; gidMap: string[] } | undefined) =>
    maps !== undefined &&
    (check.uidMap === undefined || maps.uidMap.join('; ') === check.uidMap) &&
    (check.gidMap === undefined || maps.gidMap.join('; ') === check.gidMap);
  const hit = seen.find((s) => fits(s.maps));
  const show = (s: (typeof seen)[number]) =>
    `${describeProcess(s.p)} has uid_map "${s.maps?.uidMap.join('; ') ?? '?'}", gid_map "${s.maps?.gidMap.join('; ') ?? '?'}"`;
  return hit ? { pass: true, expected, found: show(hit) } : { pass: false, expected, found: seen.slice(0, 3).map(show).join('; ') };
}
