import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { computeCouponValidity } from '@tableside/shared';
import { AppError } from '../common/app-error';
import { Member } from '../members/entities/member.entity';
import { ChainSettings } from '../settings/entities/chain-settings.entity';
import { afterQuietHours, OPT_OUT_LINE, usableTemplate } from './delivery';
import { Campaign } from './entities/campaign.entity';

dayjs.extend(utc);
dayjs.extend(timezone);

/** MySQL batches are this many times the Node path's (one statement per table per batch). */
export const SQL_BATCH_FACTOR = 10;

/** The same reachability as `reachable` in delivery.ts, in SQL over member `m`. */
const SMS_OK = '(m.consent_sms = 1 AND m.phone IS NOT NULL)';
const WECHAT_OK = '(m.consent_wechat = 1 AND m.openid IS NOT NULL)';

/** A coupon code made by the database: "6" + 19 digits from its CSPRNG (the same shape as newCouponCode). */
const SQL_COUPON_CODE =
  "CONCAT('6', LPAD(CAST(CONV(HEX(RANDOM_BYTES(8)), 16, 10) AS DECIMAL(20,0)) MOD 10000000000000000000, 19, '0'))";

/**
 * One campaign batch on MySQL/MariaDB, set-based: the same decisions as `deliver()` — consent, the
 * 7/30-day cap over TREATED touches, the holdout (CRC32 of campaign + member, the same draw as
 * shared `inHoldout`), stock — made by the database in one INSERT … SELECT of the delivery rows,
 * then one INSERT … SELECT each for the coupons (codes from RANDOM_BYTES) and the SMS outbox rows
 * (text filled in SQL), the counters from one GROUP BY and the cursor. Nothing per member crosses
 * to Node; the caller's transaction holds the campaign row, so workers still take turns.
 * Returns true when the audience is exhausted.
 */
