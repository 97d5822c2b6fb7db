import { useQuery } from '@tanstack/react-query';
import { api, ok } from './typed';

/** Stores and tiers, for selects and labels (cached for the session). */
export function useStores() {
  return useQuery({ queryKey: ['stores'], queryFn: () => ok(api.GET('/api/stores')), staleTime: 300_000 });
}

export function useTiers() {
  return useQuery({ queryKey: ['tiers'], queryFn: () => ok(api.GET('/api/tiers')), staleTime: 300_000 });
}

export function useTemplates() {
  return useQuery({ queryKey: ['coupon-templates'], queryFn: () => ok(api.GET('/api/coupon-templates')) });
}
