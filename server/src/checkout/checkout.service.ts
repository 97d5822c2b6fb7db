import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  type TillPayMethod,
  evaluateCoupons,
  evaluateSelection,
  maskPhone,
  type BillContext,
  type CouponCandidate,
} from '@tableside/shared';
import { AuthErrors } from '../auth/auth.errors';
import { newId } from '../common/ids';
import { normalizeCode } from '../coupons/coupon-code';
import { CouponErrors } from '../coupons/coupons.errors';
import { CouponsService } from '../coupons/coupons.service';
import { Coupon } from '../coupons/entities/coupon.entity';
import { Member } from '../members/entities/member.entity';
import { MembersService } from '../members/members.service';
import { PointsEntry } from '../points/entities/points-entry.entity';
import { pointsForPayment } from '../points/earn-rule';
import { PointsService } from '../points/points.service';
import { SettingsService } from '../settings/settings.service';
import { Store } from '../stores/entities/store.entity';
import { Tier } from '../tiers/entities/tier.entity';
import { tierById } from '../tiers/all-tiers';
import { refCached } from '../database/ref-cache';
import { insertStatement } from '../database/bulk-insert';
import { sqlValue } from '../database/lean-select';
import { WriteBatch } from '../database/write-batch';
import { TiersService } from '../tiers/tiers.service';
import { Visit } from '../visits/entities/visit.entity';
import { WalletEntry } from '../wallet/entities/wallet-entry.entity';
import { WalletService } from '../wallet/wallet.service';
import { CheckoutErrors } from './checkout.errors';
import type {
  CheckoutMemberDto,
  CommitResponseDto,
  PreviewResponseDto,
  VoidResponseDto,
} from './dto/checkout.dto';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { AppError } from '../common/app-error';
import { RateLimitService } from '../rate-limit/rate-limit.service';

/** The most wallet coupons a preview evaluates (soonest to expire first). */
const WALLET_LIMIT = 50;

/** Who checks out: a POS key (store fixed by the key) or a staff member at a store they may act on. */
export interface CheckoutActor {
  channel: 'POS' | 'CASHIER' | 'MINIAPP';
  storeId: string;
  /** Idempotency scope prefix: the POS key or the staff member. */
  scope: string;
  staffId?: string;
  posKeyId?: string;
  /** May this actor act on a redemption of that store? */
  canActOn: (storeId: string) => boolean;
  /** The look-up budget check, when the POS guard already sent it beside its nonce. */
  lookupBudget?: Promise<AppError | null>;
}

export interface PreviewInput {
  memberCode?: string;
  /** The signed-in diner paying at the table (mini-program); never taken from a request body. */
  memberId?: string;
  couponCodes?: string[];
  amountFen: number;
}
export interface CommitInput extends PreviewInput {
  requestId: string;
  couponCodes: string[];
  orderRef: string;
  partySize?: number;
  balancePayFen?: number;
  /** Pay whatever is left after coupons from the stored-value balance (pay at the table). */
  payAllFromBalance?: boolean;
  /** How the rest was settled at the till (cash, the store's own WeChat/Alipay terminal, card). */
  payMethod?: TillPayMethod | 'WXPAY';
  /** The WeChat payment these coupons were LOCKED for (paying at the table): they count as available to it. */
  lockedBy?: string;
}

@Injectable()
export class CheckoutService {
  constructor(
    private readonly ds: DataSource,
    private readonly idempotency: IdempotencyService,
    private readonly coupons: CouponsService,
    private readonly members: MembersService,
    private readonly points: PointsService,
    private readonly wallet: WalletService,
    private readonly tiers: TiersService,
    private readonly settings: SettingsService,
    private readonly limits: RateLimitService,
  ) {}

  private async activeStore(em: EntityManager, storeId: string): Promise<Store> {
    const store = await refCached(em, 'stores', storeId, (m) => m.findOne(Store, { where: { id: storeId } }));
    if (!store) throw CouponErrors.STORE_NOT_FOUND();
    if (!store.active) throw CheckoutErrors.STORE_INACTIVE();
    return store;
  }

