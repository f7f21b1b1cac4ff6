/// <reference types="vite/client" />
import type { NslabApi } from '../../electron/shared/api';

declare global {
  interface Window {
    /** set by the Electron preload; absent in browser mode */
    nslab?: NslabApi;
  }
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
