// `nslab doctor [--labs DIR] [--format text|json] [cluster options]`: what this
// machine offers the labs and what each lab needs, every missing piece with its
// fix. Exit 0: every lab can run here; 1: some cannot (the report says why).
import { parseArgs } from 'node:util';
import { runDoctor } from '../env/doctor/doctor';
import { loadLabs } from '../labs/loader';
import type { DoctorReport } from '../shared/doctor';
import { CLUSTER_OPTIONS, CLUSTER_USAGE, clusterTarget } from './cluster-options';
import { EXIT_FAIL, EXIT_PASS } from './exit-codes';
import { UsageError, type CliCommand } from './command';


export async function doctorCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { labs: { type: 'string', default: 'labs' }, format: { type: 'string', default: 'text' }, ...CLUSTER_OPTIONS } });
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format is text or json, not "${values.format}"`);
  const { labs } = await loadLabs(values.labs);
  const report = await runDoctor({ labs, cluster: clusterTarget(values) });
  process.stdout.write(values.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : doctorText(report));
  return report.labs.every((l) => l.ready) ? EXIT_PASS : EXIT_FAIL;
}

export function doctorText(report: DoctorReport): string {
  const lines: string[] = [];
  for (const section of report.sections) {
    lines.push(section.title);
    for (const f of section.findings) {
      lines.push(`  ${f.met ? '✔' : '✘'} ${f.requirement.padEnd(12)} ${f.detail}`);
      if (f.fix) lines.push(`      → ${f.fix}`);
    }
    lines.push('');
  }
  const ready = report.labs.filter((l) => l.ready);
  lines.push(`Labs: ${ready.length} of ${report.labs.length} can run here`);
  for (const lab of report.labs) {
    if (lab.ready) lines.push(`  ✔ ${lab.labId}`);
    else lines.push(`  ✘ ${lab.labId.padEnd(26)} needs ${lab.missing?.need}${lab.missing?.fix ? ` → ${lab.missing.fix}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

export const doctor: CliCommand = {
  name: 'doctor',
  usage: `  nslab doctor [--labs DIR] [--format text|json] ${CLUSTER_USAGE}
                             what this machine offers (engine, box mode, cgroups, Kubernetes,
                             guest VM) and what each lab needs, with fixes; exit 0 when every
                             lab can run here, 1 when some cannot
`,
  run: doctorCommand,
};
