// Every nslab command, in the order `nslab --help` lists them. A new command is
// one entry here (its usage lives next to it, in its own file).
import { classroom } from './classroom';
import { cleanup } from './cleanup';
import { cluster } from './cluster';
import type { CliCommand } from './command';
import { doctor } from './doctor';
import { guest } from './guest';
import { grade } from './grade';
import { lint } from './lint';
import { prepare } from './prepare';
import { schema } from './schema';
import { serve } from './serve';

export const COMMANDS: readonly CliCommand[] = [grade, lint, prepare, cleanup, doctor, guest, cluster, serve, classroom, schema];
