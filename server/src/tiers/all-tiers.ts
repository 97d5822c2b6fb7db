import type { EntityManager } from 'typeorm';
import { txMemo } from '../database/tx-memo';
import { Tier } from './entities/tier.entity';

/** Every tier, lowest rank first; read once per transaction (a bill asks four times). */
export const allTiers = (em: EntityManager): Promise<Tier[]> =>
  txMemo(em, 'tiers', () => em.find(Tier, { order: { rank: 'ASC' } }));

export const tierById = async (em: EntityManager, id: string): Promise<Tier | null> =>
  (await allTiers(em)).find((t) => t.id === id) ?? null;
