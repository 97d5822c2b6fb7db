import { useCallback, useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { RequestError } from './api';

export interface Remote<T> {
  data: T | undefined;
  error: RequestError | undefined;
  loading: boolean;
  reload: () => Promise<void>;
}

/**
 * Loads data for a page and keeps the last good value while reloading. A 401 means the session
 * is gone (expired or the account was deleted): back to the entry page to sign in again.
 */
export function useRemote<T>(loader: () => Promise<T>, deps: unknown[] = []): Remote<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<RequestError>();
  const [loading, setLoading] = useState(true);
  const alive = useRef(true);
  const load = useCallback(loader, deps);
  const reload = useCallback(async () => {
    setLoading(true);
    try {
      const v = await load();
      if (alive.current) {
        setData(v);
        setError(undefined);
      }
    } catch (e) {
      const err = e instanceof RequestError ? e : new RequestError(0, 'UNKNOWN', '出了点问题，请稍后重试');
      if (alive.current) setError(err);
      if (err.status === 401) void Taro.reLaunch({ url: '/pages/index/index' });
    } finally {
      if (alive.current) setLoading(false);
    }
  }, [load]);
  useEffect(() => {
    alive.current = true;
    void reload();
    return () => {
      alive.current = false;
    };
  }, [reload]);
  return { data, error, loading, reload };
}
