import { Injectable } from '@nestjs/common';
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { EntityManager, IsNull, LessThanOrEqual, MoreThan } from 'typeorm';
import { businessDay, startOfBusinessDay, type PointsSource } from '@tableside/shared';
import { newId } from '../common/ids';
import { bulkInsert, insertStatement } from '../database/bulk-insert';
import type { WriteBatch } from '../database/write-batch';
import { execute } from '../database/lean-select';
import { MemberErrors } from '../members/members.errors';
import { Member } from '../members/entities/member.entity';
import { SettingsService } from '../settings/settings.service';
import type { TransactionRunner } from '../database/transaction-runner';
import { PointsEntry } from './entities/points-entry.entity';
import { PointsErrors } from './points.errors';

dayjs.extend(utc);
dayjs.extend(timezone);

/** No balance goes above a billion points (the column holds 2^31 − 1). */
export const POINTS_MAX = 1_000_000_000;

export interface PointsMove {
  memberId: string;
  points: number;
  source: PointsSource;
  reason: string;
  idempotencyKey: string;
  refType?: string;
  refId?: string;
  staffId?: string | null;
  at?: Date;
}

/** Adds points to the balance, never past POINTS_MAX (the column is 32-bit: no overflow 500). */
const ADD_POINTS = {
  sql: 'UPDATE member SET points_balance = points_balance + ? WHERE id = ? AND points_balance <= ?',
  params: (move: PointsMove) => [move.points, move.memberId, POINTS_MAX - move.points],
};

/**
 * The points ledger. Every method takes the caller's transaction manager: the balance and the
 * ledger row change together, and the balance is only ever lowered by a conditional UPDATE.
 */
@Injectable()
export class PointsService {
  constructor(private readonly settings: SettingsService) {}

  /** Points earned in local year Y expire at the end of year Y + N (N = 0: never). */
  async expiryFor(em: EntityManager, at: Date): Promise<Date | null> {
    const { pointsExpiryYears, timeZone } = await this.settings.get(em);
    if (pointsExpiryYears <= 0) return null;
    const year = Number(businessDay(at, timeZone).slice(0, 4));
    return startOfBusinessDay(`${year + pointsExpiryYears + 1}-01-01`, timeZone);
  }

  private async balanceOf(em: EntityManager, memberId: string): Promise<number> {
    const [row] = (await em.query('SELECT points_balance AS b FROM member WHERE id = ?', [memberId])) as {
      b: number | string;
    }[];
    if (!row) throw MemberErrors.MEMBER_NOT_FOUND();
    return Number(row.b);
  }

  /** Adds a lot (EARN or a positive ADJUST). */
  async credit(
    em: EntityManager,
    move: PointsMove,
    type: 'EARN' | 'ADJUST' = 'EARN',
  ): Promise<PointsEntry | null> {
    if (!Number.isSafeInteger(move.points) || move.points < 0) throw PointsErrors.POINTS_INVALID_AMOUNT();
    if (move.points === 0) return null;
    const added = await execute(em, ADD_POINTS.sql, ADD_POINTS.params(move));
    if (added !== 1) throw PointsErrors.POINTS_BALANCE_LIMIT();
    const entry = await this.lot(em, move, type, await this.balanceOf(em, move.memberId));
    await bulkInsert(em, PointsEntry, [entry]);
    return entry;
  }

  /** The ledger row of a credit: a lot of `move.points`, spendable until the chain's expiry date. */
  private async lot(
    em: EntityManager,
    move: PointsMove,
    type: 'EARN' | 'ADJUST',
    balanceAfter: number,
  ): Promise<PointsEntry> {
    const at = move.at ?? new Date();
    return em.create(PointsEntry, {
      id: newId(),
      memberId: move.memberId,
      type,
      points: move.points,
      balanceAfter,
      remaining: move.points,
      expiresAt: await this.expiryFor(em, at),
      source: move.source,
      reason: move.reason,
      refType: move.refType ?? null,
      refId: move.refId ?? null,
      staffId: move.staffId ?? null,
      idempotencyKey: move.idempotencyKey,
      createdAt: at,
    });
  }

  /**
   * An EARN added to the caller's WriteBatch (the till's commit): `lockedBalance` is the member's
   * balance as read under this transaction's lock on their row, so the balance after is known
   * without reading it back, and the ceiling is checked before anything is sent.
   */
  async earnInto(
    batch: WriteBatch,
    em: EntityManager,
    move: PointsMove,
    lockedBalance: number,
  ): Promise<PointsEntry | null> {
    if (!Number.isSafeInteger(move.points) || move.points < 0) throw PointsErrors.POINTS_INVALID_AMOUNT();
    if (move.points === 0) return null;
    if (lockedBalance + move.points > POINTS_MAX) throw PointsErrors.POINTS_BALANCE_LIMIT();
    batch.add({
      sql: ADD_POINTS.sql,
      params: ADD_POINTS.params(move),
      expect: { rows: 1, error: () => PointsErrors.POINTS_BALANCE_LIMIT() },
    });
    const entry = await this.lot(em, move, 'EARN', lockedBalance + move.points);
    batch.add(insertStatement(em, PointsEntry, [entry]));
    return entry;
  }