  /** `tier`: the member's tier when the caller already has it (the preview loads it once). */
  async memberSummary(em: EntityManager, m: Member, tier?: Tier | null): Promise<CheckoutMemberDto> {
    tier ??= await tierById(em, m.tierId);
    return {
      id: m.id,
      name: m.name,
      phone: m.phone ? maskPhone(m.phone) : null,
      tier: tier?.name ?? '',
      pointsBalance: m.pointsBalance,
      balanceFen: m.balancePrincipalFen + m.balanceBonusFen,
      memberPricePercentOff: tier?.benefits?.memberPricePercentOff ?? 0,
    };
  }

  /** The member on the bill: from the scanned code, else the single owner of the scanned coupons. */
  private async billMember(
    em: EntityManager,
    memberCode: string | undefined,
    coupons: Coupon[],
    memberId?: string,
  ): Promise<Member | null> {
    if (memberId) return this.members.get(memberId, em);
    if (memberCode) return this.members.resolveCode(memberCode, em);
    const owners = [...new Set(coupons.map((c) => c.memberId))];
    if (owners.length !== 1) return null;
    const m = await em.findOne(Member, { where: { id: owners[0] } });
    return m && !m.deletedAt ? m : null;
  }

  /**
   * The scanned coupons and, from the rotating member code, the member with their wallet (preview):
   * one statement when every scanned code is the member's own (the usual bill). An invalid member
   * code is reported after the coupons were looked up, as before (unknown codes count as guesses).
   */
  private async scannedWithMember(
    em: EntityManager,
    memberCode: string,
    codes: string[],
    opts: { wallet?: boolean; forCommit?: { growthSince: Date } },
  ): Promise<{
    scanned: Coupon[];
    member: Member | null;
    wallet: Coupon[];
    growthFen?: number;
    memberError?: unknown;
  }> {
    const others = async (known: Coupon[]) => {
      const missing = codes.filter((c) => !known.some((x) => x.code === c));
      return missing.length ? em.find(Coupon, { where: { code: In(missing) } }) : [];
    };
    try {
      const r = await this.members.resolveCodeWithCoupons(memberCode, em, codes, opts);
      const mine = r.coupons.filter((c) => codes.includes(c.code));
      return {
        scanned: [...mine, ...(await others(mine))],
        member: r.member,
        wallet: r.coupons.filter((c) => c.status === 'AVAILABLE').slice(0, WALLET_LIMIT),
        growthFen: r.growthFen,
      };
    } catch (e) {
      // Only the code's own refusal waits for the coupons; anything else (a deadlock) goes up as is.
      if (!(e instanceof AppError && (e.code === 'MEMBER_CODE_INVALID' || e.code === 'MEMBER_DELETED')))
        throw e;
      return { scanned: await others([]), member: null, wallet: [], memberError: e };
    }
  }

  private async billContext(
    em: EntityManager,
    amountFen: number,
    storeId: string,
    member: Member | null,
    tier: Tier | null,
    at: Date,
  ): Promise<BillContext> {
    const { timeZone } = await this.settings.get(em);
    return {
      amountFen,
      storeId,
      at,
      timeZone,
      memberId: member?.id ?? null,
      memberTierRank: tier?.rank ?? null,
      // The tier's member price (会员价) is part of the rules the evaluator applies.
      memberDiscountPercent: tier?.benefits?.memberPricePercentOff ?? 0,
    };
  }

  /**
   * Member and coupon codes are secrets of a kind: a till or POS key that keeps sending unknown
   * codes is guessing. Unknown codes count against the staff member / POS key and the store; once
   * over the limit every look-up is refused (429) until the window passes. Known codes cost nothing.
   */
  private async checkLookups(actor: CheckoutActor, input: PreviewInput): Promise<void> {
    if (actor.channel === 'MINIAPP' || (!input.memberCode && !input.couponCodes?.length)) return;
    const refused = await (actor.lookupBudget ?? this.limits.codeLookupRefusal(actor.scope, actor.storeId));
    if (refused) throw refused;
  }

  private async lookupFailed(actor: CheckoutActor, times: number): Promise<void> {
    if (actor.channel === 'MINIAPP' || times <= 0) return;
    await this.limits.fail('codeLookupPrincipal', actor.scope, times);
    await this.limits.fail('codeLookupStore', actor.storeId, times);
  }

