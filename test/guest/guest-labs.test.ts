// Every kernel lab on a learner's kind of engine (the nslab guest: cgroup v2,
// --privileged allowed): the reference solution passes in the box mode nslab
// picks there (confined, unless the lab asks for privileged), and a wrong attempt
// of each fails saying what is wrong. The grade's environment line says v2.
import { describeLabGrading, labsOfKind } from '../helpers/lab-grading';

const ENVIRONMENT = /\((confined|privileged), cgroup v2\)/;

/**
 * Labs whose lesson is where v1 and v2 differ: three wrong attempts each, not one.
 * cgroup-weights-and-freezer: cpu.weight vs cpu.shares (a ratio measured, the
 * weights the wrong way round), cgroup.freeze vs freezer.state (a SIGSTOP is no
 * freeze), and v2's cgroups removed at the end (a frozen one cannot be).
 */
const THREE_ATTEMPTS: Record<string, readonly string[]> = {
  'cgroup-weights-and-freezer': ['weights-swapped', 'frozen-by-sigstop', 'cgroups-left'],
};

describeLabGrading(
  labsOfKind('box').filter((lab) => !(lab in THREE_ATTEMPTS)),
  () => ({ args: [], env: {} }),
  600_000,
  { attempts: 'first', environment: ENVIRONMENT },
);
for (const [lab, attempts] of Object.entries(THREE_ATTEMPTS)) {
  describeLabGrading([lab], () => ({ args: [], env: {} }), 600_000, { attempts, environment: ENVIRONMENT });
}
