export { GuestVm, type GuestStatus, type GuestUpOptions } from './guest-vm';
export type { GuestState } from './guest-state';
export { readAccelVerdict } from './accel';
export { accelVerdictFile } from './guest-paths';
