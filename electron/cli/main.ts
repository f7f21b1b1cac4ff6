// nslab's headless entry point: no Electron, no display.
import { readFileSync } from 'node:fs';
import { EnvironmentError } from '../env/errors';
import { classroomCommand } from './classroom';
import { cleanupCommand } from './cleanup';
import { doctorCommand } from './doctor';
import { clusterCommand } from './cluster';
import { EXIT_ERROR } from './exit-codes';
import { gradeCommand, UsageError } from './grade';
import { guestCommand } from './guest';
import { lintCommand } from './lint';
import { prepareCommand } from './prepare';
import { schemaCommand } from './schema';
import { serveCommand } from './serve';

const USAGE = `nslab — labs on how containers really work

usage:
  nslab grade <lab-dir> --solve | --submission FILE | --attach SESSION
              [--format text|json|junit] [--output FILE] [--junit FILE] [--keep]
              [--kubeconfig FILE] [--context NAME] [--learner NAME]
              [--report-to URL --code CODE [--fingerprint SHA256]]
      grade a lab against a real environment; exit 0 pass, 1 fail, 2 error;
      with --report-to, send each step's grade to a class server as --learner
  nslab grade <submissions-dir> [--labs DIR] [--jobs N] [--format text|json|junit]
              [--output FILE] [--junit FILE] [cluster options as above]
      grade a folder of submissions, one <lab-id>.sh per lab (labs from --labs,
      default labs), into one report; exit 0 only when every lab passes
  nslab lint [dir]           validate every lab and pack under dir (default: labs)
  nslab prepare [--pack ID] [--labs DIR] [--save FILE.tar | --load FILE.tar]
                             make every image a pack needs present (build what nslab can);
                             --save writes them to one tarball, --load loads one
  nslab cleanup [--session ID] [--dry-run]
                             remove every container, volume and network nslab left
  nslab doctor [--labs DIR] [--format text|json] [cluster options]
                             what this machine offers and what each lab needs, with fixes
  nslab cluster create [--image IMAGE] | delete | status
                             the kind cluster "nslab" for Kubernetes labs (its own kubeconfig)
  nslab serve [--host H] [--port P] [--labs DIR] [--progress FILE]
              [--kubeconfig FILE] [--context NAME] [--learner NAME]
                             browser mode: the app over HTTP + WebSocket (127.0.0.1 by default)
  nslab classroom [--host H] [--port P] [--state FILE] [--code CODE] [--labs DIR]
                  [--tls | --tls-cert FILE --tls-key FILE]
                             a class server: learners report grades, the instructor
                             watches a live table (127.0.0.1:7070 by default)
  nslab guest up [--cpus N] [--memory MIB] | status [--format json] | down
                             a throwaway VM with a cgroup-v2 engine that allows --privileged;
                             up prints its DOCKER_HOST last
  nslab schema [--write [file]]
                             print (or write) the JSON Schema of lab.yaml
  nslab --version
`;

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  grade: gradeCommand,
  lint: lintCommand,
  prepare: prepareCommand,
  cleanup: cleanupCommand,
  classroom: classroomCommand,
  cluster: clusterCommand,
  doctor: doctorCommand,
  guest: guestCommand,
  schema: schemaCommand,
  serve: serveCommand,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return command === undefined ? EXIT_ERROR : 0;
  }
  if (command === '--version') {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    process.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    process.stderr.write(`nslab: unknown command "${command}"\n\n${USAGE}`);
    return EXIT_ERROR;
  }
  try {
    return await run(args);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`nslab ${command}: ${(error as Error).message}\n`);
    } else if (error instanceof EnvironmentError) {
      process.stderr.write(`nslab ${command}: ${error.toString()}\n`);
    } else {
      process.stderr.write(`nslab ${command}: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    }
    return EXIT_ERROR;
  }
}

process.exitCode = await main(process.argv.slice(2));
