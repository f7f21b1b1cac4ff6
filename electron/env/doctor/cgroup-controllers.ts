// Which cgroup controllers a container on this engine can use, from what a
// container sees: on cgroup v2 its root's cgroup.controllers (what its parent
// delegated to it); on v1 the enabled hierarchies of /proc/cgroups.

/** The probe a throwaway box runs; the parser below reads its output. */
export const CONTROLLERS_PROBE = 'cat /sys/fs/cgroup/cgroup.controllers 2>/dev/null; echo ---; cat /proc/cgroups';

export function parseControllers(output: string): { version: '1' | '2'; controllers: string[] } {
  const [v2Part = '', v1Part = ''] = output.split(/^---$/m);
  const v2 = v2Part.trim().split(/\s+/).filter(Boolean);
  if (v2.length > 0) return { version: '2', controllers: v2.sort() };
  // /proc/cgroups: "#subsys_name hierarchy num_cgroups enabled"; hierarchy 0 means bound to v2 (or nowhere).
  const controllers = v1Part
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split(/\s+/))
    .filter(([, hierarchy, , enabled]) => enabled === '1' && hierarchy !== '0')
    .map(([name]) => name!)
    .sort();
  return { version: '1', controllers };
}