  /**
   * Takes points away (REDEEM, negative ADJUST, REVERSE). Refuses to go below zero unless
   * `clampToBalance` (a void clawing back points already spent takes what is left).
   */
  async debit(
    em: EntityManager,
    move: PointsMove,
    type: 'REDEEM' | 'ADJUST' | 'REVERSE' | 'EXPIRE',
    opts: { clampToBalance?: boolean; fromLotId?: string } = {},
  ): Promise<PointsEntry | null> {
    if (!Number.isSafeInteger(move.points) || move.points < 0) throw PointsErrors.POINTS_INVALID_AMOUNT();
    const now = move.at ?? new Date();
    // Expired lots are never spendable, whether or not the nightly sweep has run yet.
    if (type !== 'EXPIRE') await this.expireDue(em, move.memberId, now);
    let take = move.points;
    if (opts.clampToBalance) take = Math.min(take, await this.balanceOf(em, move.memberId));
    if (take === 0) return null;
    const res = await em
      .createQueryBuilder()
      .update(Member)
      .set({ pointsBalance: () => `points_balance - ${take}` })
      .where('id = :id AND points_balance >= :take', { id: move.memberId, take })
      .execute();
    if (res.affected !== 1) throw PointsErrors.POINTS_INSUFFICIENT({ needed: take });
    await this.consumeLots(em, move.memberId, take, move.at ?? new Date(), opts.fromLotId);
    const entry = em.create(PointsEntry, {
      id: newId(),
      memberId: move.memberId,
      type,
      points: -take,
      balanceAfter: await this.balanceOf(em, move.memberId),
      remaining: 0,
      expiresAt: null,
      source: move.source,
      reason: take < move.points ? `${move.reason}（余额不足，实扣 ${take}）` : move.reason,
      refType: move.refType ?? null,
      refId: move.refId ?? null,
      staffId: move.staffId ?? null,
      idempotencyKey: move.idempotencyKey,
      createdAt: move.at ?? new Date(),
    });
    await em.insert(PointsEntry, entry);
    return entry;
  }

  /**
   * Writes off this member's lots that have expired (an EXPIRE row per lot, balance lowered in the
   * same transaction). Each lot is zeroed by a conditional UPDATE on its remaining points, so two
   * transactions can never expire the same points twice. The scheduled sweep reuses this.
   */
  async expireDue(em: EntityManager, memberId: string, now: Date): Promise<number> {
    const due = await em.find(PointsEntry, {
      where: { memberId, remaining: MoreThan(0), expiresAt: LessThanOrEqual(now) },
    });
    let total = 0;
    for (const lot of due) {
      const zeroed = await em
        .createQueryBuilder()
        .update(PointsEntry)
        .set({ remaining: 0 })
        .where('id = :id AND remaining = :remaining', { id: lot.id, remaining: lot.remaining })
        .execute();
      if (zeroed.affected !== 1) continue;
      const lowered = await em
        .createQueryBuilder()
        .update(Member)
        .set({ pointsBalance: () => `points_balance - ${lot.remaining}` })
        .where('id = :id AND points_balance >= :n', { id: memberId, n: lot.remaining })
        .execute();
      const n = lowered.affected === 1 ? lot.remaining : 0;
      if (n === 0) continue;
      total += n;
      await em.insert(PointsEntry, {
        id: newId(),
        memberId,
        type: 'EXPIRE',
        points: -n,
        balanceAfter: await this.balanceOf(em, memberId),
        remaining: 0,
        expiresAt: null,
        source: lot.source,
        reason: `积分到期（${dayjs(lot.expiresAt).format('YYYY-MM-DD')} 到期）`,
        refType: 'points_entry',
        refId: lot.id,
        staffId: null,
        idempotencyKey: `expire:${lot.id}`,
        createdAt: now,
      });
    }
    return total;
  }

  /**
   * The nightly sweep: writes off every member's expired lots, a chunk of members per transaction
   * (each lot at most once, see `expireDue`). Afterwards every balance equals its unexpired lots.
   * Returns the points written off.
   */
  async expireAllDue(tx: TransactionRunner, now = new Date()): Promise<{ members: number; points: number }> {
    let members = 0;
    let points = 0;
    for (;;) {
      const ids = (await tx.dataSource
        .getRepository(PointsEntry)
        .createQueryBuilder('e')
        .select('DISTINCT e.member_id', 'memberId')
        .where('e.expires_at <= :now AND e.remaining > 0', { now })
        .limit(200)
        .getRawMany()) as { memberId: string }[];
      if (!ids.length) break;
      const n = await tx.run(async (em) => {
        let sum = 0;
        for (const { memberId } of ids) sum += await this.expireDue(em, memberId, now);
        return sum;
      });
      members += ids.length;
      points += n;
    }
    return { members, points };
  }

  /**
   * Before showing a balance: writes off what has expired, so nobody is shown points they cannot
   * spend (a no-op when nothing is due; the nightly sweep does the same for everyone).
   */
  async settleExpiry(tx: TransactionRunner, memberId: string): Promise<void> {
    await tx.run((em) => this.expireDue(em, memberId, new Date()));
  }

  /** Oldest-expiring lots first (a named lot first, for reversals of a specific earn). */
  private async consumeLots(
    em: EntityManager,
    memberId: string,
    points: number,
    now: Date,
    fromLotId?: string,
  ): Promise<void> {
    let left = points;
    const lots = await em.find(PointsEntry, {
      where: [
        { memberId, remaining: MoreThan(0), expiresAt: MoreThan(now) },
        { memberId, remaining: MoreThan(0), expiresAt: IsNull() },
      ],
    });
    const t = (d: Date | null) => (d ? d.getTime() : Number.MAX_SAFE_INTEGER);
    lots.sort((a, b) => t(a.expiresAt) - t(b.expiresAt) || a.createdAt.getTime() - b.createdAt.getTime());
    if (fromLotId) lots.sort((a, b) => Number(b.id === fromLotId) - Number(a.id === fromLotId));
    for (const lot of lots) {
      if (left <= 0) break;
      const used = Math.min(lot.remaining, left);
      await em.update(PointsEntry, { id: lot.id }, { remaining: lot.remaining - used });
      left -= used;
    }
  }
}
