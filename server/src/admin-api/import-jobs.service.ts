import { Injectable } from '@nestjs/common';
import { DataSource, In, LessThan } from 'typeorm';
import { TransactionRunner } from '../database/transaction-runner';
import { ImportJob, ImportJobError, ImportJobPart } from './import-job.entity';
import { AppError } from '../common/app-error';
import { newId } from '../common/ids';
import { InsightsService } from '../insights/insights.service';
import { AuditService } from '../audit/audit.service';
import type { StaffPrincipal } from '../auth/principals';
import { ImportsService } from '../imports/imports.service';
import { toCsv } from '../imports/csv';
import type { ImportJobDto } from './dto';

const MAX_BYTES = 50 * 1024 * 1024;
/** Finished imports (and their error reports) are kept this long. */
const KEEP_MS = 7 * 24 * 3600 * 1000;
/** A RUNNING import that has not moved for this long lost its instance (restart, crash). */
const STALE_MS = 10 * 60 * 1000;
const PART_CHARS = 16_000;

const ImportErrors = {
  IMPORT_NOT_FOUND: () => new AppError('IMPORT_NOT_FOUND', 404, '导入任务不存在或已过期'),
  IMPORT_NOT_UPLOADING: () => new AppError('IMPORT_NOT_UPLOADING', 409, '该导入任务已开始，不能再追加内容'),
  IMPORT_TOO_LARGE: () => new AppError('IMPORT_TOO_LARGE', 413, '文件过大：单个文件最多 50 MB，请拆分后导入'),
};

/**
 * CSV imports from the admin: the browser sends the file in pieces (each under the request size
 * limit), then the same ImportsService as the CLI runs in the background while the page polls the
 * progress. Job, uploaded text, progress and error report live in the database: any instance takes
 * the next piece or answers the poll; the instance that receives the last piece runs the import and
 * writes its progress (a heartbeat) as it goes. If that instance stops, the job stops moving and is
 * reported as interrupted — re-running the same file is safe (rows already imported are skipped).
 */
