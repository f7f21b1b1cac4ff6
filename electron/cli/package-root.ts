import { fileURLToPath } from 'node:url';

/** The repository (or installed package) root: scripts/ lives there. Same depth from electron/cli and out/cli. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
