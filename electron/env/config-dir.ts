// The one folder nslab keeps its state in: progress, the kind cluster's
// kubeconfig, a class server's table. Shared by the desktop app and the CLI.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function nslabConfigDir(): string {
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'nslab');
}
