// `nslab classroom [--host H] [--port P] [--state FILE] [--code CODE] [--labs DIR]
//  [--tls | --tls-cert FILE --tls-key FILE] [--hostname NAME]...`: the instructor's class server.
// Prints where learners join, the join code, the certificate's fingerprint
// (with TLS) and the instructor page's URL (with its token); runs until Ctrl-C.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startClassServer } from '../classroom/class-server';
import { ClassStore } from '../classroom/class-store';
import { normaliseJoinCode } from '../classroom/join-code';
import { loadLabOutlines } from '../classroom/lab-outlines';
import { readTls, selfSignedTls, type ClassTls } from '../classroom/class-tls';
import { EXIT_ERROR, EXIT_PASS } from './exit-codes';
import { UsageError, type CliCommand } from './command';
import { nslabConfigDir } from '../env/config-dir';

const LOOPBACK = ['127.0.0.1', 'localhost', '::1'];

export async function classroomCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '7070' },
      state: { type: 'string', default: join(nslabConfigDir(), 'classroom.jsonl') },
      code: { type: 'string' },
      labs: { type: 'string', default: 'labs' },
      tls: { type: 'boolean', default: false },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      hostname: { type: 'string', multiple: true, default: [] },
    },
  });
  checkClassOptions(values);
  const port = portOption('--port', values.port);
  const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url));
  if (!existsSync(join(rendererDir, 'instructor.html'))) {
    process.stderr.write(`nslab classroom: the instructor page is not built (${rendererDir}); run \`npm run build\` first\n`);
    return EXIT_ERROR;
  }

  const stateFile = resolve(values.state);
  const tls = await classTls(values, stateFile);
  const store = await ClassStore.open(stateFile, values.code === undefined ? {} : { code: values.code });
  if (store.setAside) process.stderr.write(`nslab classroom: ${values.state} could not be read; it was kept as ${store.setAside} and the class starts empty\n`);
  const server = await startClassServer({
    store,
    outlines: await loadLabOutlines(resolve(values.labs)),
    rendererDir,
    host: values.host,
    port,
    hostnames: values.hostname,
    ...(tls ? { tls } : {}),
    onError: (error) => process.stderr.write(`nslab classroom: ${error.stack ?? error.message}\n`),
  });
  if (!LOOPBACK.includes(values.host) && !tls) {
    process.stderr.write(
      `nslab classroom: listening on ${values.host} over plain HTTP: anyone on the network can read the join code and the learners' reports as they pass (--tls encrypts them); keep the instructor URL to yourself\n`,
    );
  }
  process.stdout.write(
    [
      'nslab classroom is open.',
      `  learners join at: ${server.learnerUrls.join('  ')}`,
      `  join code:        ${server.code}`,
      ...(tls ? [`  certificate:      SHA-256 ${tls.fingerprint}   (read it out: learners give it as --fingerprint, or in the app)`] : []),
      `  instructor page:  ${server.instructorUrl}   (keep this one to yourself)`,
      `  class state:      ${store.file}`,
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolveStop) => {
    process.once('SIGINT', resolveStop);
    process.once('SIGTERM', resolveStop);
  });
  await server.close();
  process.stderr.write('nslab classroom: closed; the table is saved\n');
  return EXIT_PASS;
}

/** The options a class server takes, shared by `nslab classroom` and `nslab serve --backend kubernetes`. */
export interface ClassOptionValues {
  code?: string;
  tls?: boolean;
  'tls-cert'?: string;
  'tls-key'?: string;
}

export function checkClassOptions(values: ClassOptionValues): void {
  if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined)) throw new UsageError('--tls-cert FILE and --tls-key FILE go together');
  if (values.tls && values['tls-cert'] !== undefined) throw new UsageError('--tls makes a self-signed certificate; --tls-cert gives one: not both');
  if (values.code !== undefined && !/^[A-Z0-9]{6,32}$/.test(normaliseJoinCode(values.code))) {
    throw new UsageError('--code takes 6 to 32 letters and digits (dashes and spaces are ignored), e.g. K7MX-Q4PD');
  }
}

export function portOption(name: string, value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`${name} takes a port number; found "${value}"`);
  return port;
}

/** The certificate the options name, a self-signed one kept beside `stateFile` (--tls), or none. */
export async function classTls(values: ClassOptionValues, stateFile: string): Promise<ClassTls | undefined> {
  if (values['tls-cert'] !== undefined && values['tls-key'] !== undefined) return readTls(values['tls-cert'], values['tls-key']);
  return values.tls ? selfSignedTls(stateFile) : undefined;
}

export const classroom: CliCommand = {
  name: 'classroom',
  usage: `  nslab classroom [--host H] [--port P] [--state FILE] [--code CODE] [--labs DIR]
                  [--tls | --tls-cert FILE --tls-key FILE] [--hostname NAME]...
                             a class server: learners report grades, the instructor
                             watches a live table (127.0.0.1:7070 by default); it
                             answers only to this machine's addresses, and to each
                             --hostname (a DNS name learners use to reach it)
`,
  run: classroomCommand,
};
