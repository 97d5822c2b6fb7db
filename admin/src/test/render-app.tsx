import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { MemoryRouter, useLocation, type Location } from 'react-router';
import { AppProviders } from '../app/app-providers';
import { createQueryClient } from '../app/query-client';
import { AppRoutes } from '../app/routes';
import type { StaffProfile } from '../api/auth';

export function aStaff(overrides: Partial<StaffProfile> = {}): StaffProfile {
  return {
    id: 'staff_1',
    name: '王店长',
    username: 'manager',
    role: 'STORE_MANAGER',
    storeIds: ['store_1'],
    active: true,
    mustChangePassword: false,
    ...overrides,
  };
}

/** Renders a tree inside the app's providers (antd zero-runtime, a fresh QueryClient). */
export function renderWithProviders(ui: ReactElement) {
  const queryClient = createQueryClient();
  return {
    queryClient,
    ...render(
      <AppProviders queryClient={queryClient} zeroRuntime>
        {ui}
      </AppProviders>,
    ),
  };
}

function LocationProbe({ onChange }: { onChange: (location: Location) => void }) {
  onChange(useLocation());
  return null;
}

/** Renders the real route tree at `path`; `currentPath()` reports where the app navigated. */
export function renderRoutes(path: string) {
  let current: Location | undefined;
  const result = renderWithProviders(
    <MemoryRouter initialEntries={[path]}>
      <LocationProbe onChange={(location) => (current = location)} />
      <AppRoutes />
    </MemoryRouter>,
  );
  return { ...result, currentPath: () => current?.pathname };
}
