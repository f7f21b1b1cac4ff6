// `nslab-csi`: the teaching CSI driver as a program, for a node (or a test).
//   node nslab-csi.mjs --name csi.nslab.dev --socket /csi/csi.sock --node-id $NODE \
//        --root /var/lib/nslab-csi --log /var/lib/nslab-csi/calls.jsonl \
//        [--registry-dir /var/lib/kubelet/plugins_registry]
import { parseArgs } from 'node:util';
import { startDriver } from './driver';

const { values } = parseArgs({
  options: {
    name: { type: 'string', default: 'csi.nslab.dev' },
    socket: { type: 'string' },
    'node-id': { type: 'string' },
    root: { type: 'string', default: '/var/lib/nslab-csi' },
    log: { type: 'string' },
    'registry-dir': { type: 'string' },
  },
  strict: true,
});
if (!values.socket || !values['node-id']) {
  process.stderr.write('usage: nslab-csi --socket PATH --node-id NODE [--name csi.nslab.dev] [--root DIR] [--log FILE] [--registry-dir DIR]\n');
  process.exit(2);
}
const root = values.root!;
const driver = await startDriver({
  name: values.name!,
  socket: values.socket,
  nodeId: values['node-id'],
  root,
  log: values.log ?? `${root}/calls.jsonl`,
  ...(values['registry-dir'] ? { registryDir: values['registry-dir'] } : {}),
  onCall: (call) => process.stdout.write(`${JSON.stringify(call)}\n`),
  onRegistration: (outcome) => process.stderr.write(`nslab-csi: kubelet registration ${outcome.registered ? 'succeeded' : `failed: ${outcome.error ?? ''}`}\n`),
});
process.stderr.write(`nslab-csi: ${values.name} serving on ${values.socket}${driver.registrationSocket ? `, registering through ${driver.registrationSocket}` : ''}\n`);
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void driver.stop().then(() => process.exit(0)));
