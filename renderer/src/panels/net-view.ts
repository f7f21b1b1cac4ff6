// Pure: the net panel's picture of a box's network, from the net snapshot the
// net.* checks read and the namespace snapshot that says which processes hold
// each network namespace. A veth pair's ends are matched across namespaces by
// their ifindexes (each end's IFLA_LINK is the other's index; an index is unique
// only within its namespace, so both directions must agree), and each MAC the
// bridge learned is traced to the interface that owns it.
import type { BoxLink, NetInterface, NetNamespaceState, NetSnapshot } from '../../../electron/shared/net-snapshot';
import type { NamespaceSnapshot } from '../../../electron/shared/snapshots';

/** Where an interface is: its namespace (inode and how the panel names it) and its name there. */
export interface InterfaceRef {
  namespace: number;
  namespaceLabel: string;
  name: string;
}

export interface InterfaceView {
  name: string;
  kind?: string;
  up: boolean;
  operstate: string;
  mac?: string;
  addresses: string[];
  /** the bridge it is a port of (same namespace) */
  bridge?: string;
  /** a veth's other end; `elsewhere-unseen`: in a namespace no process of the box is in */
  peer?: InterfaceRef | 'elsewhere-unseen';
}

export interface NamespaceView {
  inode: number;
  /** "the box" or the processes in it, e.g. "sleep 3601 (pid 42)" */
  label: string;
  isBox: boolean;
  interfaces: InterfaceView[];
  defaultRoute?: { via: string; iface: string };
}

export interface FdbRow {
  mac: string;
  /** the port's name, or "port N" when no link of the box has that number */
  port: string;
  /** the bridge's own address on that port, not one it learned */
  local: boolean;
  /** the interface with this MAC: for a learned entry, the container end that sent frames */
  owner?: InterfaceRef;
}

export interface BridgeView {
  name: string;
  up: boolean;
  ports: { name: string; up: boolean; peer?: InterfaceRef | 'elsewhere-unseen' }[];
  fdb: FdbRow[];
}

export interface NetView {
  namespaces: NamespaceView[];
  bridges: BridgeView[];
}

function namespaceLabel(state: NetNamespaceState, isBox: boolean, ns: NamespaceSnapshot | undefined): string {
  if (isBox) return 'the box';
  const holders = (ns?.processes ?? []).filter((p) => p.namespaces.net === state.inode);
  if (holders.length === 0) return `net:[${state.inode}]`;
  const named = holders.slice(0, 2).map((p) => `${p.command || p.name} (pid ${p.pid})`);
  return `${named.join(', ')}${holders.length > 2 ? ` +${holders.length - 2}` : ''}`;
}

/** The box's network namespace: its init's, else the one read through the lowest pid. */
function boxNamespace(net: NetSnapshot, ns: NamespaceSnapshot | undefined): number | undefined {
  const init = ns?.processes.reduce<(typeof ns.processes)[number] | undefined>((low, p) => (!low || p.pid < low.pid ? p : low), undefined);
  return init?.namespaces.net ?? [...net.namespaces].sort((a, b) => a.pid - b.pid)[0]?.inode;
}

function peerOf(iface: NetInterface, home: NetNamespaceState, all: readonly NetNamespaceState[], label: (n: NetNamespaceState) => string): InterfaceView['peer'] {
  if (iface.peerIndex === undefined) return undefined;
  const ref = (n: NetNamespaceState, i: NetInterface): InterfaceRef => ({ namespace: n.inode, namespaceLabel: label(n), name: i.name });
  if (!iface.peerElsewhere) {
    const local = home.interfaces.find((i) => i.index === iface.peerIndex);
    return local ? ref(home, local) : undefined;
  }
  const matches = all
    .filter((n) => n.inode !== home.inode)
    .flatMap((n) => n.interfaces.filter((i) => i.index === iface.peerIndex && i.peerIndex === iface.index && i.peerElsewhere).map((i) => ref(n, i)));
  return matches.length === 1 ? matches[0] : 'elsewhere-unseen';
}

function defaultRoute(state: NetNamespaceState): NamespaceView['defaultRoute'] {
  const route = state.routes.find((r) => r.destination === '0.0.0.0' && r.prefix === 0 && r.gateway);
  return route ? { via: route.gateway!, iface: route.iface } : undefined;
}

function bridgeView(bridge: BoxLink, net: NetSnapshot, views: readonly NamespaceView[], boxInode: number | undefined): BridgeView {
  const ports = net.boxLinks.filter((l) => l.master === bridge.name);
  const box = views.find((v) => v.inode === boxInode);
  const owners = views.flatMap((v) => v.interfaces.filter((i) => i.mac).map((i) => ({ mac: i.mac!, ref: { namespace: v.inode, namespaceLabel: v.label, name: i.name } })));
  return {
    name: bridge.name,
    up: bridge.up,
    ports: ports.map((p) => {
      const peer = box?.interfaces.find((i) => i.name === p.name)?.peer;
      return { name: p.name, up: p.up, ...(peer ? { peer } : {}) };
    }),
    fdb: net.fdb
      .filter((e) => e.bridge === bridge.name)
      .map((e) => {
        const port = ports.find((p) => p.port === e.port)?.name ?? `port ${e.port}`;
        // A MAC two interfaces share (a bridge takes its first port's): the port itself for the bridge's own entries.
        const candidates = owners.filter((o) => o.mac === e.mac);
        const owner = (e.local ? candidates.find((o) => o.ref.namespace === boxInode && o.ref.name === port) : undefined) ?? candidates.find((o) => !(o.ref.namespace === boxInode && o.ref.name === bridge.name));
        return { mac: e.mac, port, local: e.local, ...(owner ? { owner: owner.ref } : {}) };
      })
      .sort((a, b) => Number(a.local) - Number(b.local) || a.port.localeCompare(b.port)),
  };
}

export function netView(net: NetSnapshot, ns?: NamespaceSnapshot): NetView {
  const boxInode = boxNamespace(net, ns);
  const label = (n: NetNamespaceState) => namespaceLabel(n, n.inode === boxInode, ns);
  const namespaces: NamespaceView[] = net.namespaces
    .map((state) => ({
      inode: state.inode,
      label: label(state),
      isBox: state.inode === boxInode,
      interfaces: state.interfaces.map((i) => {
        const bridge = i.masterIndex === undefined ? undefined : state.interfaces.find((b) => b.index === i.masterIndex)?.name;
        const peer = peerOf(i, state, net.namespaces, label);
        return {
          name: i.name,
          ...(i.kind ? { kind: i.kind } : {}),
          up: i.up,
          operstate: i.operstate,
          ...(i.mac ? { mac: i.mac } : {}),
          addresses: i.addresses,
          ...(bridge ? { bridge } : {}),
          ...(peer ? { peer } : {}),
        };
      }),
      ...(defaultRoute(state) ? { defaultRoute: defaultRoute(state)! } : {}),
    }))
    .sort((a, b) => Number(b.isBox) - Number(a.isBox) || a.label.localeCompare(b.label));
  const bridges = net.boxLinks.filter((l) => l.bridge).map((b) => bridgeView(b, net, namespaces, boxInode));
  return { namespaces, bridges };
}
