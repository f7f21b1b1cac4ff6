// What a kind cluster needs on this machine: the kind CLI; kubectl, which the
// labs' terminals and checks use; and the docker CLI with an engine behind it,
// since kind creates its node containers by running `docker`. Each is looked
// up on one PATH, the PATH kind then runs with, so what was found is what runs.
import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { RequirementStatus } from '../../shared/api';
import { connectDocker } from '../docker/engine';
import { EnvironmentError } from '../errors';

export type KindToolName = 'kind' | 'kubectl' | 'docker';

export interface KindToolCheck extends RequirementStatus {
  requirement: KindToolName;
  /** where it was found on the searched PATH */
  path?: string;
  version?: string;
}

export interface KindToolReport {
  /** the PATH searched */
  searchPath: string;
  checks: KindToolCheck[];
}

/** Every tool found and working: what KindCluster runs. */
export interface KindTools {
  kind: string;
  kubectl: string;
  /** the PATH the tools were found on; kind runs with it so it finds the same docker */
  searchPath: string;
}

const INSTALL: Record<KindToolName, string> = {
  kind: 'Install kind (https://kind.sigs.k8s.io/docs/user/quick-start/#installation): a release binary, `brew install kind`, or `go install sigs.k8s.io/kind@latest`; then put it on PATH.',
  kubectl:
    'Install kubectl (https://kubernetes.io/docs/tasks/tools/): Docker Desktop ships it; on Debian or Ubuntu `apt-get install kubectl` from pkgs.k8s.io, or `brew install kubectl`.',
  docker: 'Install the Docker CLI: Docker Desktop, or on Debian `apt-get install docker.io`.',
};

/** One check per tool; never throws for a missing tool, it says so in the check. */
export async function detectKindTools(searchPath = process.env.PATH ?? ''): Promise<KindToolReport> {
  const checks = await Promise.all([
    checkTool('kind', searchPath, ['version'], (out) => out.split(/\s+/)[1]),
    checkTool('kubectl', searchPath, ['version', '--client', '-o', 'json'], kubectlVersion),
    checkDocker(searchPath),
  ]);
  return { searchPath, checks };
}

/** The tools, or an EnvironmentError naming each one that is missing and how to get it. */
export function requireKindTools({ searchPath, checks }: KindToolReport): KindTools {
  const unmet = checks.filter((c) => !c.met);
  if (unmet.length > 0) {
    throw new EnvironmentError(
      `A kind cluster needs ${unmet.map((c) => c.requirement).join(' and ')}: ${unmet.map((c) => c.detail).join(' ')}`,
      unmet.map((c) => c.fix).join(' '),
    );
  }
  const path = (tool: KindToolName) => checks.find((c) => c.requirement === tool)?.path ?? tool;
  return { kind: path('kind'), kubectl: path('kubectl'), searchPath };
}

async function checkTool(
  tool: KindToolName,
  searchPath: string,
  versionArgs: string[],
  versionOf: (stdout: string) => string | undefined,
): Promise<KindToolCheck> {
  const path = findOnPath(tool, searchPath);
  if (!path) return { requirement: tool, met: false, detail: `${tool} is not on PATH.`, fix: INSTALL[tool] };
  try {
    const version = versionOf(await run(path, versionArgs)) ?? 'unknown version';
    return { requirement: tool, met: true, path, version, detail: `${tool} ${version} (${path})` };
  } catch (error) {
    return {
      requirement: tool,
      met: false,
      path,
      detail: `${path} does not run: ${(error as Error).message}`,
      fix: `Reinstall ${tool}. ${INSTALL[tool]}`,
    };
  }
}

async function checkDocker(searchPath: string): Promise<KindToolCheck> {
  const cli = await checkTool('docker', searchPath, ['--version'], (out) => /version ([^\s,]+)/.exec(out)?.[1]);
  if (!cli.met) return { ...cli, detail: `kind runs \`docker\` to make its nodes, and ${cli.detail}` };
  try {
    const engine = (await (await connectDocker()).version()) as { Version?: string };
    return { ...cli, detail: `Docker engine ${engine.Version ?? '?'}, docker CLI ${cli.version} (${cli.path})` };
  } catch (error) {
    if (!(error instanceof EnvironmentError)) throw error;
    return { ...cli, met: false, detail: error.message, fix: error.fix };
  }
}

function kubectlVersion(stdout: string): string | undefined {
  try {
    return (JSON.parse(stdout) as { clientVersion?: { gitVersion?: string } }).clientVersion?.gitVersion;
  } catch {
    return undefined; // an old kubectl without -o json still runs
  }
}

/** Like `command -v`: the first executable file of that name on the PATH. */
export function findOnPath(name: string, searchPath: string): string | undefined {
  const names = process.platform === 'win32' ? [`${name}.exe`, name] : [name];
  for (const dir of searchPath.split(delimiter).filter(Boolean)) {
    for (const file of names.map((n) => join(dir, n))) {
      try {
        if (!statSync(file).isFile()) continue;
        accessSync(file, constants.X_OK);
        return file;
      } catch {
        // not here: keep looking
      }
    }
  }
  return undefined;
}

function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 15_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(stderr.trim().split('\n')[0] || error.message));
      else resolve(stdout);
    });
  });
}
