// CSI Identity: who the plugin is and what it offers. The sidecars call it
// first and refuse to run when the names or capabilities do not fit.
import type { ServiceHandlers } from './csi-types';

export function identityService(name: string, version: string): ServiceHandlers {
  return {
    GetPluginInfo: async () => ({ name, vendor_version: version }),
    GetPluginCapabilities: async () => ({
      capabilities: [
        { service: { type: 'CONTROLLER_SERVICE' } },
        // Growing a directory needs nothing from the pod: online expansion.
        { volume_expansion: { type: 'ONLINE' } },
      ],
    }),
    Probe: async () => ({ ready: { value: true } }),
  };
}
