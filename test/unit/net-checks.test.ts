import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { netAddress, netBridge, netPing, netRoute } from '../../electron/engine/checks/net-checks';
import { parseBrforward, parseNetProbe, routeAddress } from '../../electron/probes/net/parse';
import { parseNamespaceProbe } from '../../electron/probes/ns/parse';
import { CheckSchema, type Check } from '../../electron/shared/lab';

// One real reading of the probe agent after the container-network-by-hand lab's solution (see the fixtures README).
const fixture = (name: string) => readFileSync(new URL(`../fixtures/net/${name}`, import.meta.url), 'utf8');
const net = parseNetProbe(fixture('two-namespaces-on-a-bridge.txt'));
const namespaces = parseNamespaceProbe(fixture('two-namespaces-on-a-bridge.ns.txt'));
const check = <K extends Check['check']>(value: Record<string, unknown> & { check: K }) => CheckSchema.parse(value) as Extract<Check, { check: K }>;
const RED = { command: '^sleep 3601$' };

describe('the net probe section, parsed', () => {
  it('reads each namespace: links, addresses, routes, neighbours, echo counters', () => {
    expect(net.namespaces.map((n) => n.pid)).toEqual([1, 36, 37]);
    const red = net.namespaces[1]!;
    expect(red.links).toEqual(['lo', 'eth0']);
    expect(red.addresses).toEqual(['10.0.0.2']);
    expect(red.routes).toEqual([
      { iface: 'eth0', destination: '0.0.0.0', prefix: 0, gateway: '10.0.0.1' },
      { iface: 'eth0', destination: '10.0.0.0', prefix: 24 },
    ]);
    expect(red.neighbours).toEqual([{ ip: '10.0.0.3', mac: '5e:72:b4:92:70:46', iface: 'eth0', complete: true }]);
    expect(red.icmp).toEqual({ outEchos: 2, inEchoReps: 2 });
  });

  it("reads the box's links and the bridge's forwarding database", () => {
    expect(net.boxLinks.find((l) => l.name === 'veth-red')).toEqual({ name: 'veth-red', operstate: 'up', up: true, bridge: false, master: 'lab-br0', port: 1 });
    expect(net.fdb.filter((e) => !e.local)).toEqual([
      { bridge: 'lab-br0', mac: '5e:72:b4:92:70:46', port: 2, local: false },
      { bridge: 'lab-br0', mac: '42:a2:30:db:f7:47', port: 1, local: false },
    ]);
  });

  it('decodes host-order route addresses and a port number above 255', () => {
    expect(routeAddress('0100000A')).toBe('10.0.0.1');
    expect(parseBrforward('br', '0200000000010300000000000100000000')[0]).toMatchObject({ mac: '02:00:00:00:00:01', port: 259, local: false });
  });
});

describe('net checks over that reading', () => {
  it('passes the solution', () => {
    expect(netAddress(check({ check: 'net.address', in: RED, link: 'eth0', address: '10.0.0.2/24' }), namespaces, net).pass).toBe(true);
    expect(netAddress(check({ check: 'net.address', link: 'lab-br0', address: '10.0.0.1/24' }), namespaces, net).pass).toBe(true);
    expect(netRoute(check({ check: 'net.route', in: RED, defaultVia: '10.0.0.1' }), namespaces, net).pass).toBe(true);
    expect(netPing(check({ check: 'net.ping', in: RED, reached: '10.0.0.3' }), namespaces, net)).toMatchObject({
      pass: true,
      found: 'the network namespace of pid 36 `sleep 3601` sent 2 echo requests and got 2 replies; 10.0.0.3 is at 5e:72:b4:92:70:46',
    });
    expect(netBridge(check({ check: 'net.bridge', name: 'lab-br0', ports: ['veth-red', 'veth-blue'], learned: true }), net)).toMatchObject({
      pass: true,
      found: 'lab-br0 is set up (up), ports veth-blue (set up, up), veth-red (set up, up), 2 learned MACs',
    });
  });

  it('says what is wrong: another address, no such gateway, nothing from the box, not a bridge', () => {
    expect(netAddress(check({ check: 'net.address', in: RED, link: 'eth0', address: '10.0.0.9/24' }), namespaces, net)).toMatchObject({
      pass: false,
      found: 'the network namespace of pid 36 `sleep 3601` has links eth0; addresses 10.0.0.2; networks 10.0.0.0/24 on eth0',
    });
    expect(netRoute(check({ check: 'net.route', in: RED, defaultVia: '10.0.0.254' }), namespaces, net).found).toContain('default via 10.0.0.1 dev eth0');
    expect(netPing(check({ check: 'net.ping', reached: '10.0.0.3' }), namespaces, net)).toMatchObject({ pass: false, found: expect.stringContaining('no MAC learned for 10.0.0.3') });
    expect(netBridge(check({ check: 'net.bridge', name: 'veth-red' }), net)).toMatchObject({ pass: false, found: 'veth-red is not a bridge (bridges: lab-br0)' });
    expect(netBridge(check({ check: 'net.bridge', name: 'lab-br0', ports: ['lo'] }), net).found).toContain('lo is no port of any bridge');
  });
});
