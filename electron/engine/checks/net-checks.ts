// Pure: checks over the network snapshot: an address on a link that is up, a
// default route, echo replies that really came back, a bridge that learned.
import type { Check, ProcessSelector } from '../../shared/lab';
import type { NetNamespaceState, NetSnapshot } from '../../shared/net-snapshot';
import type { NamespaceSnapshot } from '../../shared/snapshots';
import type { Verdict } from './namespace-checks';
import { describeProcess, describeSelector, noneRunning, selectProcesses } from './selectors';

type CheckOf<K extends Check['check']> = Extract<Check, { check: K }>;

/** The network namespace a selector's first process is in, as the probe read it. */
export function netNamespaceOf(
  selector: ProcessSelector,
  namespaces: NamespaceSnapshot,
  net: NetSnapshot,
): { ns: NetNamespaceState; label: string } | { missing: string } {
  const process = selectProcesses(namespaces, selector)[0];
  if (!process) return { missing: noneRunning(selector) };
  const inode = process.namespaces.net;
  const ns = net.namespaces.find((n) => n.inode === inode);
  if (!ns) return { missing: `the network namespace of ${describeProcess(process)} could not be read` };
  const label = selector === 'init' ? "the box's network namespace" : `the network namespace of ${describeProcess(process)}`;
  return { ns, label };
}

function ipNumber(ip: string): number {
  return ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

function inNetwork(ip: string, network: string, prefix: number): boolean {
  const size = 2 ** (32 - prefix);
  return Math.floor(ipNumber(ip) / size) === Math.floor(ipNumber(network) / size);
}

function describeAddresses(ns: NetNamespaceState): string {
  const onLinks = ns.routes
    .filter((r) => r.gateway === undefined)
    .map((r) => `${r.destination}/${r.prefix} on ${r.iface}`);
  const links = ns.links.filter((l) => l !== 'lo');
  return `links ${links.join(', ') || 'none but lo'}; addresses ${ns.addresses.join(', ') || 'none'}; networks ${onLinks.join(', ') || 'none'}`;
}

export function netAddress(check: CheckOf<'net.address'>, namespaces: NamespaceSnapshot, net: NetSnapshot): Verdict {
  const [address = '', prefixText = ''] = check.address.split('/');
  const prefix = Number(prefixText);
  const expected = `${check.address} on ${check.link}, up, in the network namespace of ${describeSelector(check.in)}`;
  const found = netNamespaceOf(check.in, namespaces, net);
  if ('missing' in found) return { pass: false, expected, found: found.missing };
  const { ns, label } = found;
  // fib_trie keeps an address of a link that is down; the route to its network exists only while the link is up.
  const onLink = ns.routes.some((r) => r.gateway === undefined && r.iface === check.link && r.prefix === prefix && inNetwork(address, r.destination, prefix));
  const pass = ns.addresses.includes(address) && onLink;
  const missingLink = ns.links.includes(check.link) ? '' : ` (there is no ${check.link} there)`;
  return { pass, expected, found: `${label} has ${describeAddresses(ns)}${missingLink}` };
}

export function netRoute(check: CheckOf<'net.route'>, namespaces: NamespaceSnapshot, net: NetSnapshot): Verdict {
  const expected = `a default route via ${check.defaultVia} in the network namespace of ${describeSelector(check.in)}`;
  const found = netNamespaceOf(check.in, namespaces, net);
  if ('missing' in found) return { pass: false, expected, found: found.missing };
  const defaults = found.ns.routes.filter((r) => r.prefix === 0);
  const pass = defaults.some((r) => r.gateway === check.defaultVia);
  const shown = defaults.map((r) => `via ${r.gateway ?? '(none)'} dev ${r.iface}`).join(', ');
  return { pass, expected, found: `${found.label} has ${shown ? `default ${shown}` : 'no default route'}` };
}

export function netPing(check: CheckOf<'net.ping'>, namespaces: NamespaceSnapshot, net: NetSnapshot): Verdict {
  const expected = `echo replies received, and ${check.reached}'s MAC learned, in the network namespace of ${describeSelector(check.in)}`;
  const found = netNamespaceOf(check.in, namespaces, net);
  if ('missing' in found) return { pass: false, expected, found: found.missing };
  const { ns, label } = found;
  const neighbour = ns.neighbours.find((n) => n.ip === check.reached && n.complete);
  const pass = ns.icmp.inEchoReps > 0 && neighbour !== undefined;
  const arp = neighbour ? `${check.reached} is at ${neighbour.mac}` : `no MAC learned for ${check.reached}`;
  return { pass, expected, found: `${label} sent ${ns.icmp.outEchos} echo requests and got ${ns.icmp.inEchoReps} replies; ${arp}` };
}

export function netBridge(check: CheckOf<'net.bridge'>, net: NetSnapshot): Verdict {
  const wants = [check.ports.length > 0 && `ports ${check.ports.join(', ')} up`, check.learned && 'a MAC learned on each'].filter(Boolean);
  const expected = `a bridge ${check.name} in the box's network namespace, up${wants.length ? `, with ${wants.join(' and ')}` : ''}`;
  const bridge = net.boxLinks.find((l) => l.name === check.name);
  if (!bridge || !bridge.bridge) {
    const bridges = net.boxLinks.filter((l) => l.bridge).map((l) => l.name);
    return { pass: false, expected, found: `${bridge ? `${check.name} is not a bridge` : `there is no link ${check.name}`} (bridges: ${bridges.join(', ') || 'none'})` };
  }
  const problems: string[] = [];
  if (!bridge.up) problems.push(`${check.name} is not set up`);
  for (const name of check.ports) {
    const port = net.boxLinks.find((l) => l.name === name);
    if (!port) problems.push(`there is no ${name} in the box's namespace`);
    else if (port.master !== check.name) problems.push(`${name} is ${port.master ? `a port of ${port.master}` : 'no port of any bridge'}`);
    else if (!port.up) problems.push(`${name} is not set up`);
    else if (check.learned && !net.fdb.some((e) => e.bridge === check.name && e.port === port.port && !e.local)) problems.push(`${check.name} learned no MAC on ${name}`);
  }
  const ports = net.boxLinks.filter((l) => l.master === check.name).map((l) => `${l.name} (${l.up ? 'set up' : 'down'}, ${l.operstate})`);
  const learned = net.fdb.filter((e) => e.bridge === check.name && !e.local).length;
  const state = `${check.name} is ${bridge.up ? 'set up' : 'down'} (${bridge.operstate}), ports ${ports.join(', ') || 'none'}, ${learned} learned MAC${learned === 1 ? '' : 's'}`;
  return { pass: problems.length === 0, expected, found: problems.length ? `${problems.join('; ')} (${state})` : state };
}
