import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { describeError } from './common/describeError.ts';
import { loadConfig } from './session/loadConfig.ts';
import { SessionProvider } from './session/Session.tsx';
import './styles.css';

const root = createRoot(document.getElementById('root') as HTMLElement);
loadConfig().then(
  (config) =>
    root.render(
      <StrictMode>
        <SessionProvider config={config}>
          <App />
        </SessionProvider>
      </StrictMode>,
    ),
  (err) => {
    const d = describeError(err);
    root.render(
      <p role="alert" className="error">
        {d.title}: {d.message}
      </p>,
    );
  },
);
