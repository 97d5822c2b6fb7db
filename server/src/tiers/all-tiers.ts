import type { EntityManager } from 'typeorm';
import { refCached } from '../database/ref-cache';
import { Tier } from './entities/tier.entity';

/** Every tier, lowest rank first (cached: ref-cache.ts; a bill asks four times). */
export const allTiers = (em: EntityManager): Promise<Tier[]> =>
  refCached(em, 'tiers', 'all', (m) => m.find(Tier, { order: { rank: 'ASC' } }));

export const tierById = async (em: EntityManager, id: string): Promise<Tier | null> =>
  (await allTiers(em)).find((t) => t.id === id) ?? null;
