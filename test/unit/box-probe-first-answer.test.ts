// The probe agent's first answer includes its start (an exec, perl loading, a
// first walk of /proc): on a slow node (the guest under emulation) that took
// more than the 15 s a request may take once the agent runs. A backend that
// knows its node is slow gives the first answer longer, and only the first. An
// agent that does not answer is let go and the request asked of a new one, once.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BoxProbe, type AgentConnection } from '../../electron/probes/agent/box-probe';

const frame = (kind: string, id: number, payload: string) => Buffer.concat([Buffer.from(`${kind} ${id} ${Buffer.byteLength(payload)}\n`), Buffer.from(payload)]);

/** An agent that answers its first sync after `startMs`, and nothing after it. */
function slowStartingAgent(startMs: number): () => Promise<AgentConnection> {
  return async () => {
    let listener: (chunk: Buffer) => void = () => undefined;
    let syncs = 0;
    return {
      write(line: string) {
        const [command, id] = line.trim().split(' ');
        if (command === 'sync' && syncs++ === 0) setTimeout(() => listener(Buffer.concat([frame('round', 0, '1.0'), frame('sync', Number(id), '')])), startMs);
      },
      onData: (l) => (listener = l),
      closed: new Promise<string>(() => undefined),
      close: () => undefined,
    };
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("the probe agent's first answer", () => {
  it('may take as long as the backend allows; later requests take the usual 15 s', async () => {
    vi.useFakeTimers();
    const probe = new BoxProbe(slowStartingAgent(40_000), { firstAnswerMs: 60_000 });
    const first = probe.read();
    await vi.advanceTimersByTimeAsync(40_000);
    await expect(first).resolves.toBeDefined();
    const second = probe.read();
    // 15 s, then 15 s more of a new agent (which is slow to start too).
    const refused = expect(second).rejects.toThrow('the probe agent did not answer sync in 15 s, nor did a new one');
    await vi.advanceTimersByTimeAsync(30_000);
    await refused;
    await probe.dispose();
  });

  it('takes the usual 15 s when the backend says nothing', async () => {
    vi.useFakeTimers();
    const probe = new BoxProbe(slowStartingAgent(40_000));
    const first = probe.read();
    const refused = expect(first).rejects.toThrow('the probe agent did not answer sync in 15 s, nor did a new one');
    await vi.advanceTimersByTimeAsync(30_000);
    await refused;
    await probe.dispose();
  });

  it("lets go of an agent that stopped answering and asks a new one (Docker keeps an exec's stream open when the container stops)", async () => {
    vi.useFakeTimers();
    const closed: number[] = [];
    let opened = 0;
    // Each agent answers its first sync at once, then nothing, its stream never ending: a dead agent.
    const probe = new BoxProbe(async () => {
      const n = ++opened;
      return { ...(await slowStartingAgent(0)()), close: () => void closed.push(n) };
    });
    const first = probe.read();
    await vi.advanceTimersByTimeAsync(10);
    await expect(first).resolves.toBeDefined();
    const second = probe.read();
    await vi.advanceTimersByTimeAsync(15_000);
    await vi.advanceTimersByTimeAsync(10); // the new agent's answer
    await expect(second).resolves.toBeDefined();
    expect(closed).toEqual([1]);
    expect(opened).toBe(2);
    await probe.dispose();
  });
});
