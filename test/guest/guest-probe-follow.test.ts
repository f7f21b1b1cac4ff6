// The probe following a box (test/integration/probe-follow.test.ts) on a cgroup v2
// engine: inotify on cgroup2 folders, the box cgroup's cpu.stat as its activity,
// a v2 box's mounts. The same tests, registered here so the guest stage runs them
// against the guest's engine (DOCKER_HOST).
import '../integration/probe-follow.test';