export async function bulkStep(
  em: EntityManager,
  c: Campaign,
  members: SelectQueryBuilder<Member>,
  settings: ChainSettings,
  now: Date,
  size: number,
): Promise<boolean> {
  const q = (sql: string, params: unknown[] = []) =>
    em.query(sql, params) as Promise<Record<string, unknown>[]>;
  const [subSql, subParams] = members
    .select('m.id', 'id')
    .take(undefined)
    .limit(size)
    .getQueryAndParameters();
  // Walk the members in id order from the cursor (a bounded pass over the table for the whole run):
  // left alone, the optimizer reads every remaining audience member through a filter's index and
  // sorts them, for every batch.
  const walk = subSql.replace('FROM `member` `m`', 'FROM `member` `m` FORCE INDEX (PRIMARY)');
  const since7 = dayjs(now).subtract(7, 'day').toDate();
  const since30 = dayjs(now).subtract(30, 'day').toDate();
  const touches = (since: string) =>
    `(SELECT COUNT(*) FROM campaign_delivery t WHERE t.member_id = m.id AND t.grp = 'TREATED' AND t.created_at >= ${since})`;
  const inserted = await q(
    `INSERT INTO campaign_delivery (id, campaign_id, member_id, occurrence, grp, created_at)
     SELECT UUID(), ?, m.id, '', CASE
         WHEN (? OR ?) AND NOT ((? AND ${SMS_OK}) OR (? AND ${WECHAT_OK})) THEN 'NO_CONSENT'
         WHEN ${touches('?')} >= ? OR ${touches('?')} >= ? THEN 'CAPPED'
         WHEN CRC32(CONCAT(?, ':', m.id)) % 10000 < ? THEN 'HOLDOUT'
         ELSE 'TREATED' END, ?
     FROM (${walk}) b JOIN member m ON m.id = b.id`,
    [
      c.id,
      c.smsText ? 1 : 0,
      c.wechat ? 1 : 0,
      c.smsText ? 1 : 0,
      c.wechat ? 1 : 0,
      since7,
      settings.capPer7Days,
      since30,
      settings.capPer30Days,
      c.id,
      c.holdoutPercent * 100,
      now,
      ...subParams,
    ],
  );
  const affected = (inserted as unknown as { affectedRows?: number }).affectedRows ?? 0;
  if (!affected) {
    await em.update(Campaign, { id: c.id }, { state: 'DONE', finishedAt: now, updatedAt: now });
    return true;
  }
  const range = 'd.campaign_id = ? AND d.member_id > ? AND d.member_id <= ?';
  const deliveries = 'campaign_delivery d FORCE INDEX (uq_delivery_source_member_occurrence)';
  const [{ last }] = await q(
    'SELECT MAX(member_id) AS last FROM campaign_delivery WHERE campaign_id = ? AND member_id > ?',
    [c.id, c.cursor],
  );
  const bounds = [c.id, c.cursor, String(last)];
  const groups = await q(
    `SELECT d.grp AS g, COUNT(*) AS n FROM ${deliveries} WHERE ${range} GROUP BY d.grp`,
    bounds,
  );
  const count: Record<string, number> = { TREATED: 0, HOLDOUT: 0, NO_CONSENT: 0, CAPPED: 0, NO_STOCK: 0 };
  for (const x of groups) count[String(x.g)] = Number(x.n);

  let coupons = 0;
  let expiry = '';
  let couponName = '';
  if (c.templateId) {
    const t = await usableTemplate(em, c.templateId, now);
    couponName = t.name;
    let treated = count.TREATED;
    if (t.stock !== null) {
      const room = Math.max(0, Math.floor((t.stock - t.issuedCount) / c.couponCount));
      if (treated > room) {
        // Past the stock: the treated after the first `room` (in member order) get nothing, recorded.
        const [cut] = await q(
          `SELECT d.member_id AS id FROM ${deliveries} WHERE ${range} AND d.grp = 'TREATED'
           ORDER BY d.member_id LIMIT 1 OFFSET ${room}`,
          bounds,
        );
        await q(
          `UPDATE campaign_delivery d SET d.grp = 'NO_STOCK' WHERE ${range} AND d.grp = 'TREATED' AND d.member_id >= ?`,
          [...bounds, cut.id],
        );
        count.NO_STOCK += treated - room;
        count.TREATED = room;
        treated = room;
      }
    }
    if (treated) {
      const n = treated * c.couponCount;
      const res = await em
        .createQueryBuilder()
        .update('coupon_template')
        .set({ issuedCount: () => `issued_count + ${n}` })
        .where('id = :id AND (stock IS NULL OR issued_count + :n <= stock)', { id: t.id, n })
        .execute();
      if (res.affected !== 1) throw new AppError('CAMPAIGN_STOCK_RACE', 409, '券库存刚被占用，本批将重试');
      const validity = computeCouponValidity(
        { validFrom: t.validFrom, validTo: t.validTo, validDays: t.validDays },
        now,
        settings.timeZone,
      );
      expiry = dayjs(validity.validTo).tz(settings.timeZone).format('YYYY-MM-DD');
      const copies = Array.from({ length: c.couponCount }, (_, k) => `SELECT ${k + 1} AS k`).join(
        ' UNION ALL ',
      );
      await q(
        `INSERT INTO coupon (id, code, template_id, member_id, status, valid_from, valid_to, issued_at,
            issue_channel, issue_ref, used_at, used_store_id, used_visit_id, used_by_staff_id)
         SELECT UUID(), ${SQL_COUPON_CODE}, ?, d.member_id, 'AVAILABLE', ?, ?, ?, 'CAMPAIGN', ?, NULL, NULL, NULL, NULL
         FROM ${deliveries} JOIN (${copies}) k
         WHERE ${range} AND d.grp = 'TREATED'`,
        [t.id, validity.validFrom, validity.validTo, now, c.id, ...bounds],
      );
      coupons = n;
    }
  }
  let sms = 0;
  if (c.smsText) {
    // renderSms in SQL: {coupon} and {expiry} first, the name last (a name is never re-read as a variable).
    const text = c.smsText.includes(OPT_OUT_LINE) ? c.smsText : `${c.smsText} ${OPT_OUT_LINE}`;
    const res = await q(
      `INSERT INTO sms_message (id, member_id, campaign_id, phone, text, kind, status, attempts, send_after,
          created_at, sent_at, provider_ref, error)
       SELECT UUID(), d.member_id, ?, m.phone,
         REPLACE(REPLACE(REPLACE(?, '{coupon}', COALESCE(x.code, '')), '{expiry}', IF(x.code IS NULL, '', ?)),
           '{name}', COALESCE(m.name, '会员')),
         'MARKETING', 'QUEUED', 0, ?, ?, NULL, NULL, NULL
       FROM ${deliveries} JOIN member m ON m.id = d.member_id
       LEFT JOIN (SELECT member_id, MIN(code) AS code FROM coupon WHERE issue_ref = ? AND member_id > ? AND member_id <= ?
         GROUP BY member_id) x ON x.member_id = d.member_id
       WHERE ${range} AND d.grp = 'TREATED' AND ${SMS_OK}`,
      [c.id, text, expiry, afterQuietHours(now, settings), now, c.id, c.cursor, String(last), ...bounds],
    );
    sms = (res as unknown as { affectedRows?: number }).affectedRows ?? 0;
  }
  let wechat = 0;
  if (c.wechat) {
    const res = await q(
      `INSERT INTO wechat_message (id, member_id, source_id, openid, template, data, status, attempts, created_at,
          sent_at, error)
       SELECT UUID(), d.member_id, ?, m.openid, 'COUPON_ARRIVED',
         IF(x.code IS NULL, JSON_OBJECT('title', ?), JSON_OBJECT('title', ?, 'couponName', ?, 'expiry', ?)),
         'QUEUED', 0, ?, NULL, NULL
       FROM ${deliveries} JOIN member m ON m.id = d.member_id
       LEFT JOIN (SELECT member_id, MIN(code) AS code FROM coupon WHERE issue_ref = ? AND member_id > ? AND member_id <= ?
         GROUP BY member_id) x ON x.member_id = d.member_id
       WHERE ${range} AND d.grp = 'TREATED' AND ${WECHAT_OK}`,
      [c.id, c.name, c.name, couponName, expiry, now, c.id, c.cursor, String(last), ...bounds],
    );
    wechat = (res as unknown as { affectedRows?: number }).affectedRows ?? 0;
  }
  const g = (k: string) => count[k];
  await em.update(
    Campaign,
    { id: c.id },
    {
      state: 'RUNNING',
      cursor: String(last),
      startedAt: c.startedAt ?? now,
      audienceCount: c.audienceCount + affected,
      holdoutCount: c.holdoutCount + g('HOLDOUT'),
      treatedCount: c.treatedCount + g('TREATED'),
      couponsIssued: c.couponsIssued + coupons,
      smsQueued: c.smsQueued + sms,
      wechatQueued: c.wechatQueued + wechat,
      excludedConsent: c.excludedConsent + g('NO_CONSENT'),
      excludedCap: c.excludedCap + g('CAPPED'),
      excludedStock: c.excludedStock + g('NO_STOCK'),
      updatedAt: now,
    },
  );
  return false;
}