@Injectable()
export class ImportJobsService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly imports: ImportsService,
    private readonly audit: AuditService,
    private readonly insights: InsightsService,
  ) {}

  private async view(j: ImportJob): Promise<ImportJobDto> {
    const { id, kind, fileName, status, total, processed, imported, skipped, failure } = j;
    const errors = await this.ds
      .getRepository(ImportJobError)
      .find({ where: { jobId: id }, order: { line: 'ASC' }, select: { line: true, reason: true } });
    return {
      id,
      kind,
      fileName,
      status,
      total,
      processed,
      imported,
      skipped,
      errors: errors.map((e) => ({ line: e.line, reason: e.reason })),
      failure,
    };
  }

  private async own(staff: StaffPrincipal, id: string): Promise<ImportJob> {
    const j = await this.ds.getRepository(ImportJob).findOne({ where: { id } });
    if (!j || j.staffId !== staff.id) throw ImportErrors.IMPORT_NOT_FOUND();
    return j;
  }

  async start(
    staff: StaffPrincipal,
    kind: 'members' | 'visits',
    createMembers: boolean,
    fileName?: string,
  ): Promise<ImportJobDto> {
    const now = new Date();
    const old = await this.ds.getRepository(ImportJob).find({
      where: { createdAt: LessThan(new Date(now.getTime() - KEEP_MS)) },
      select: { id: true },
      take: 100,
    });
    if (old.length)
      await this.tx.run(async (em) => {
        const ids = old.map((o) => o.id);
        await em.delete(ImportJobError, { jobId: In(ids) });
        await em.delete(ImportJobPart, { jobId: In(ids) });
        await em.delete(ImportJob, { id: In(ids) });
      });
    const job: ImportJob = {
      id: newId(),
      staffId: staff.id,
      kind,
      fileName: fileName ?? null,
      status: 'UPLOADING',
      createMembers,
      bytes: 0,
      chunks: 0,
      total: 0,
      processed: 0,
      imported: 0,
      skipped: 0,
      failure: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.ds.getRepository(ImportJob).insert(job);
    return this.view(job);
  }

  async append(staff: StaffPrincipal, id: string, text: string, last: boolean): Promise<ImportJobDto> {
    const j = await this.own(staff, id);
    if (j.status !== 'UPLOADING') throw ImportErrors.IMPORT_NOT_UPLOADING();
    if (j.bytes + text.length > MAX_BYTES) {
      await this.tx.run(async (em) => {
        await em.delete(ImportJobPart, { jobId: id });
        await em.delete(ImportJob, { id });
      });
      throw ImportErrors.IMPORT_TOO_LARGE();
    }
    const started = await this.tx.run(async (em) => {
      // The piece counter moves by a conditional update: a piece sent twice at once lands once.
      const moved = await em
        .createQueryBuilder()
        .update(ImportJob)
        .set({
          chunks: () => 'chunks + 1',
          bytes: () => `bytes + ${text.length}`,
          updatedAt: new Date(),
          ...(last ? { status: 'RUNNING' as const } : {}),
        })
        .where({ id, status: 'UPLOADING', chunks: j.chunks })
        .execute();
      if (moved.affected !== 1) throw ImportErrors.IMPORT_NOT_UPLOADING();
      for (let i = 0, part = 0; i < text.length; i += PART_CHARS, part++)
        await em.insert(ImportJobPart, {
          jobId: id,
          seq: j.chunks * 1000 + part,
          text: text.slice(i, i + PART_CHARS),
        });
      return last;
    });
    const fresh = await this.own(staff, id);
    if (started) void this.run(staff, fresh);
    return this.view(fresh);
  }

  async get(staff: StaffPrincipal, id: string): Promise<ImportJobDto> {
    let j = await this.own(staff, id);
    if (j.status === 'RUNNING' && Date.now() - j.updatedAt.getTime() > STALE_MS) {
      await this.ds.getRepository(ImportJob).update(
        { id, status: 'RUNNING', updatedAt: j.updatedAt },
        {
          status: 'FAILED',
          failure: `导入中断（服务器重启或故障）：已处理 ${j.processed} / ${j.total} 行；重新上传同一文件即可继续（已导入的行不会重复导入）`,
        },
      );
      j = await this.own(staff, id);
    }
    return this.view(j);
  }

  /** The rejected rows as a CSV the person can fix and upload again. */
  async errorsCsv(staff: StaffPrincipal, id: string): Promise<string> {
    const j = await this.view(await this.own(staff, id));
    return toCsv(
      ['行号', '原因'],
      j.errors.map((e) => [e.line, e.reason]),
    );
  }

  private async run(staff: StaffPrincipal, job: ImportJob): Promise<void> {
    const repo = this.ds.getRepository(ImportJob);
    const parts = await this.ds
      .getRepository(ImportJobPart)
      .find({ where: { jobId: job.id }, order: { seq: 'ASC' } });
    const text = parts.map((p) => p.text).join('');
    const total = Math.max(0, text.split(/\r?\n/).filter((l) => l.trim() !== '').length - 1);
    await repo.update({ id: job.id }, { total, updatedAt: new Date() });
    let processed = 0;
    let written = Promise.resolve();
    const progress = (n: number) => {
      processed = n;
      // The progress is the heartbeat; one write at a time, never blocking the import.
      written = written.then(() =>
        repo.update({ id: job.id }, { processed: n, updatedAt: new Date() }).then(() => undefined),
      );
    };
    try {
      const report =
        job.kind === 'members'
          ? await this.imports.importMembers(text, progress)
          : await this.imports.importVisits(text, { createMembers: job.createMembers }, progress);
      await written;
      // A file that is not this import at all (wrong header, broken CSV) fails loudly, with the
      // expected header in the message — never a green "done" with nothing imported.
      const fileRejected = report.total === 0 && report.errors.length === 1 && report.errors[0].line === 1;
      // New members or visits change everyone's figures (quintiles are relative): refresh the insight
      // before saying done. A refresh already running (another import, the schedule) covers it.
      if (report.imported > 0) await this.insights.refreshAfterImport();
      await this.tx.run(async (em) => {
        const rows = report.errors.map((e) => ({
          id: newId(),
          jobId: job.id,
          line: e.line,
          reason: e.reason.slice(0, 300),
        }));
        for (let i = 0; i < rows.length; i += 500) await em.insert(ImportJobError, rows.slice(i, i + 500));
        await em.delete(ImportJobPart, { jobId: job.id });
        await em.update(
          ImportJob,
          { id: job.id },
          {
            status: fileRejected ? 'FAILED' : 'DONE',
            failure: fileRejected ? report.errors[0].reason.slice(0, 400) : null,
            total: report.total,
            processed: report.total,
            imported: report.imported,
            skipped: report.skipped,
            updatedAt: new Date(),
          },
        );
      });
      await this.audit.record(staff, {
        action: `import.${job.kind}`,
        detail: {
          fileName: job.fileName,
          total: report.total,
          imported: report.imported,
          errors: report.errors.length,
        },
      });
    } catch (e) {
      // Rows are written one by one and reported as they go; reaching here means the run stopped
      // (e.g. the database went away). Say how far it got: the rest is untouched and a re-run is safe.
      await written.catch(() => undefined);
      await repo
        .update(
          { id: job.id },
          {
            status: 'FAILED',
            failure: `${
              e instanceof AppError ? e.message : '导入中断'
            }：已处理 ${processed} / ${total} 行，其余行未导入；重新上传同一文件即可继续（已导入的行不会重复导入）`.slice(
              0,
              400,
            ),
            updatedAt: new Date(),
          },
        )
        .catch(() => undefined);
    }
  }
}
