import { Injectable } from '@nestjs/common';
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { DataSource, EntityManager, In } from 'typeorm';
import { normalizePhone } from '@tableside/shared';
import { sha256Hex } from '../common/crypto';
import { newOrderedId } from '../common/ids';
import { TransactionRunner } from '../database/transaction-runner';
import { bulkLoad } from '../database/bulk-insert';
import { Member } from '../members/entities/member.entity';
import { MembersService } from '../members/members.service';
import { PointsService } from '../points/points.service';
import { SettingsService } from '../settings/settings.service';
import { Store } from '../stores/entities/store.entity';
import { Tier } from '../tiers/entities/tier.entity';
import { Visit } from '../visits/entities/visit.entity';
import { WalletService } from '../wallet/wallet.service';
import { readCsv } from './csv';
import { AppError } from '../common/app-error';
import { POINTS_MAX } from '../points/points.service';
import { BALANCE_MAX_FEN } from '../wallet/wallet.service';

dayjs.extend(utc);
dayjs.extend(timezone);

export interface ImportReport {
  total: number;
  imported: number;
  skipped: number;
  errors: { line: number; reason: string }[];
}

const MEMBER_HEADER = 'phone,name,gender,birthday,tier,points,balance_fen,joined_at,external_id';
const VISIT_HEADER = 'member_ref,occurred_at,amount_fen,store_code,party_size,order_ref';
const INT = /^\d+$/;
/** Members written in one transaction (each with its ledgers' opening rows). */
const MEMBER_CHUNK = 100;
/** References / keys per lookup query (IN lists). */
const LOOKUP_CHUNK = 1000;
/** Visit batches in flight at once on MySQL (each on its own connection). */
const IMPORT_WRITERS = 3;

/**
 * CSV imports of DESIGN.md §6. Every row is validated before anything is written; bad rows are
 * reported with their line and skipped; a re-run imports nothing twice (natural keys).
 */