  /** Runs a look-up, counting an invalid member code as a failed guess. */
  private async counted<T>(actor: CheckoutActor, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof AppError && (e.code === 'MEMBER_CODE_INVALID' || e.code === 'COUPON_NOT_FOUND'))
        await this.lookupFailed(
          actor,
          e.code === 'COUPON_NOT_FOUND' ? ((e.details?.codes as unknown[])?.length ?? 1) : 1,
        );
      throw e;
    }
  }

  async preview(actor: CheckoutActor, input: PreviewInput): Promise<PreviewResponseDto> {
    await this.checkLookups(actor, input);
    return this.counted(actor, () => this.previewIn(actor, input));
  }

  private async previewIn(actor: CheckoutActor, input: PreviewInput): Promise<PreviewResponseDto> {
    const em = this.ds.manager;
    await this.activeStore(em, actor.storeId);
    const codes = (input.couponCodes ?? []).map(normalizeCode);
    // The member's wallet is offered too, so the cashier sees every option and the best pre-selected.
    let scanned: Coupon[];
    let member: Member | null;
    let wallet: Coupon[];
    if (input.memberCode && !input.memberId) {
      const found = await this.scannedWithMember(em, input.memberCode, codes, { wallet: true });
      ({ scanned, member, wallet } = found);
      await this.lookupFailed(actor, codes.filter((c) => !scanned.some((x) => x.code === c)).length);
      if (found.memberError) throw found.memberError;
    } else {
      scanned = codes.length ? await em.find(Coupon, { where: { code: In(codes) } }) : [];
      await this.lookupFailed(actor, codes.filter((c) => !scanned.some((x) => x.code === c)).length);
      member = await this.billMember(em, input.memberCode, scanned, input.memberId);
      wallet = member ? await this.coupons.availableForMember(em, member.id, WALLET_LIMIT) : [];
    }
    const all = [...scanned, ...wallet.filter((w) => !codes.includes(w.code))];
    const candidates: CouponCandidate[] = await this.coupons.toCandidates(em, all);
    const ordered = [
      ...codes
        .map((code) => candidates.find((c) => c.code === code))
        .filter((c): c is CouponCandidate => !!c),
      ...candidates.filter((c) => !codes.includes(c.code)),
    ];
    const tier = member ? await tierById(em, member.tierId) : null;
    const bill = await this.billContext(em, input.amountFen, actor.storeId, member, tier, new Date());
    const result = evaluateCoupons(ordered, bill);
    const validTo = new Map(all.map((c) => [c.code, c.validTo.toISOString()]));
    const unknown = codes.filter((code) => !candidates.some((c) => c.code === code));
    return {
      ...(member ? { member: await this.memberSummary(em, member, tier) } : {}),
      coupons: [
        ...unknown.map((code) => ({
          code,
          name: '未知券',
          type: 'CASH',
          applicable: false,
          reason: 'COUPON_NOT_FOUND',
          reasonText: '券不存在，请核对券码',
          discountFen: 0,
        })),
        ...result.coupons.map((c) => ({
          code: c.code,
          name: c.name,
          type: c.type,
          applicable: c.applicable,
          ...(c.reason ? { reason: c.reason, reasonText: c.reasonText } : {}),
          discountFen: c.discountFen,
          validTo: validTo.get(c.code),
        })),
      ],
      best: result.best,
      memberDiscountFen: result.memberDiscountFen,
      payableFen: result.payableFen,
    };
  }

  async commit(actor: CheckoutActor, input: CommitInput): Promise<CommitResponseDto> {
    const scope = `${actor.scope}:commit`;
    const request = { ...input, storeId: actor.storeId };
    await this.checkLookups(actor, input);
    return this.counted(actor, () =>
      this.idempotency.run(
        scope,
        input.requestId,
        request,
        (em, batch) => this.commitIn(em, actor, input, batch),
        { recordLast: true },
      ),
    );
  }

  /** The commit inside the caller's transaction (a verified WeChat payment being applied). */
  commitWithin(em: EntityManager, actor: CheckoutActor, input: CommitInput): Promise<CommitResponseDto> {
    return this.commitIn(em, actor, input);
  }

  /** A void inside the caller's transaction (a refund), optionally past the store's void window. */
  voidWithin(
    em: EntityManager,
    actor: CheckoutActor,
    redemptionId: string,
    reason: string,
    opts: { ignoreWindow?: boolean } = {},
  ): Promise<VoidResponseDto> {
    return this.voidIn(em, actor, redemptionId, reason, opts);
  }

  /** What a commit would do with these coupons and this bill (no writes): the same checks, the same result. */
  async quoteWithin(em: EntityManager, actor: CheckoutActor, input: CommitInput) {
    const q = await this.select(em, actor, input, new Date(), false);
    return { payableFen: q.sel.payableFen, discountFen: q.sel.discountFen + q.sel.memberDiscountFen };
  }

  /** `forCommit`: lock the member found by code and read their growth value (the commit's look-up). */
  private async select(
    em: EntityManager,
    actor: CheckoutActor,
    input: CommitInput,
    now: Date,
    forCommit: boolean,
  ) {
    await this.activeStore(em, actor.storeId);
    const codes = input.couponCodes.map(normalizeCode);
    if (new Set(codes).size !== codes.length) throw CheckoutErrors.DUPLICATE_COUPON_CODE();
    const byCode = input.memberCode && !input.memberId;
    const found = byCode
      ? await this.scannedWithMember(em, input.memberCode!, codes, {
          ...(forCommit ? { forCommit: { growthSince: await this.tiers.growthSince(em, now) } } : {}),
        })
      : null;
    const coupons = found
      ? found.scanned
      : codes.length
        ? await em.find(Coupon, { where: { code: In(codes) } })
        : [];
    const missing = codes.filter((c) => !coupons.some((x) => x.code === c));
    if (missing.length) throw CouponErrors.COUPON_NOT_FOUND({ codes: missing });
    if (found?.memberError) throw found.memberError;
    // Coupons held for this very payment are this payment's to use.
    if (input.lockedBy)
      for (const c of coupons)
        if (c.status === 'LOCKED' && c.lockedPaymentId === input.lockedBy) c.status = 'AVAILABLE';
    const member = found
      ? found.member
      : await this.billMember(em, input.memberCode, coupons, input.memberId);
    const candidates = await this.coupons.toCandidates(em, coupons);
    const memberTier = member ? await tierById(em, member.tierId) : null;
    const bill = await this.billContext(em, input.amountFen, actor.storeId, member, memberTier, now);
    const sel = evaluateSelection(candidates, bill, codes);
    if (!sel.ok) {
      if (sel.reason === 'COUPON_USED' || sel.reason === 'COUPON_LOCKED')
        throw CouponErrors.COUPON_ALREADY_USED({ code: sel.code });
      if (sel.error === 'NOT_STACKABLE' || sel.error === 'MAX_PER_BILL_EXCEEDED') {
        throw CouponErrors.COUPON_COMBINATION_NOT_ALLOWED({ error: sel.error, code: sel.code });
      }
      const text = candidates.length
        ? evaluateCoupons(candidates, bill).coupons.find((c) => c.code === sel.code)?.reasonText
        : undefined;
      throw CouponErrors.COUPON_NOT_APPLICABLE(
        { code: sel.code, reason: sel.reason ?? sel.error },
        text ? `券不满足使用条件：${text}` : undefined,
      );
    }
    return { codes, coupons, member, memberTier, sel, growthFen: found?.growthFen };
  }

  /**
   * The bill's own writes (coupon flip, visit, points) go into `batch`, sent in one round trip by
   * the caller together with its idempotency record — or at the end here when there is no caller's
   * batch (a WeChat payment applied inside its own transaction).
   */
  private async commitIn(
    em: EntityManager,
    actor: CheckoutActor,
    input: CommitInput,
    outer?: WriteBatch,
  ): Promise<CommitResponseDto> {
    const batch = outer ?? new WriteBatch(em);
    const result = await this.commitInto(batch, em, actor, input);
    if (!outer) await batch.flush();
    return result;
  }

  private async commitInto(
    batch: WriteBatch,
    em: EntityManager,
    actor: CheckoutActor,
    input: CommitInput,
  ): Promise<CommitResponseDto> {
    const now = new Date();
    const { codes, member, memberTier, sel, growthFen } = await this.select(em, actor, input, now, true);
    // The member came from the locking look-up: their points balance and growth value are exact.
    const locked = member && growthFen !== undefined;
    const visitId = newId();
    if (codes.length) {
      // The decisive step: only rows still AVAILABLE (or held for this very payment) flip to USED;
      // a lost race shows in the row count.
      batch.add({
        sql: `UPDATE coupon SET status = 'USED', used_at = ?, used_store_id = ?, used_visit_id = ?,
           used_by_staff_id = ?, locked_payment_id = NULL
         WHERE code IN (${codes.map(() => '?').join(', ')})
           AND (status = 'AVAILABLE'${input.lockedBy ? " OR (status = 'LOCKED' AND locked_payment_id = ?)" : ''})`,
        params: [
          sqlValue(em, Coupon, 'usedAt', now),
          actor.storeId,
          visitId,
          actor.staffId ?? null,
          ...codes,
          ...(input.lockedBy ? [input.lockedBy] : []),
        ],
        expect: { rows: codes.length, error: () => CouponErrors.COUPON_ALREADY_USED({ codes }) },
      });
    }
    const payableFen = sel.payableFen;
    const balancePayFen = input.payAllFromBalance ? payableFen : (input.balancePayFen ?? 0);
    if (balancePayFen > 0) {
      if (!member) throw CheckoutErrors.BALANCE_PAY_NEEDS_MEMBER();
      // Spending stored value needs the diner's own rotating member code (or the diner themselves in
      // the mini-program): a coupon code someone photographed must never open the balance.
      if (!input.memberCode && !input.memberId) throw CheckoutErrors.BALANCE_PAY_NEEDS_MEMBER_CODE();
      if (balancePayFen > payableFen) throw CheckoutErrors.BALANCE_PAY_EXCEEDS_PAYABLE();
      await this.wallet.pay(
        em,
        {
          memberId: member.id,
          reason: `消费支付 ${input.orderRef}`,
          idempotencyKey: `visit:${visitId}:pay`,
          refType: 'visit',
          refId: visitId,
          staffId: actor.staffId,
          at: now,
        },
        balancePayFen,
      );
    }
    let pointsEarned = 0;
    let pointsBalance = member?.pointsBalance ?? 0;
    if (memberTier) {
      const { pointsPerYuan } = await this.settings.get(em);
      pointsEarned = pointsForPayment(payableFen, pointsPerYuan, memberTier.pointsMultiplierPercent);
    }
    batch.add(
      insertStatement(em, Visit, [
        {
          id: visitId,
          memberId: member?.id ?? null,
          storeId: actor.storeId,
          amountFen: input.amountFen,
          discountFen: sel.discountFen + sel.memberDiscountFen,
          paidFen: payableFen,
          balancePaidFen: balancePayFen,
          payMethod: payableFen - balancePayFen > 0 ? (input.payMethod ?? null) : null,
          occurredAt: now,
          partySize: input.partySize ?? null,
          channel: actor.channel,
          orderRef: input.orderRef,
          couponCodes: codes,
          couponCount: codes.length,
          pointsEarned,
          status: 'OK',
          voidedAt: null,
          voidReason: null,
          staffId: actor.staffId ?? null,
          posKeyId: actor.posKeyId ?? null,
          importKey: null,
          createdAt: now,
        },
      ]),
    );
    if (member) {
      if (pointsEarned > 0) {
        const move = {
          memberId: member.id,
          points: pointsEarned,
          source: 'VISIT' as const,
          reason: `消费 ${input.orderRef}`,
          idempotencyKey: `visit:${visitId}:earn`,
          refType: 'visit',
          refId: visitId,
          staffId: actor.staffId,
          at: now,
        };
        const earned = locked
          ? await this.points.earnInto(batch, em, move, member.pointsBalance)
          : await this.points.credit(em, move);
        pointsBalance = earned?.balanceAfter ?? pointsBalance;
      }
      // This bill's visit counts towards the growth value read before it was written.
      if (locked) await this.tiers.upgradeIfEarned(em, member, now, growthFen + payableFen, batch);
      else await this.tiers.upgradeIfEarned(em, member, now);
    }
    // The member as this bill leaves them: points after the credit (read under its row lock, or
    // known from the locked look-up — that credit and an upgrade are still in the batch, so a re-read
    // would not show them), the tier after an upgrade; the stored value is read again only when this
    // bill spent it.
    const fresh = !member
      ? null
      : balancePayFen > 0
        ? {
            ...(await em.findOneOrFail(Member, { where: { id: member.id } })),
            ...(locked ? { pointsBalance, tierId: member.tierId } : {}),
          }
        : { ...member, pointsBalance };
    return {
      redemptionId: visitId,
      discountFen: sel.discountFen + sel.memberDiscountFen,
      ...(sel.memberDiscountFen ? { memberDiscountFen: sel.memberDiscountFen } : {}),
      payableFen,
      pointsEarned,
      ...(balancePayFen ? { balancePaidFen: balancePayFen } : {}),
      ...(fresh ? { member: await this.memberSummary(em, fresh) } : {}),
    };
  }

  async void(
    actor: CheckoutActor,
    redemptionId: string,
    input: { requestId: string; reason: string },
  ): Promise<VoidResponseDto> {
    const scope = `${actor.scope}:void`;
    return this.idempotency.run(scope, input.requestId, { redemptionId, ...input }, (em) =>
      this.voidIn(em, actor, redemptionId, input.reason),
    );
  }

  private async voidIn(
    em: EntityManager,
    actor: CheckoutActor,
    redemptionId: string,
    reason: string,
    opts: { ignoreWindow?: boolean } = {},
  ): Promise<VoidResponseDto> {
    const now = new Date();
    const visit = await em.findOne(Visit, { where: { id: redemptionId } });
    // Another store's redemption is reported as not found to a POS key: ids are not an oracle.
    if (!visit) throw CheckoutErrors.REDEMPTION_NOT_FOUND();
    if (!actor.canActOn(visit.storeId)) {
      if (actor.channel === 'POS') throw CheckoutErrors.REDEMPTION_NOT_FOUND();
      throw AuthErrors.STORE_FORBIDDEN();
    }
    if (visit.status === 'VOID') throw CheckoutErrors.REDEMPTION_ALREADY_VOIDED();
    const store = await em.findOneOrFail(Store, { where: { id: visit.storeId } });
    if (!opts.ignoreWindow && now.getTime() - visit.createdAt.getTime() > store.voidWindowMinutes * 60_000) {
      throw CheckoutErrors.VOID_WINDOW_PASSED({ voidWindowMinutes: store.voidWindowMinutes });
    }
    const flipped = await em
      .createQueryBuilder()
      .update(Visit)
      .set({ status: 'VOID', voidedAt: now, voidReason: reason })
      .where({ id: visit.id, status: 'OK' })
      .execute();
    if (flipped.affected !== 1) throw CheckoutErrors.REDEMPTION_ALREADY_VOIDED();

    const used = await em.find(Coupon, { where: { usedVisitId: visit.id, status: 'USED' } });
    const restored: string[] = [];
    for (const c of used) {
      const back = c.validTo > now ? 'AVAILABLE' : 'EXPIRED';
      await em.update(
        Coupon,
        { id: c.id, status: 'USED' },
        { status: back, usedAt: null, usedStoreId: null, usedVisitId: null, usedByStaffId: null },
      );
      if (back === 'AVAILABLE') restored.push(c.code);
    }

    let pointsReversed = 0;
    const earn = await em.findOne(PointsEntry, { where: { idempotencyKey: `visit:${visit.id}:earn` } });
    if (earn && visit.memberId) {
      const entry = await this.points.debit(
        em,
        {
          memberId: visit.memberId,
          points: earn.points,
          source: 'VISIT',
          reason: `撤销消费 ${visit.orderRef ?? ''}`.trim(),
          idempotencyKey: `visit:${visit.id}:reverse`,
          refType: 'visit',
          refId: visit.id,
          staffId: actor.staffId,
          at: now,
        },
        'REVERSE',
        { clampToBalance: true, fromLotId: earn.id },
      );
      pointsReversed = entry ? -entry.points : 0;
    }
    let balanceRefundedFen = 0;
    const pay = await em.findOne(WalletEntry, { where: { idempotencyKey: `visit:${visit.id}:pay` } });
    if (pay && visit.memberId) {
      await this.wallet.credit(
        em,
        {
          memberId: visit.memberId,
          reason: `撤销消费退回储值`,
          idempotencyKey: `visit:${visit.id}:refund`,
          refType: 'visit',
          refId: visit.id,
          staffId: actor.staffId,
          at: now,
        },
        'REVERSE',
        -pay.principalFen,
        -pay.bonusFen,
      );
      balanceRefundedFen = -(pay.principalFen + pay.bonusFen);
    }
    return {
      redemptionId: visit.id,
      status: 'VOID',
      couponsRestored: restored,
      pointsReversed,
      balanceRefundedFen,
    };
  }
}
