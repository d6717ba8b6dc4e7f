import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig, type ProxyOptions, type ServerOptions } from 'vite';

const apiUrl = process.env.LEADFLOW_API_URL ?? 'http://localhost:3000';
const port = Number(process.env.WEB_PORT ?? 5173);
if (!Number.isInteger(port) || port <= 0 || port > 65_535) {
  throw new Error(`WEB_PORT must be a TCP port number, got "${process.env.WEB_PORT}"`);
}

// The SPA talks to its own origin; the API (and Bull Board) sit behind the same proxy in dev and preview.
// Only Bull Board's /admin/queues goes to the API: /admin/clients, /admin/xero, … are SPA pages.
const toApi: ProxyOptions = { target: apiUrl };
const server: ServerOptions = {
  host: '127.0.0.1',
  port,
  strictPort: true,
  proxy: { '/api': toApi, '/admin/queues': toApi },
};

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: { '@leadflow/api-client': fileURLToPath(new URL('../../libs/api-client/src/index.ts', import.meta.url)) },
  },
  server,
  preview: server,
});
