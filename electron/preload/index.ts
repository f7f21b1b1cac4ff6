// Exposes the typed nslab API to the sandboxed renderer, and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { API_CHANNELS, type NslabApi } from '../shared/api';

const api = Object.fromEntries(
  Object.entries(API_CHANNELS).map(([method, channel]) => [method, () => ipcRenderer.invoke(channel)]),
) as unknown as NslabApi;

contextBridge.exposeInMainWorld('nslab', api);
