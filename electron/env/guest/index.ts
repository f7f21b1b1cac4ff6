export { GuestVm, type GuestStatus, type GuestUpOptions } from './guest-vm';
export type { GuestState } from './guest-state';
export { guestCacheDir } from './guest-paths';
