// What a node.path check read on a Kubernetes node, through nslab's own access to it.

/** One path on the node matching a node.path pattern; a regular file with the head of its text. */
export type NodeEntry = { type: 'file'; path: string; text: string } | { type: 'dir' | 'link' | 'other'; path: string };
