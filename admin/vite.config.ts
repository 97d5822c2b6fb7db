import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** Where `/api` is proxied in `dev` and `preview`; override to point at another server. */
const apiTarget = process.env.TABLESIDE_API_URL ?? 'http://127.0.0.1:3000';
const proxy = { '/api': { target: apiTarget, changeOrigin: true } };

// The back office is served under /admin/ (the server falls back to index.html for deep links).
export default defineConfig({
  base: '/admin/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // React and react-query go into chunks that change rarely and stay cached across releases; antd
    // is left to the bundler so each lazy page pulls only the components it uses (the login page
    // does not download Table, Drawer or DatePicker). echarts lives in the dashboard's lazy chunk.
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ },
            { name: 'query', test: /node_modules[\\/]@tanstack[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy,
  },
  preview: {
    port: 4173,
    strictPort: true,
    proxy,
  },
});
