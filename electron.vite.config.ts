import vue from '@vitejs/plugin-vue';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import { resolve } from 'node:path';

export default defineConfig({
  main: {
    // client-node is ESM only: bundled into the CommonJS main rather than required.
    plugins: [externalizeDepsPlugin({ exclude: ['@kubernetes/client-node'] })],
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/main/index.ts') },
        // CommonJS: __dirname for the preload path, and dockerode's CJS dependencies.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  preload: {
    plugins: [externalizeDepsPlugin()],
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        // A sandboxed preload must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [vue()],
    build: {
      // instructor.html: the page `nslab classroom` serves to the instructor.
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html'), instructor: resolve(__dirname, 'renderer/instructor.html') } },
    },
  },
});
