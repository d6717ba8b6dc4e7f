import { configureApiClient } from '@leadflow/api-client';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { notifySessionExpired } from './api/session-events';
import { App } from './app';
import './styles.css';

configureApiClient({ baseUrl: '', onSessionExpired: notifySessionExpired });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
