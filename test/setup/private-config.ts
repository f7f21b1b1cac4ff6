// Each test file gets a config folder of its own (XDG_CONFIG_HOME, which
// env/config-dir.ts reads), and so does every nslab it starts, which inherits
// the variable: a test that trusts a pack (--trust-pack), joins a class or
// serves without --progress writes there, never to the user's ~/.config/nslab.
// A test that wants a particular folder still passes its own XDG_CONFIG_HOME.
// HOME stays: the caches under ~/.cache/nslab (guest image, cluster binaries)
// are read on purpose.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const config = mkdtempSync(join(tmpdir(), 'nslab-test-config-'));
process.env.XDG_CONFIG_HOME = config;
afterAll(() => rmSync(config, { recursive: true, force: true }));
