import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNetProbe } from '../../electron/probes/net/parse';
import { parseNamespaceProbe } from '../../electron/probes/ns/parse';
import { netView } from '../../renderer/src/panels/net-view';

// A real reading after container-network-by-hand's reference solution (see the fixture's README).
const fixture = (name: string) => readFileSync(new URL(`../fixtures/net/${name}`, import.meta.url), 'utf8');
const net = parseNetProbe(fixture('container-network-by-hand.txt'));
const ns = parseNamespaceProbe(fixture('container-network-by-hand.ns.txt'));
const view = netView(net, ns);
const named = (label: RegExp) => view.namespaces.find((n) => label.test(n.label))!;

describe('the net panel over a real reading', () => {
  it("reads each namespace's links over rtnetlink: kind, peer, bridge, state, MAC, addresses", () => {
    const red = net.namespaces.find((n) => n.interfaces.some((i) => i.addresses.includes('10.0.0.2/24')))!;
    expect(red.interfaces.find((i) => i.name === 'eth0')).toMatchObject({ kind: 'veth', peerElsewhere: true, up: true, operstate: 'up', mac: expect.stringMatching(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/) });
  });

  it('names the box first, then each container by the process in it', () => {
    expect(view.namespaces.map((n) => n.label)).toEqual(['the box', expect.stringMatching(/^sleep 3601 \(pid \d+\)$/), expect.stringMatching(/^sleep 3602 \(pid \d+\)$/)]);
  });

  it("pairs each veth end with the other, in the namespace that holds it", () => {
    const box = named(/the box/);
    const vethRed = box.interfaces.find((i) => i.name === 'veth-red')!;
    expect(vethRed).toMatchObject({ kind: 'veth', bridge: 'lab-br0', peer: { name: 'eth0', namespaceLabel: expect.stringContaining('sleep 3601') } });
    expect(named(/sleep 3602/).interfaces.find((i) => i.name === 'eth0')).toMatchObject({ addresses: ['10.0.0.3/24'], peer: { name: 'veth-blue', namespaceLabel: 'the box' } });
  });

  it('gives each container its default route, and the box none', () => {
    expect(named(/sleep 3601/).defaultRoute).toEqual({ via: '10.0.0.1', iface: 'eth0' });
    expect(named(/the box/).defaultRoute).toBeUndefined();
  });

  it('traces each MAC the bridge learned to the eth0 that sent it, on the port it came in by', () => {
    const [bridge] = view.bridges;
    expect(bridge).toMatchObject({ name: 'lab-br0', up: true, ports: [{ name: 'veth-blue', up: true }, { name: 'veth-red', up: true }] });
    const learned = bridge!.fdb.filter((e) => !e.local);
    expect(learned.map((e) => [e.port, e.owner?.name, e.owner?.namespaceLabel.split(' (')[0]])).toEqual([
      ['veth-blue', 'eth0', 'sleep 3602'],
      ['veth-red', 'eth0', 'sleep 3601'],
    ]);
    expect(bridge!.fdb.filter((e) => e.local).map((e) => [e.port, e.owner?.name])).toEqual([
      ['veth-blue', 'veth-blue'],
      ['veth-red', 'veth-red'],
    ]);
  });

  it('says a peer is in a namespace it cannot see rather than guess', () => {
    const lonely = { ...net, namespaces: net.namespaces.filter((n) => !n.interfaces.some((i) => i.addresses.includes('10.0.0.3/24'))) };
    expect(netView(lonely, ns).namespaces[0]!.interfaces.find((i) => i.name === 'veth-blue')?.peer).toBe('elsewhere-unseen');
  });
});
