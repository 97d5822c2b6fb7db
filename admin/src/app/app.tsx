import { useState } from 'react';
import { BrowserRouter } from 'react-router';
import { ADMIN_BASENAME } from '../constants';
import { AppProviders } from './app-providers';
import { createQueryClient } from './query-client';
import { AppRoutes } from './routes';

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <AppProviders queryClient={queryClient}>
      <BrowserRouter basename={ADMIN_BASENAME}>
        <AppRoutes />
      </BrowserRouter>
    </AppProviders>
  );
}
