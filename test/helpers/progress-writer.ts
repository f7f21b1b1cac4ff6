// A child program for test/integration/progress-kill.test.ts: writes to a
// ProgressStore as fast as it can, one new lab entry per update, and prints
// "ack <n>" once each update has returned (stdout to a pipe is synchronous on
// Linux, so an ack the parent reads was written before any kill).
// Usage: node progress-writer.mjs <progress-file> <first-n>
import { ProgressStore } from '../../electron/engine/progress-store';

const [file, first] = process.argv.slice(2);
if (!file || first === undefined) throw new Error('usage: progress-writer <progress-file> <first-n>');
const store = new ProgressStore(file);
for (let n = Number(first); ; n++) {
  await store.update((state) => {
    state[`write-${n}`] = { currentStep: `step-${n}`, steps: { s: { passed: n % 2 === 0, hintsRevealed: n % 5, solutionRevealed: false } } };
  });
  process.stdout.write(`ack ${n}\n`);
}