@Injectable()
export class ImportsService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly members: MembersService,
    private readonly points: PointsService,
    private readonly wallet: WalletService,
    private readonly settings: SettingsService,
  ) {}

  /**
   * Hands every row after the header to `each` (line, cells), as it is read. Answers the reason the
   * whole file is refused (not CSV, wrong header) — then `each` saw no row — or null.
   */
  private readRows(
    text: string,
    expected: string,
    each: (r: { line: number; cells: string[] }) => void,
  ): string | null {
    let header: string | null = null;
    try {
      readCsv(text, (line, cells) => {
        if (header === null) {
          header = cells.map((c) => c.trim().toLowerCase()).join(',');
          return header === expected;
        }
        each({ line, cells });
      });
    } catch (e) {
      const line = (e as { lines?: number }).lines;
      return `CSV 格式不正确${line ? `（第 ${line} 行附近，可能有未闭合的引号）` : ''}`;
    }
    return header === expected ? null : `表头不正确：应为 ${expected}`;
  }

  /**
   * Writes one row in its own transaction. A row the database refuses is reported with a reason
   * and the import goes on: every row ends imported, skipped or rejected — never silently lost.
   */
  private async writeRow(fail: (reason: string) => void, write: () => Promise<unknown>): Promise<boolean> {
    try {
      await write();
      return true;
    } catch (e) {
      fail(e instanceof AppError ? e.message : '写入失败（数据库拒绝了这一行），请修正后重新导入该行');
      return false;
    }
  }

  /**
   * Writes `rows` a chunk to a transaction, on MySQL IMPORT_WRITERS chunks at once. `writeChunk`
   * answers how many of its rows were new (the others an earlier run imported: skipped). A chunk the
   * database refuses is written again row by row with `writeOne` (1 new, 0 already there), each
   * failure reported with its line — a bad row never blocks a good one. `progress` gets the share
   * written (0–1).
   */
  private async writeInChunks<R extends { line: number }>(
    rows: R[],
    size: number,
    report: ImportReport,
    progress: (share: number) => void,
    writeChunk: (em: EntityManager, chunk: R[]) => Promise<number>,
    writeOne: (em: EntityManager, row: R) => Promise<number> = (em, row) => writeChunk(em, [row]),
  ): Promise<void> {
    const chunks: R[][] = [];
    for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
    let next = 0;
    let written = 0;
    const writer = async () => {
      while (next < chunks.length) {
        const chunk = chunks[next++];
        let inserted = -1;
        await this.writeRow(
          () => undefined,
          async () => (inserted = await this.tx.run((em) => writeChunk(em, chunk))),
        );
        if (inserted >= 0) {
          report.imported += inserted;
          report.skipped += chunk.length - inserted;
        }
        // The chunk was refused as a whole: row by row, each with its own answer.
        else
          for (const row of chunk) {
            const fail = (reason: string) => report.errors.push({ line: row.line, reason });
            let one = -1;
            await this.writeRow(fail, async () => (one = await this.tx.run((em) => writeOne(em, row))));
            if (one === 1) report.imported++;
            else if (one === 0) report.skipped++;
          }
        written += chunk.length;
        progress(written / rows.length);
      }
    };
    await Promise.all(Array.from({ length: this.tx.isMysql ? IMPORT_WRITERS : 1 }, writer));
  }

  private parseTime(s: string, tz: string): Date | null {
    if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
      const d = dayjs.tz(`${s} 12:00:00`, tz);
      return d.isValid() && d.format('YYYY-MM-DD') === s ? d.toDate() : null;
    }
    const d = new Date(s);
    return /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(d.getTime()) ? d : null;
  }

  /**
   * Members: every row is validated first (same reasons as ever); members already known — by phone
   * or external id, from an earlier run or an earlier row of this file — are looked up a thousand at
   * a time and skipped; the rest are written MEMBER_CHUNK to a transaction, each with its opening
   * points and stored value through the ledgers' own code, several transactions at once on MySQL.
   * A chunk the database refuses is written again row by row, so a bad row never blocks a good one.
   */
  async importMembers(text: string, onProgress?: (done: number) => void): Promise<ImportReport> {
    const { timeZone } = await this.settings.get();
    const tiers = await this.ds.getRepository(Tier).find({ order: { rank: 'ASC' } });
    const report: ImportReport = { total: 0, imported: 0, skipped: 0, errors: [] };
    // Progress: validating is the first half of the bar, writing the second.
    const progress = (done: number) => onProgress?.(Math.floor(done));

    // ---- 1. validate every row (nothing is written yet) ----
    const valid: MemberRow[] = [];
    const error = this.readRows(text, MEMBER_HEADER, (r) => {
      if (report.total++ % 5000 === 0) progress(report.total / 2);
      const row = this.validateMember(r, timeZone, tiers, (reason) =>
        report.errors.push({ line: r.line, reason }),
      );
      if (row) valid.push(row);
    });
    if (error) return { total: 0, imported: 0, skipped: 0, errors: [{ line: 1, reason: error }] };

    // ---- 2. known members, a thousand identities at a time; the same person twice in the file ----
    const known = await this.knownIdentities(valid);
    const fresh: MemberRow[] = [];
    for (const m of valid) {
      const ids = [m.phone ? `p:${m.phone}` : null, m.externalId ? `e:${m.externalId}` : null].filter(
        (k): k is string => k !== null,
      );
      if (ids.some((k) => known.has(k))) {
        report.skipped++;
        continue;
      }
      for (const k of ids) known.add(k);
      fresh.push(m);
    }

    // ---- 3. write, a chunk to a transaction (on MySQL several at once) ----
    const lowestTierId = tiers[0]?.id; // none configured: each row fails with the members' own error
    await this.writeInChunks(
      fresh,
      MEMBER_CHUNK,
      report,
      (share) => progress(report.total / 2 + share * (report.total / 2)),
      async (em, chunk) => {
        for (const m of chunk) await this.writeMember(em, m, lowestTierId);
        return chunk.length;
      },
      (em, m) =>
        this.writeMember(em, m, lowestTierId).then(
          () => 1,
          (e: unknown) => {
            // The phone or external id joined since the look-up (another import of the same file,
            // a diner in the mini-program): skipped, as a re-run would skip it.
            if (e instanceof AppError && e.code === 'MEMBER_PHONE_TAKEN') return 0;
            throw e;
          },
        ),
    );
    report.errors.sort((a, b) => a.line - b.line);
    progress(report.total);
    return report;
  }

  private validateMember(
    r: { line: number; cells: string[] },
    timeZone: string,
    tiers: Tier[],
    fail: (reason: string) => void,
  ): MemberRow | null {
    const [phoneRaw, name, gender, birthday, tier, points, balance, joinedAt, externalId] = r.cells.map((c) =>
      (c ?? '').trim(),
    );
    if (r.cells.length !== 9) return (fail(`列数应为 9，实际 ${r.cells.length}`), null);
    const phone = phoneRaw ? normalizePhone(phoneRaw) : null;
    if (phoneRaw && !phone) return (fail(`手机号格式不正确：${phoneRaw}`), null);
    if (!phone && !externalId) return (fail('手机号和 external_id 至少填一个'), null);
    if (
      birthday &&
      !(/^\d{4}-\d{2}-\d{2}$/.test(birthday) && dayjs(birthday).format('YYYY-MM-DD') === birthday)
    )
      return (fail(`生日不是合法日期：${birthday}`), null);
    const g = ({ M: 'M', F: 'F', 男: 'M', 女: 'F', '': 'U', U: 'U' } as const)[gender as 'M'];
    if (!g) return (fail(`性别只能是 M/F/男/女：${gender}`), null);
    const t = tier ? tiers.find((x) => x.code === tier || x.name === tier) : null;
    if (tier && !t) return (fail(`会员等级不存在：${tier}`), null);
    if (points && !(INT.test(points) && Number(points) <= POINTS_MAX))
      return (fail(`积分必须是 0–${POINTS_MAX} 的整数`), null);
    if (balance && !(INT.test(balance) && Number(balance) <= BALANCE_MAX_FEN))
      return (fail(`储值金额必须是 0–${BALANCE_MAX_FEN} 的整数（分）`), null);
    if (name.length > 64) return (fail('姓名最长 64 个字'), null);
    if (externalId.length > 64) return (fail('external_id 最长 64 个字符'), null);
    const joined = joinedAt ? this.parseTime(joinedAt, timeZone) : null;
    if (joinedAt && !joined) return (fail(`入会时间不是合法日期：${joinedAt}`), null);
    return {
      line: r.line,
      phone,
      externalId: externalId || null,
      name: name || null,
      gender: g,
      birthday: birthday || null,
      tierId: t?.id,
      points: points ? Number(points) : 0,
      balanceFen: balance ? Number(balance) : 0,
      joined,
    };
  }

  /** Phones and external ids of `rows` that belong to a member already ('p:…' / 'e:…'). */
  private async knownIdentities(rows: MemberRow[]): Promise<Set<string>> {
    const out = new Set<string>();
    const phones = [...new Set(rows.flatMap((m) => (m.phone ? [m.phone] : [])))];
    const externals = [...new Set(rows.flatMap((m) => (m.externalId ? [m.externalId] : [])))];
    const repo = this.ds.getRepository(Member);
    for (let i = 0; i < phones.length; i += LOOKUP_CHUNK)
      for (const m of await repo.find({
        where: { phone: In(phones.slice(i, i + LOOKUP_CHUNK)) },
        select: { id: true, phone: true },
      }))
        out.add(`p:${m.phone}`);
    for (let i = 0; i < externals.length; i += LOOKUP_CHUNK)
      for (const m of await repo.find({
        where: { externalId: In(externals.slice(i, i + LOOKUP_CHUNK)) },
        select: { id: true, externalId: true },
      }))
        out.add(`e:${m.externalId}`);
    return out;
  }

  /** One member with the points and stored value the old system held (their ledgers' first rows). */
  private async writeMember(
    em: EntityManager,
    r: MemberRow,
    lowestTierId: string | undefined,
  ): Promise<void> {
    const key = r.phone ?? `ext:${r.externalId}`;
    const m = await this.members.create(em, {
      phone: r.phone,
      externalId: r.externalId,
      name: r.name,
      gender: r.gender,
      birthday: r.birthday,
      joinChannel: 'IMPORT',
      tierId: r.tierId ?? lowestTierId,
      createdAt: r.joined ?? undefined,
    });
    if (r.points > 0)
      await this.points.credit(
        em,
        {
          memberId: m.id,
          points: r.points,
          source: 'IMPORT',
          reason: '导入原系统积分',
          idempotencyKey: `import:member:${key}:points`,
        },
        'ADJUST',
      );
    if (r.balanceFen > 0)
      await this.wallet.credit(
        em,
        { memberId: m.id, reason: '导入原系统储值', idempotencyKey: `import:member:${key}:balance` },
        'ADJUST',
        r.balanceFen,
        0,
      );
  }

  /**
   * Visits at bulk speed: every row is validated first (same reasons as ever), members and already
   * imported rows are looked up a thousand at a time, and the new rows are written with multi-row
   * INSERTs. A batch the database refuses is written again row by row, so a bad row never blocks a
   * good one; the import key (a hash of the row) makes a re-run import nothing twice.
   */
  async importVisits(
    text: string,
    opts: { createMembers?: boolean } = {},
    onProgress?: (done: number) => void,
  ): Promise<ImportReport> {
    const { timeZone } = await this.settings.get();
    const stores = new Map((await this.ds.getRepository(Store).find()).map((s) => [s.code, s.id]));
    const report: ImportReport = { total: 0, imported: 0, skipped: 0, errors: [] };
    // Progress: validating is the first half of the bar, writing the second.
    const progress = (done: number) => onProgress?.(Math.floor(done));

    // ---- 1. validate every row (nothing is written yet) ----
    const valid: VisitRow[] = [];
    const error = this.readRows(text, VISIT_HEADER, (r) => {
      if (report.total++ % 5000 === 0) progress(report.total / 2);
      const row = this.validateVisit(r, timeZone, stores, (reason) =>
        report.errors.push({ line: r.line, reason }),
      );
      if (row) valid.push(row);
    });
    if (error) return { total: 0, imported: 0, skipped: 0, errors: [{ line: 1, reason: error }] };

    // ---- 2. members, a thousand references at a time ----
    const memberOf = await this.membersByRef(valid);
    const pending: VisitRow[] = [];
    const seen = new Set<string>();
    for (const v of valid) {
      if (!memberOf.has(memberKey(v)) && !opts.createMembers) {
        report.errors.push({ line: v.line, reason: `会员不存在：${v.ref}` });
        continue;
      }
      if (seen.has(v.importKey)) {
        report.skipped++; // the same row twice in one file
        continue;
      }
      seen.add(v.importKey);
      pending.push(v);
    }
    valid.length = 0; // a million rows: let the collector have what is not written
    seen.clear();
    // Rows an earlier run imported are recognised by their import key as they are written (step 5).
    // Written oldest first: the visit table's time indexes (ix_visit_time, ix_visit_store_time) then
    // grow at their ends instead of taking each row on a random page of a million-row index — 16–20%
    // less of MySQL's CPU for a file in random order; a till's export is in order already, and
    // sorting it costs nothing.
    const fresh = pending.sort((a, b) => a.at - b.at);

    // ---- 4. members the file introduces (createMembers), once each, before any visit ----
    if (opts.createMembers) await this.createMissingMembers(fresh, memberOf);

    // ---- 5. write in batches: on MySQL several at once (one core cannot feed InnoDB's index work) ----
    // A re-run (the way to finish an import that stopped) meets rows already there: a row the
    // database turns away as a duplicate costs it more than a new one (the row is written, then
    // taken back), a look-up by import key a fraction of that. So once a chunk met such rows, the
    // following chunks look their keys up first — until one finds none.
    const reRun = { lookFirst: false };
    await this.writeInChunks(
      fresh,
      this.tx.isMysql ? 1000 : 400, // SQLite binds at most 32,766 parameters
      report,
      (share) => progress(report.total / 2 + share * (report.total / 2)),
      async (em, chunk) => {
        let rows = chunk;
        if (reRun.lookFirst) {
          const there = await this.importedKeys(em, chunk);
          rows = chunk.filter((v) => !there.has(v.importKey));
          reRun.lookFirst = there.size > 0;
        }
        const inserted = await this.insertVisits(em, rows, memberOf);
        if (inserted < rows.length) reRun.lookFirst = true;
        return inserted;
      },
      (em, row) => this.insertVisits(em, [row], memberOf),
    );
    report.errors.sort((a, b) => a.line - b.line);
    progress(report.total);
    return report;
  }

  private validateVisit(
    r: { line: number; cells: string[] },
    timeZone: string,
    stores: Map<string, string>,
    fail: (reason: string) => void,
  ): VisitRow | null {
    const [ref, occurred, amount, storeCode, party, orderRef] = r.cells.map((c) => (c ?? '').trim());
    if (r.cells.length !== 6) return (fail(`列数应为 6，实际 ${r.cells.length}`), null);
    if (!ref) return (fail('member_ref 不能为空'), null);
    if (ref.length > 64 || orderRef.length > 64)
      return (fail('member_ref 和 order_ref 最长 64 个字符'), null);
    const at = this.parseTime(occurred, timeZone);
    if (!at) return (fail(`消费时间不是合法日期：${occurred}`), null);
    if (!INT.test(amount) || Number(amount) > 100_000_000)
      return (fail(`金额必须是非负整数（分）：${amount}`), null);
    const storeId = stores.get(storeCode);
    if (!storeId) return (fail(`门店编码不存在：${storeCode}`), null);
    if (party && (!INT.test(party) || Number(party) < 1 || Number(party) > 200))
      return (fail(`人数必须是 1–200 的整数：${party}`), null);
    const phone = normalizePhone(ref);
    return {
      line: r.line,
      ref,
      phone,
      at: at.getTime(),
      amountFen: Number(amount),
      storeId,
      partySize: party ? Number(party) : null,
      orderRef: orderRef || null,
      importKey: sha256Hex(`${ref}|${at.toISOString()}|${amount}|${storeCode}|${orderRef}`).slice(0, 64),
    };
  }

  /** Members by reference: a phone (any spelling, normalised) or an external id → member id. */
  private async membersByRef(rows: VisitRow[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const phones = [...new Set(rows.filter((v) => v.phone).map((v) => v.phone!))];
    const externals = [...new Set(rows.filter((v) => !v.phone).map((v) => v.ref))];
    const repo = this.ds.getRepository(Member);
    for (let i = 0; i < phones.length; i += LOOKUP_CHUNK) {
      const found = await repo.find({
        where: { phone: In(phones.slice(i, i + LOOKUP_CHUNK)) },
        select: { id: true, phone: true },
      });
      for (const m of found) out.set(m.phone!, m.id);
    }
    for (let i = 0; i < externals.length; i += LOOKUP_CHUNK) {
      const found = await repo.find({
        where: { externalId: In(externals.slice(i, i + LOOKUP_CHUNK)) },
        select: { id: true, externalId: true },
      });
      for (const m of found) out.set(m.externalId!, m.id);
    }
    return out;
  }

  /** createMembers: a member for each reference not known yet (once per reference). */
  private async createMissingMembers(rows: VisitRow[], memberOf: Map<string, string>): Promise<void> {
    for (const v of rows) {
      if (memberOf.has(memberKey(v))) continue;
      const m = await this.tx.run((em) =>
        this.members.create(em, {
          phone: v.phone,
          externalId: v.phone ? null : v.ref,
          joinChannel: 'IMPORT',
          joinStoreId: v.storeId,
          createdAt: new Date(v.at),
        }),
      );
      memberOf.set(memberKey(v), m.id);
    }
  }

  /** The import keys of `rows` that an earlier run already wrote. */
  private async importedKeys(em: EntityManager, rows: VisitRow[]): Promise<Set<string>> {
    const found: { k: string }[] = await em.query(
      `SELECT import_key AS k FROM visit WHERE import_key IN (${rows.map(() => '?').join(', ')})`,
      rows.map((v) => v.importKey),
    );
    return new Set(found.map((r) => r.k));
  }

  private async insertVisits(
    em: EntityManager,
    rows: VisitRow[],
    memberOf: Map<string, string>,
  ): Promise<number> {
    if (!rows.length) return 0;
    const now = new Date();
    return bulkLoad(
      em,
      Visit,
      rows.map((v) => ({
        id: newOrderedId(),
        memberId: memberOf.get(memberKey(v))!,
        storeId: v.storeId,
        amountFen: v.amountFen,
        discountFen: 0,
        paidFen: v.amountFen,
        balancePaidFen: 0,
        payMethod: null,
        occurredAt: new Date(v.at),
        partySize: v.partySize,
        channel: 'IMPORT' as const,
        orderRef: v.orderRef,
        couponCodes: [],
        couponCount: 0,
        pointsEarned: 0,
        status: 'OK' as const,
        voidedAt: null,
        voidReason: null,
        staffId: null,
        posKeyId: null,
        importKey: v.importKey,
        createdAt: now,
      })),
      { skipDuplicatesOf: ['importKey'] },
    );
  }
}

/**
 * The member a visit row names: its normalised phone, or else its external id. One key space serves
 * both: a reference that is not a phone is one `normalizePhone` refused, and every normalised phone
 * is one it accepts — so an external id here can never equal a phone (and no key string is built
 * for each of a million rows).
 */
const memberKey = (v: VisitRow): string => v.phone ?? v.ref;

interface VisitRow {
  line: number;
  ref: string;
  phone: string | null;
  /** When the bill was paid, in epoch milliseconds (a number: a million Date objects are GC work). */
  at: number;
  amountFen: number;
  storeId: string;
  partySize: number | null;
  orderRef: string | null;
  importKey: string;
}

interface MemberRow {
  line: number;
  phone: string | null;
  externalId: string | null;
  name: string | null;
  gender: 'M' | 'F' | 'U';
  birthday: string | null;
  tierId: string | undefined;
  points: number;
  balanceFen: number;
  joined: Date | null;
}
