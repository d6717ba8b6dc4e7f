import { defineConfig } from '@hey-api/openapi-ts';

// The client is generated from the committed document; CI regenerates it and fails on any diff.
export default defineConfig({
  input: '../../apps/api/openapi.json',
  output: { path: 'src/generated', format: false, lint: false },
  plugins: ['@hey-api/client-fetch', '@hey-api/typescript', { name: '@hey-api/sdk' }, '@tanstack/react-query'],
});
