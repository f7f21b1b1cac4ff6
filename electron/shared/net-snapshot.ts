// Network state of a lab box: each network namespace its processes are in (read
// through /proc/<pid>/net, which shows that process's namespace), and the box's
// own links with their bridges, read from the sysfs of the box's namespace.

export interface NetRoute {
  iface: string;
  /** dotted quad; "0.0.0.0" with prefix 0 is the default route */
  destination: string;
  prefix: number;
  /** the next hop, or undefined for a route to a directly connected network */
  gateway?: string;
}

export interface NetNeighbour {
  ip: string;
  mac: string;
  iface: string;
  /** ATF_COM: the MAC was learned (an answer to ARP arrived) */
  complete: boolean;
}

/** A link of one network namespace as rtnetlink tells it (what `ip -d link` shows). */
export interface NetInterface {
  /** ifindex: unique within its namespace only */
  index: number;
  name: string;
  /** rtnetlink's kind: veth, bridge…; absent for a plain device (lo) */
  kind?: string;
  /** a veth's peer: its ifindex, in this namespace or (peerElsewhere) in another */
  peerIndex?: number;
  peerElsewhere: boolean;
  /** the ifindex of the bridge it is a port of, in the same namespace */
  masterIndex?: number;
  /** set up (IFF_UP) */
  up: boolean;
  /** RFC 2863 operstate: up needs carrier */
  operstate: string;
  mac?: string;
  /** its IPv4 addresses with prefix, e.g. 10.0.0.2/24 */
  addresses: string[];
}

export interface NetNamespaceState {
  /** the namespace's inode (as in /proc/<pid>/ns/net) */
  inode: number;
  /** the process it was read through */
  pid: number;
  links: string[];
  /** the namespace's own IPv4 addresses (LOCAL entries of fib_trie), also on links that are down */
  addresses: string[];
  routes: NetRoute[];
  neighbours: NetNeighbour[];
  /** ICMP echo requests sent and replies received (/proc/net/snmp) */
  icmp: { outEchos: number; inEchoReps: number };
  /** its links with their peers and bridges (rtnetlink); empty where the probe could not enter it */
  interfaces: NetInterface[];
}

export interface BoxLink {
  name: string;
  /** RFC 2863 state: "up" needs carrier (a veth's peer up too, a bridge a port with carrier) */
  operstate: string;
  /** set up by `ip link set … up` (IFF_UP), whatever the carrier */
  up: boolean;
  /** the bridge it is a port of */
  master?: string;
  bridge: boolean;
  /** its port number on its bridge */
  port?: number;
}

export interface FdbEntry {
  bridge: string;
  mac: string;
  /** port number; the port's name is the BoxLink with this bridge as master and this port */
  port: number;
  /** the bridge's own address on that port, not one it learned */
  local: boolean;
}

export interface NetSnapshot {
  takenAt: string;
  namespaces: NetNamespaceState[];
  /** links of the box's own network namespace */
  boxLinks: BoxLink[];
  fdb: FdbEntry[];
}
