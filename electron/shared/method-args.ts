// The arguments each API method takes, as zod schemas: both transports (IPC
// and the browser's WebSocket) receive them from a page, so dispatch checks
// them here before any reaches the service. Ids are ids (a lab id never walks
// out of the labs folder), numbers are whole and bounded, text is capped.
import { z } from 'zod';
import type { MethodName, NslabMethods } from './api';

const id = z.string().max(100).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'an id of lowercase letters, digits and dashes');
/** terminal ids are made by the main process (random hex) */
const terminalId = z.string().max(200).regex(/^[A-Za-z0-9_-]+$/, 'a terminal id');
const terminalIndex = z.number().int().min(0).max(3);
const cells = z.number().int().min(1).max(1000);

const none = z.tuple([]);

/** Every method's argument list; `satisfies` keeps each in step with NslabMethods. */
export const METHOD_ARGS = {
  listLabs: none,
  environmentStatus: none,
  doctor: none,
  getLab: z.tuple([id]),
  getProgress: none,
  revealedHelp: z.tuple([id, id]),
  revealHint: z.tuple([id, id]),
  revealSolution: z.tuple([id, id]),
  startLab: z.tuple([id]),
  resetLab: z.tuple([id]),
  stopLab: z.tuple([id]),
  checkStep: z.tuple([id, id]),
  setCurrentStep: z.tuple([id, id]),
  openTerminal: z.tuple([id, terminalIndex, cells, cells]),
  // a paste can be long; a megabyte is past any a learner makes
  writeTerminal: z.tuple([terminalId, z.string().max(1024 * 1024)]),
  resizeTerminal: z.tuple([terminalId, cells, cells]),
  runBlock: z.tuple([id, id, z.number().int().min(0).max(1000), terminalIndex]),
  watchPanels: z.tuple([id]),
  podNamespaces: z.tuple([id, z.string().max(253).regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/, 'a pod name')]),
  clusterStatus: none,
  createCluster: none,
  deleteCluster: none,
  // url, join code, learner name, and on an https:// class the certificate's SHA-256 fingerprint
  joinClass: z.tuple([z.string().max(2048), z.string().max(64), z.string().max(64), z.string().max(128).optional()]),
  classroomStatus: none,
  // a folder on the machine nslab runs on; the service resolves it and reads only lab files there
  openPack: z.tuple([z.string().min(1).max(4096)]),
  trustPack: z.tuple([z.string().min(1).max(4096), z.string().regex(/^sha256:[a-f0-9]{64}$/, 'a pack digest')]),
} satisfies { [M in MethodName]: z.ZodType<Parameters<NslabMethods[M]>> };
