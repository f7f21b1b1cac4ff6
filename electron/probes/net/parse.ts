// Pure: the net section of the probe agent (probes/agent/agent-program.ts) -> NetSnapshot.
//   @ <pid> net:[<inode>]          a network namespace, read through that process
//   F <file>, then | <line>...     its /proc/<pid>/net/{dev,route,arp,snmp,fib_trie}
//   L <name> <operstate> <master|-> <bridge 0|1> <port|-> <up 0|1>   a link of the box's namespace (sysfs)
//   B <bridge> <hex>               the bridge's brforward: struct __fdb_entry, 16 bytes each
//   K <index> <name> <kind|-> <peer index|-> <peer elsewhere 0|1> <master index|-> <up 0|1> <operstate> <mac|->
//                                  a link of the namespace above, from rtnetlink
//   A <index> <address>/<prefix>   an IPv4 address of that namespace's link <index>
import type { BoxLink, FdbEntry, NetInterface, NetNamespaceState, NetRoute, NetSnapshot } from '../../shared/net-snapshot';
import { parseNamespaceLink } from '../ns/parse';

/** /proc/net/route writes addresses as host-order hex: "0100000A" is 10.0.0.1 on a little-endian machine. */
export function routeAddress(hex: string): string {
  const n = parseInt(hex, 16);
  return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255].join('.');
}

function prefixOf(mask: string): number {
  return routeAddress(mask)
    .split('.')
    .reduce((bits, octet) => bits + Number(octet).toString(2).replace(/0/g, '').length, 0);
}

export function parseRoutes(lines: string[]): NetRoute[] {
  return lines.slice(1).flatMap((line) => {
    const [iface, destination, gateway, , , , , mask] = line.trim().split(/\s+/);
    if (!iface || !destination || !gateway || !mask) return [];
    const via = routeAddress(gateway);
    return [{ iface, destination: routeAddress(destination), prefix: prefixOf(mask), ...(via === '0.0.0.0' ? {} : { gateway: via }) }];
  });
}

/** The LOCAL host entries of fib_trie: "|-- 10.0.0.2" followed by "/32 host LOCAL". */
export function localAddresses(lines: string[]): string[] {
  const out = new Set<string>();
  lines.forEach((line, i) => {
    const m = /\|-- (\d+\.\d+\.\d+\.\d+)$/.exec(line.trim());
    if (m && /\/32 host LOCAL/.test(lines[i + 1] ?? '') && !m[1]!.startsWith('127.')) out.add(m[1]!);
  });
  return [...out].sort();
}

function icmpCounters(lines: string[]): { outEchos: number; inEchoReps: number } {
  const icmp = lines.filter((l) => l.startsWith('Icmp: '));
  const names = icmp[0]?.split(/\s+/).slice(1) ?? [];
  const values = icmp[1]?.split(/\s+/).slice(1).map(Number) ?? [];
  const get = (name: string) => values[names.indexOf(name)] ?? 0;
  return { outEchos: get('OutEchos'), inEchoReps: get('InEchoReps') };
}

/** brforward: mac[6], port_no, is_local, ageing timer (u32), port_hi, pad, unused (u16). */
export function parseBrforward(bridge: string, hex: string): FdbEntry[] {
  const out: FdbEntry[] = [];
  for (let i = 0; i + 32 <= hex.length; i += 32) {
    const entry = hex.slice(i, i + 32);
    const mac = entry.slice(0, 12).match(/../g)!.join(':');
    const port = parseInt(entry.slice(12, 14), 16) | (parseInt(entry.slice(24, 26), 16) << 8);
    out.push({ bridge, mac, port, local: entry.slice(14, 16) !== '00' });
  }
  return out;
}

/** A K line (see the header). */
export function parseInterface(fields: string): NetInterface | undefined {
  const [index, name, kind, peer, elsewhere, master, up, operstate, mac] = fields.split(' ');
  if (!index || !name || !operstate) return undefined;
  const given = (v: string | undefined) => (v === undefined || v === '-' ? undefined : v);
  return {
    index: Number(index),
    name,
    ...(given(kind) ? { kind: kind! } : {}),
    ...(given(peer) ? { peerIndex: Number(peer) } : {}),
    peerElsewhere: elsewhere === '1',
    ...(given(master) ? { masterIndex: Number(master) } : {}),
    up: up === '1',
    operstate,
    ...(given(mac) ? { mac: mac! } : {}),
    addresses: [],
  };
}

function namespaceState(pid: number, inode: number, files: Record<string, string[]>, interfaces: NetInterface[]): NetNamespaceState {
  return {
    inode,
    pid,
    links: (files.dev ?? []).slice(2).map((l) => l.split(':')[0]!.trim()).filter(Boolean),
    addresses: localAddresses(files.fib_trie ?? []),
    routes: parseRoutes(files.route ?? []),
    neighbours: (files.arp ?? []).slice(1).flatMap((line) => {
      const [ip, , flags, mac, , iface] = line.trim().split(/\s+/);
      return ip && flags && mac && iface ? [{ ip, mac, iface, complete: (parseInt(flags, 16) & 0x2) !== 0 }] : [];
    }),
    icmp: icmpCounters(files.snmp ?? []),
    interfaces,
  };
}

export function parseNetProbe(output: string, takenAt = new Date().toISOString()): NetSnapshot {
  const namespaces: NetNamespaceState[] = [];
  const boxLinks: BoxLink[] = [];
  const fdb: FdbEntry[] = [];
  let current: { pid: number; inode: number; files: Record<string, string[]>; interfaces: NetInterface[] } | undefined;
  let file: string[] | undefined;
  const close = () => current && namespaces.push(namespaceState(current.pid, current.inode, current.files, current.interfaces));
  for (const line of output.split('\n')) {
    const tag = line.slice(0, 2);
    const rest = line.slice(2);
    if (tag === '@ ') {
      close();
      const [pid, link = ''] = rest.split(' ');
      const parsed = parseNamespaceLink(link);
      current = parsed ? { pid: Number(pid), inode: parsed.inode, files: {}, interfaces: [] } : undefined;
      file = undefined;
    } else if (tag === 'F ' && current) {
      file = current.files[rest] = [];
    } else if (tag === '| ' && file) {
      file.push(rest);
    } else if (tag === 'K ' && current) {
      const link = parseInterface(rest);
      if (link) current.interfaces.push(link);
      file = undefined;
    } else if (tag === 'A ' && current) {
      const [index, address] = rest.split(' ');
      const link = current.interfaces.find((l) => l.index === Number(index));
      if (link && address) link.addresses.push(address);
    } else if (tag === 'L ') {
      const [name = '', operstate = '', master = '-', bridge = '0', port = '-', up = '0'] = rest.split(' ');
      boxLinks.push({ name, operstate, up: up === '1', bridge: bridge === '1', ...(master === '-' ? {} : { master }), ...(port === '-' ? {} : { port: Number(port) }) });
    } else if (tag === 'B ') {
      const [bridge = '', hex = ''] = rest.split(' ');
      fdb.push(...parseBrforward(bridge, hex));
    }
  }
  close();
  return { takenAt, namespaces, boxLinks, fdb };
}
