// The kind environment: a local Kubernetes cluster named "nslab", made and
// removed through the kind CLI, for the Kubernetes labs.
//
//   const report = await detectKindTools();        // kind, kubectl, docker + engine: one check each,
//                                                 // RequirementStatus-shaped (met, detail, fix)
//   const cluster = new KindCluster(requireKindTools(report));  // throws EnvironmentError naming
//                                                 // every missing tool and how to install it
//   await cluster.exists();                       // `kind get clusters`
//   await cluster.create({ onEvent });            // streams KindEvent: stage running/done/failed,
//                                                 // kind's notes, its error; rejects with an
//                                                 // EnvironmentError (e.g. node image not pullable)
//   await installKindCsiDriver(cluster, docker, { packageRoot, say })  // nslab's CSI driver in the
//                                                 // cluster (kind-csi-driver.ts), its call log
//                                                 // followed here (kind-csi-log.ts)
//   await cluster.delete(onEvent);                // node containers, nslab's kubeconfig, the CSI log's copy
//   cluster.kubeconfigPath                        // nslab's own file (nslabKubeconfigPath()):
//                                                 // the learner's ~/.kube/config is never touched
//   KubeEnvironment.create(cluster.kubeTarget(learner))  // a lab on it; its terminals get
//                                                 // KUBECONFIG from it
//   kindNodes(docker, NSLAB_CLUSTER)              // the node containers, found by kind's label
//
// Pod namespaces on kind (crictl in the node container) are a probe of their
// own: electron/probes/podns.
export { existingNslabKindCluster, KindCluster, NSLAB_CLUSTER, nslabKindCluster, nslabKubeconfigPath, type CreateOptions, type KindClusterOptions } from './kind-cluster';
export { KIND_CLUSTER_LABEL, kindNodes, kindProviderId, type KindNode } from './kind-nodes';
export { KIND_STAGES, type KindEvent, type KindStageId, type KindStageState } from './kind-output';
export { detectKindTools, requireKindTools, type KindToolCheck, type KindToolName, type KindToolReport, type KindTools } from './kind-tools';
