import { createContext, useCallback, useContext, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import * as authApi from '../api/auth';
import type { StaffProfile } from '../api/auth';
import { clearToken, getToken, setToken, subscribeToken } from './token-storage';

export const ME_QUERY_KEY = ['auth', 'me'] as const;

export type AuthStatus = 'anonymous' | 'loading' | 'authenticated' | 'error';

export interface AuthContextValue {
  status: AuthStatus;
  /** Set when status is 'authenticated'. */
  staff: StaffProfile | null;
  /** Re-fetches the profile after a non-401 failure (e.g. network). */
  retry: () => void;
  login: (username: string, password: string) => Promise<StaffProfile>;
  /** Ends the session on the server, drops the token and every cached query; the caller navigates to /login. */
  logout: () => void;
  /** Changes the own password; the server ends other sessions and answers with a fresh token. */
  changePassword: (currentPassword: string, newPassword: string) => Promise<StaffProfile>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const token = useSyncExternalStore(subscribeToken, getToken, () => null);

  const me = useQuery({
    queryKey: ME_QUERY_KEY,
    queryFn: ({ signal }) => authApi.fetchMe(signal),
    enabled: token !== null,
    staleTime: 5 * 60_000,
    retry: false,
  });

  const login = useCallback(
    async (username: string, password: string) => {
      const { accessToken, staff } = await authApi.login({ username, password });
      queryClient.setQueryData(ME_QUERY_KEY, staff);
      setToken(accessToken);
      return staff;
    },
    [queryClient],
  );

  const logout = useCallback(() => {
    // Best effort: the token is dropped here whatever the network says.
    if (getToken()) void authApi.logout().catch(() => undefined);
    clearToken();
    queryClient.clear();
  }, [queryClient]);

  const changePassword = useCallback(
    async (currentPassword: string, newPassword: string) => {
      const { accessToken, staff } = await authApi.changePassword({ currentPassword, newPassword });
      queryClient.setQueryData(ME_QUERY_KEY, staff);
      setToken(accessToken);
      return staff;
    },
    [queryClient],
  );

  const { refetch } = me;
  const retry = useCallback(() => {
    void refetch();
  }, [refetch]);

  const value = useMemo<AuthContextValue>(() => {
    let status: AuthStatus;
    if (token === null) status = 'anonymous';
    else if (me.data) status = 'authenticated';
    else if (me.isError) status = 'error';
    else status = 'loading';
    return {
      status,
      staff: status === 'authenticated' ? (me.data ?? null) : null,
      retry,
      login,
      logout,
      changePassword,
    };
  }, [token, me.data, me.isError, retry, login, logout, changePassword]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}

/** For components rendered behind <RequireAuth>, where a staff member is guaranteed. */
export function useStaff(): StaffProfile {
  const { staff } = useAuth();
  if (!staff) throw new Error('useStaff must be used behind <RequireAuth>');
  return staff;
}
