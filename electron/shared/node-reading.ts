// What a node.path check read on a Kubernetes node, through nslab's own access to it.

/**
 * One path on the node matching a node.path pattern; a regular file with the
 * head of its text. `outside`: a path whose real path leaves the directory the
 * pattern matches under (through a symlink), which nslab neither reads nor types.
 */
export type NodeEntry = { type: 'file'; path: string; text: string } | { type: 'dir' | 'link' | 'other' | 'outside'; path: string };
