import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { config as zodConfig } from 'zod';
import { getApi } from './api/getApi.ts';
import { App } from './app/App.tsx';
import { initI18n } from './i18n/index.ts';
import './styles.css';

// The CSP forbids eval: keep zod from even probing for it (it would log a CSP violation).
zodConfig({ jitless: true });
initI18n();

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');

createRoot(container).render(
  <StrictMode>
    <App api={getApi()} />
  </StrictMode>,
);
