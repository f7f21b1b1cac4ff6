// Lab box setup/teardown cycles through LabBox, then a count by label of what
// they left on the engine. Shared by test/integration/box-cycles.test.ts (a few
// cycles, asserting nothing is left) and scripts/bench-cycles.ts (50, printed).
import type Docker from 'dockerode';
import { LabBox } from '../../electron/env/docker/box';
import { findLeftovers } from '../../electron/env/docker/cleanup';
import { DEFAULT_BOX_IMAGE } from '../../electron/env/docker/engine';

export interface CycleReport {
  /** create → set up → first exec answered → disposed, per cycle */
  durationsMs: number[];
  leftovers: { containers: number; volumes: number; networks: number };
}

export async function runBoxCycles(docker: Docker, cycles: number, onCycle: (index: number, ms: number) => void = () => undefined): Promise<CycleReport> {
  const sessions: string[] = [];
  const durationsMs: number[] = [];
  for (let i = 0; i < cycles; i++) {
    const started = performance.now();
    // Every other box also gets a writable cgroup tree: the setup that does the most.
    const box = await LabBox.create(docker, { image: DEFAULT_BOX_IMAGE, labId: 'box-cycles', hostname: 'nslab-box', writableCgroups: i % 2 === 1 });
    sessions.push(box.sessionId);
    try {
      const answer = await box.exec('echo ready');
      if (answer.stdout !== 'ready\n') throw new Error(`box ${box.sessionId} answered ${JSON.stringify(answer)}`);
    } finally {
      await box.dispose();
    }
    durationsMs.push(performance.now() - started);
    onCycle(i, durationsMs[i]!);
  }
  // By session label, so boxes other tests run meanwhile are not counted.
  const found = await Promise.all(sessions.map((session) => findLeftovers(docker, session)));
  const count = (kind: 'containers' | 'volumes' | 'networks') => found.reduce((n, report) => n + report[kind].length, 0);
  return { durationsMs, leftovers: { containers: count('containers'), volumes: count('volumes'), networks: count('networks') } };
}
