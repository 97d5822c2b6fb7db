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
    // Vendor code goes into three chunks that change rarely and stay cached across admin releases;
    // pages are lazy chunks of their own. antd alone is ~600 kB raw (~200 kB gzip), hence the limit.
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ },
            { name: 'query', test: /node_modules[\\/]@tanstack[\\/]/ },
            {
              name: 'antd',
              test: /node_modules[\\/](antd|@ant-design|@rc-component|@babel[\\/]runtime|dayjs)[\\/]/,
            },
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
