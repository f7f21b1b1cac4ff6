// ssh into the guest with nslab's own key and the guest's pinned host key: no
// prompt, no use of the user's ~/.ssh, no agent, no question about a new host.

export interface GuestSshTarget {
  /** the cached image folder: id_ed25519, known_hosts */
  imageDir: string;
  port: number;
}

export function sshArgs(target: GuestSshTarget, extra: string[] = []): string[] {
  return [
    '-F', '/dev/null',
    '-i', `${target.imageDir}/id_ed25519`,
    '-o', 'IdentitiesOnly=yes',
    '-o', 'IdentityAgent=none',
    '-o', 'BatchMode=yes',
    '-o', `UserKnownHostsFile=${target.imageDir}/known_hosts`,
    '-o', 'StrictHostKeyChecking=yes',
    '-o', 'HostKeyAlias=nslab-guest',
    '-o', 'ConnectTimeout=10',
    '-o', 'ServerAliveInterval=15',
    '-o', 'LogLevel=ERROR',
    '-p', String(target.port),
    ...extra,
    'root@127.0.0.1',
  ];
}

/** The long-running forward of the guest engine's socket to a host socket only this user can open. */
export function socketForwardArgs(target: GuestSshTarget, localSocket: string): string[] {
  return sshArgs(target, ['-N', '-o', 'ExitOnForwardFailure=yes', '-o', 'StreamLocalBindMask=0177', '-o', 'StreamLocalBindUnlink=yes', '-L', `${localSocket}:/var/run/docker.sock`]);
}

/** The forward of the guest's loopback `port` to the same port of the host's loopback, logging to `log`. */
export function portForwardArgs(target: GuestSshTarget, port: number, log: string): string[] {
  return sshArgs(target, ['-N', '-o', 'ExitOnForwardFailure=yes', '-E', log, '-L', `127.0.0.1:${port}:127.0.0.1:${port}`]);
}
