import { Injectable } from '@nestjs/common';
import { randomBytes, randomInt } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { Gender, JoinChannel } from '@tableside/shared';
import { newId } from '../common/ids';
import { coalescedRead } from '../database/read-coalescer';
import { columnsOf, hydrate, isMysql, sqlValue } from '../database/lean-select';
import { Visit } from '../visits/entities/visit.entity';
import { isUniqueViolation } from '../database/transaction-runner';
import { SettingsService } from '../settings/settings.service';
import { Coupon } from '../coupons/entities/coupon.entity';
import { Tier } from '../tiers/entities/tier.entity';
import { Member } from './entities/member.entity';
import { memberCodeAt, parseMemberCode, secondsUntilRotation, verifyMemberOtp } from './member-code';
import { MemberErrors } from './members.errors';

export interface NewMember {
  id?: string;
  phone?: string | null;
  openid?: string | null;
  unionid?: string | null;
  externalId?: string | null;
  name?: string | null;
  gender?: Gender;
  birthday?: string | null;
  joinStoreId?: string | null;
  joinChannel: JoinChannel;
  tierId?: string;
  createdAt?: Date;
}

@Injectable()
export class MembersService {
  constructor(
    private readonly ds: DataSource,
    private readonly settings: SettingsService,
  ) {}

  async lowestTier(em: EntityManager = this.ds.manager): Promise<Tier> {
    const [tier] = await em.find(Tier, { order: { rank: 'ASC' }, take: 1 });
    if (!tier) throw MemberErrors.NO_TIERS_CONFIGURED();
    return tier;
  }

  /** Creates a member with a random unique member number (retried on the rare collision). */
  async create(em: EntityManager, input: NewMember): Promise<Member> {
    const tierId = input.tierId ?? (await this.lowestTier(em)).id;
    const now = new Date();
    for (let attempt = 0; ; attempt++) {
      const member = em.create(Member, {
        id: input.id ?? newId(),
        memberNo: randomInt(100_000_000, 1_000_000_000),
        phone: input.phone ?? null,
        openid: input.openid ?? null,
        unionid: input.unionid ?? null,
        externalId: input.externalId ?? null,
        name: input.name ?? null,
        gender: input.gender ?? 'U',
        birthday: input.birthday ?? null,
        joinStoreId: input.joinStoreId ?? null,
        joinChannel: input.joinChannel,
        tierId,
        pointsBalance: 0,
        balancePrincipalFen: 0,
        balanceBonusFen: 0,
        consentSms: false,
        consentWechat: false,
        consentUpdatedAt: null,
        consentChannel: null,
        tags: [],
        codeSecret: randomBytes(20).toString('hex'),
        deletedAt: null,
        createdAt: input.createdAt ?? now,
        updatedAt: now,
      });
      try {
        await em.insert(Member, member);
        return member;
      } catch (e) {
        // A member-number collision is retried; a phone/openid collision is the caller's to handle.
        if (isUniqueViolation(e) && attempt < 5 && !(await this.identityTaken(em, input))) continue;
        if (isUniqueViolation(e)) throw MemberErrors.MEMBER_PHONE_TAKEN();
        throw e;
      }
    }
  }

  private async identityTaken(em: EntityManager, input: NewMember): Promise<boolean> {
    const where = [
      input.phone ? { phone: input.phone } : null,
      input.openid ? { openid: input.openid } : null,
      input.externalId ? { externalId: input.externalId } : null,
    ].filter((w): w is NonNullable<typeof w> => w !== null);
    return where.length > 0 && (await em.exists(Member, { where }));
  }

  async get(id: string, em: EntityManager = this.ds.manager): Promise<Member> {
    const m = await em.findOne(Member, { where: { id } });
    if (!m) throw MemberErrors.MEMBER_NOT_FOUND();
    return m;
  }

  async currentCode(
    member: Member,
    nowMs = Date.now(),
  ): Promise<{ code: string; expiresInSeconds: number; stepSeconds: number }> {
    const { memberCodeStepSeconds: step } = await this.settings.get();
    return {
      code: memberCodeAt(member.memberNo, member.codeSecret, nowMs, step),
      expiresInSeconds: secondsUntilRotation(nowMs, step),
      stepSeconds: step,
    };
  }

  /** Resolves a scanned rotating code to its member, or MEMBER_CODE_INVALID. */
  async resolveCode(code: string, em: EntityManager = this.ds.manager, nowMs = Date.now()): Promise<Member> {
    return (await this.resolveCodeWithCoupons(code, em, [], {}, nowMs)).member;
  }

  /**
   * `resolveCode` and, in the same statement, the member's coupons a bill needs: those with the
   * scanned `codes` (in any state) and, with `wallet`, every AVAILABLE one, soonest to expire first.
   * The till's look-up — one round trip where it was three.
   *
   * `forCommit` (inside the commit's transaction): the member row and those coupons are locked
   * (FOR UPDATE on MySQL; SQLite runs one transaction at a time), so the points balance read here is
   * the balance the bill's credit adds to, and the member's growth value (paid in OK visits since
   * `growthSince`) comes along for the tier check — two statements fewer per bill.
   */
  async resolveCodeWithCoupons(
    code: string,
    em: EntityManager,
    codes: string[],
    opts: { wallet?: boolean; forCommit?: { growthSince: Date } } = {},
    nowMs = Date.now(),
  ): Promise<{ member: Member; coupons: Coupon[]; growthFen?: number }> {
    const parsed = parseMemberCode(code.trim());
    if (!parsed) throw MemberErrors.MEMBER_CODE_INVALID();
    const { wallet, forCommit } = opts;
    const which = [
      ...(wallet ? ['c.status = ?'] : []),
      ...(codes.length ? [`c.code IN (${codes.map(() => '?').join(', ')})`] : []),
    ];
    const growth = forCommit
      ? `, (SELECT COALESCE(SUM(v.paid_fen), 0) FROM visit v
           WHERE v.member_id = m.id AND v.status = 'OK' AND v.occurred_at >= ?) AS growth_fen`
      : '';
    const rows = await coalescedRead(
      em,
      `SELECT ${columnsOf(em, Member, 'm')}${which.length ? `, ${columnsOf(em, Coupon, 'c')}` : ''}${growth}
       FROM member m
       ${which.length ? `LEFT JOIN coupon c ON c.member_id = m.id AND (${which.join(' OR ')})` : ''}
       WHERE m.member_no = ?${which.length ? ' ORDER BY c.valid_to ASC' : ''}${forCommit && isMysql(em) ? ' FOR UPDATE' : ''}`,
      [
        ...(forCommit ? [sqlValue(em, Visit, 'occurredAt', forCommit.growthSince)] : []),
        ...(wallet ? ['AVAILABLE'] : []),
        ...codes,
        parsed.memberNo,
      ],
    );
    const found = rows.length ? hydrate(em, Member, rows[0], 'm') : null;
    const coupons = which.length
      ? rows.map((r) => hydrate(em, Coupon, r, 'c')).filter((c): c is Coupon => !!c)
      : [];
    const { memberCodeStepSeconds: step } = await this.settings.get(em);
    if (!found || !verifyMemberOtp(parsed.otp, found.codeSecret, nowMs, step))
      throw MemberErrors.MEMBER_CODE_INVALID();
    if (found.deletedAt) throw MemberErrors.MEMBER_DELETED();
    return { member: found, coupons, ...(forCommit ? { growthFen: Number(rows[0].growth_fen) } : {}) };
  }
}
