// The kubelet's plugin registration, which node-driver-registrar does for
// other drivers (it is not on the Go module proxy, so nslab's driver does it
// itself): the kubelet's plugin watcher sees a socket appear under
// /var/lib/kubelet/plugins_registry, calls GetInfo on it, then talks CSI to
// the endpoint it names (NodeGetInfo first: that fills the node's CSINode
// object), and reports the outcome through NotifyRegistrationStatus.
import type { ServiceHandlers } from './csi-types';

export interface RegistrationOutcome {
  registered: boolean;
  error?: string;
}

export function registrationHandlers(driverName: string, csiEndpoint: string, onStatus: (outcome: RegistrationOutcome) => void): ServiceHandlers {
  return {
    GetInfo: async () => ({ type: 'CSIPlugin', name: driverName, endpoint: csiEndpoint, supported_versions: ['1.0.0'] }),
    NotifyRegistrationStatus: async (req) => {
      const error = typeof req.error === 'string' && req.error ? req.error : undefined;
      onStatus({ registered: req.plugin_registered === true, ...(error ? { error } : {}) });
      return {};
    },
  };
}

/** Where the kubelet looks for registration sockets, and the name node-driver-registrar would give ours. */
export const registrationSocket = (registryDir: string, driverName: string) => `${registryDir}/${driverName}-reg.sock`;
