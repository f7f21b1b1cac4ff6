// `nslab serve [--host H] [--port P] [--labs DIR] [--progress FILE]
//  [--kubeconfig FILE] [--context NAME] [--learner NAME]`: browser mode. The
// same renderer and API as the desktop app, over HTTP + WebSocket; the cluster
// options say where its Kubernetes labs run. With `--backend kubernetes`, a
// whole class instead (serve-class.ts).
import { existsSync } from 'node:fs';
import { nslabConfigDir } from '../env/config-dir';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { NslabService } from '../app/nslab-service';
import { startServer } from '../server/server';
import { CLUSTER_OPTIONS, CLUSTER_USAGE, clusterTarget } from './cluster-options';
import type { CliCommand } from './command';
import { EXIT_ERROR, EXIT_PASS } from './exit-codes';
import { serveClass, SERVE_CLASS_OPTIONS, SERVE_CLASS_USAGE } from './serve-class';
import { UsageError } from './command';
import { writeFileAtomic } from '../engine/atomic-write';
import { nslabSeccompProfile } from '../env/docker/seccomp-profile';
import { packMayRun, TRUST_PACK_OPTION, TRUST_PACK_USAGE } from './pack-trust';

/** The desktop app keeps its progress here too (Electron's userData for "nslab"). */
export function defaultProgressFile(): string {
  return join(nslabConfigDir(), 'progress.json');
}

export async function serveCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      labs: { type: 'string', default: 'labs' },
      progress: { type: 'string' },
      ...CLUSTER_OPTIONS,
      ...SERVE_CLASS_OPTIONS,
      ...TRUST_PACK_OPTION,
    },
  });
  if (values['write-seccomp-profile'] !== undefined) {
    // What --localhost-seccomp expects on every node (pod-spec.ts: LOCALHOST_PROFILE).
    await writeFileAtomic(values['write-seccomp-profile'], `${JSON.stringify(nslabSeccompProfile({ cgroupDeviceFilters: false }), null, 2)}\n`, 0o644);
    return EXIT_PASS;
  }
  if (values.backend !== 'docker' && values.backend !== 'kubernetes') throw new UsageError(`--backend is docker or kubernetes; found "${values.backend}"`);
  const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url));
  if (!existsSync(join(rendererDir, 'index.html'))) {
    process.stderr.write(`nslab serve: the renderer is not built (${rendererDir}); run \`npm run build\` first\n`);
    return EXIT_ERROR;
  }
  // The pack is checked again each time a lab of it is loaded: it is read from disk for as long as the server runs.
  const permit = await packMayRun(values.labs, values['trust-pack'], `nslab serve ${args.join(' ')}`);
  if (!permit) return EXIT_ERROR;
  if (values.backend === 'kubernetes') return serveClass(values, rendererDir, permit.digest);
  const classOnly = (['class-port', 'state', 'code', 'tls', 'tls-cert', 'tls-key', 'localhost-seccomp'] as const).find((name) => values[name] !== undefined && values[name] !== false && !(name === 'class-port' && values[name] === '0'));
  if (classOnly) throw new UsageError(`--${classOnly} is for a class: add --backend kubernetes`);
  if (values.hostname.length > 0) throw new UsageError('--hostname is for a class: add --backend kubernetes');
  const cluster = clusterTarget(values);
  const loopback = values.host === '127.0.0.1' || values.host === 'localhost' || values.host === '::1';
  const service = new NslabService({
    // Only the machine's own user opens packs from its folders: on a shared address, whoever had the URL would.
    ...(loopback ? { openPacks: {} } : {}),
    labsDir: resolve(values.labs),
    ...(permit.digest !== undefined ? { labsDigest: permit.digest } : {}),
    progressFile: values.progress ?? defaultProgressFile(),
    learner: values.learner,
    ...(cluster ? { cluster } : {}),
  });
  const server = await startServer({ api: service, rendererDir, host: values.host, port: Number(values.port) });
  if (!loopback) {
    process.stderr.write(`nslab serve: listening on ${values.host}: anyone who has the URL with its token can use this machine's labs\n`);
  }
  process.stdout.write(`nslab is ready: ${server.url}\n`);
  await new Promise<void>((resolveStop) => {
    const stop = () => resolveStop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.stderr.write('nslab serve: stopping; removing lab boxes…\n');
  await server.close();
  await service.dispose();
  return EXIT_PASS;
}

export const serve: CliCommand = {
  name: 'serve',
  usage: `  nslab serve [--host H] [--port P] [--labs DIR] [--progress FILE]
              ${CLUSTER_USAGE}
                             browser mode: the app over HTTP + WebSocket (127.0.0.1 by default);
                             there, the page may open lab packs from this machine's folders
                             ${TRUST_PACK_USAGE}
  nslab serve [--host H] [--port P] [--labs DIR]
              ${SERVE_CLASS_USAGE}
                             a whole class in the browser: learners join with the class code,
                             each box a pod on the cluster, the instructor's live table beside
  nslab serve --write-seccomp-profile FILE
                             the box's seccomp profile, for --localhost-seccomp: install it on
                             every node as /var/lib/kubelet/seccomp/nslab/box.json
`,
  run: serveCommand,
};
