// The yardstick of the probe figures: one bare `docker exec` of `true` through
// the engine's API (create, start, wait for its end), what every look cost
// before the probe agent.
import type Docker from 'dockerode';

export async function timeBareExec(container: Docker.Container): Promise<number> {
  const start = performance.now();
  const exec = await container.exec({ Cmd: ['true'], AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  await new Promise<void>((resolve) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.resume();
  });
  return performance.now() - start;
}
