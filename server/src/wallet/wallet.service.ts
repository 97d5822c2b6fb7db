import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { WalletEntryType } from '@tableside/shared';
import { newId } from '../common/ids';
import { TransactionRunner } from '../database/transaction-runner';
import { Member } from '../members/entities/member.entity';
import { WalletEntry } from './entities/wallet-entry.entity';
import { WalletErrors } from './wallet.errors';

export interface WalletMove {
  memberId: string;
  reason: string;
  idempotencyKey: string;
  refType?: string;
  refId?: string;
  staffId?: string | null;
  at?: Date;
}

/** Splits a payment between principal and bonus in proportion to what the member holds. */
export function splitPayment(
  amountFen: number,
  principalFen: number,
  bonusFen: number,
): { principalFen: number; bonusFen: number } {
  const total = principalFen + bonusFen;
  if (amountFen > total) throw WalletErrors.BALANCE_INSUFFICIENT({ neededFen: amountFen, balanceFen: total });
  let bonus = total === 0 ? 0 : Math.floor((amountFen * bonusFen) / total);
  let principal = amountFen - bonus;
  if (principal > principalFen) {
    principal = principalFen;
    bonus = amountFen - principal;
  }
  return { principalFen: principal, bonusFen: bonus };
}

/**
 * Stored value (储值). Balances live on the member row and only move together with a ledger row,
 * in the caller's transaction; debits are conditional UPDATEs that cannot go below zero.
 */
/** ¥10,000,000: no diner's stored value goes above this (the columns hold 2^31 − 1 fen). */
export const BALANCE_MAX_FEN = 1_000_000_000;

@Injectable()
export class WalletService {
  constructor(private readonly tx: TransactionRunner) {}

  private async entry(
    em: EntityManager,
    move: WalletMove,
    type: WalletEntryType,
    principalFen: number,
    bonusFen: number,
  ) {
    const m = await em.findOneOrFail(Member, {
      where: { id: move.memberId },
      select: { id: true, balancePrincipalFen: true, balanceBonusFen: true },
    });
    const row = em.create(WalletEntry, {
      id: newId(),
      memberId: move.memberId,
      type,
      principalFen,
      bonusFen,
      principalAfterFen: m.balancePrincipalFen,
      bonusAfterFen: m.balanceBonusFen,
      reason: move.reason,
      refType: move.refType ?? null,
      refId: move.refId ?? null,
      staffId: move.staffId ?? null,
      idempotencyKey: move.idempotencyKey,
      createdAt: move.at ?? new Date(),
    });
    await em.insert(WalletEntry, row);
    return row;
  }

  async credit(
    em: EntityManager,
    move: WalletMove,
    type: 'TOPUP' | 'REFUND' | 'REVERSE' | 'ADJUST',
    principalFen: number,
    bonusFen: number,
  ) {
    for (const v of [principalFen, bonusFen]) {
      if (!Number.isSafeInteger(v) || v < 0) throw WalletErrors.WALLET_INVALID_AMOUNT();
    }
    // The balance columns are 32-bit: a business ceiling keeps every sum far inside them.
    const res = await em
      .createQueryBuilder()
      .update(Member)
      .set({
        balancePrincipalFen: () => `balance_principal_fen + ${principalFen}`,
        balanceBonusFen: () => `balance_bonus_fen + ${bonusFen}`,
      })
      .where('id = :id AND balance_principal_fen + balance_bonus_fen <= :room', {
        id: move.memberId,
        room: BALANCE_MAX_FEN - principalFen - bonusFen,
      })
      .execute();
    if (res.affected !== 1) throw WalletErrors.BALANCE_LIMIT();
    return this.entry(em, move, type, principalFen, bonusFen);
  }

  /** Takes exact principal and bonus amounts out (a refunded top-up); never below zero. */
  async withdraw(em: EntityManager, move: WalletMove, principalFen: number, bonusFen: number) {
    for (const v of [principalFen, bonusFen]) {
      if (!Number.isSafeInteger(v) || v < 0) throw WalletErrors.WALLET_INVALID_AMOUNT();
    }
    const res = await em
      .createQueryBuilder()
      .update(Member)
      .set({
        balancePrincipalFen: () => `balance_principal_fen - ${principalFen}`,
        balanceBonusFen: () => `balance_bonus_fen - ${bonusFen}`,
      })
      .where('id = :id AND balance_principal_fen >= :p AND balance_bonus_fen >= :b', {
        id: move.memberId,
        p: principalFen,
        b: bonusFen,
      })
      .execute();
    if (res.affected !== 1) throw WalletErrors.BALANCE_INSUFFICIENT();
    return this.entry(em, move, 'REFUND', -principalFen, -bonusFen);
  }

  /** Pays `amountFen` from the balance; throws BALANCE_INSUFFICIENT rather than going negative. */
  async pay(em: EntityManager, move: WalletMove, amountFen: number): Promise<WalletEntry> {
    if (!Number.isSafeInteger(amountFen) || amountFen <= 0) throw WalletErrors.WALLET_INVALID_AMOUNT();
    const m = await em.findOneOrFail(Member, {
      where: { id: move.memberId },
      select: { id: true, balancePrincipalFen: true, balanceBonusFen: true },
      lock: this.tx.isMysql ? { mode: 'pessimistic_write' } : undefined,
    });
    const split = splitPayment(amountFen, m.balancePrincipalFen, m.balanceBonusFen);
    // The row lock (MySQL) or the single writer (SQLite) makes the read safe; the WHERE makes it certain.
    const res = await em
      .createQueryBuilder()
      .update(Member)
      .set({
        balancePrincipalFen: () => `balance_principal_fen - ${split.principalFen}`,
        balanceBonusFen: () => `balance_bonus_fen - ${split.bonusFen}`,
      })
      .where('id = :id AND balance_principal_fen >= :p AND balance_bonus_fen >= :b', {
        id: move.memberId,
        p: split.principalFen,
        b: split.bonusFen,
      })
      .execute();
    if (res.affected !== 1) throw WalletErrors.BALANCE_INSUFFICIENT();
    return this.entry(em, move, 'PAY', -split.principalFen, -split.bonusFen);
  }
}
