import { Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error';
import { newId } from '../common/ids';
import { InsightsService } from '../insights/insights.service';
import { AuditService } from '../audit/audit.service';
import type { StaffPrincipal } from '../auth/principals';
import { ImportsService } from '../imports/imports.service';
import { toCsv } from '../imports/csv';
import type { ImportJobDto } from './dto';

interface Job extends ImportJobDto {
  staffId: string;
  createMembers: boolean;
  chunks: string[];
  bytes: number;
  startedAt: number;
}

const MAX_BYTES = 50 * 1024 * 1024;
const KEEP_MS = 6 * 3600 * 1000;

const ImportErrors = {
  IMPORT_NOT_FOUND: () => new AppError('IMPORT_NOT_FOUND', 404, '导入任务不存在或已过期'),
  IMPORT_NOT_UPLOADING: () => new AppError('IMPORT_NOT_UPLOADING', 409, '该导入任务已开始，不能再追加内容'),
  IMPORT_TOO_LARGE: () => new AppError('IMPORT_TOO_LARGE', 413, '文件过大：单个文件最多 50 MB，请拆分后导入'),
};

/**
 * CSV imports from the admin: the browser sends the file in pieces (each under the request size
 * limit), then the same ImportsService as the CLI runs in the background while the page polls the
 * progress. Jobs live in memory for a few hours (one server process; a restart loses only the progress view).
 */
@Injectable()
export class ImportJobsService {
  private readonly jobs = new Map<string, Job>();

  constructor(
    private readonly imports: ImportsService,
    private readonly audit: AuditService,
    private readonly insights: InsightsService,
  ) {}

  private view(j: Job): ImportJobDto {
    const { id, kind, fileName, status, total, processed, imported, skipped, errors, failure } = j;
    return { id, kind, fileName, status, total, processed, imported, skipped, errors, failure };
  }

  private own(staff: StaffPrincipal, id: string): Job {
    const j = this.jobs.get(id);
    if (!j || j.staffId !== staff.id) throw ImportErrors.IMPORT_NOT_FOUND();
    return j;
  }

  start(
    staff: StaffPrincipal,
    kind: 'members' | 'visits',
    createMembers: boolean,
    fileName?: string,
  ): ImportJobDto {
    const now = Date.now();
    for (const [id, j] of this.jobs) if (now - j.startedAt > KEEP_MS) this.jobs.delete(id);
    const job: Job = {
      id: newId(),
      kind,
      fileName: fileName ?? null,
      status: 'UPLOADING',
      total: 0,
      processed: 0,
      imported: 0,
      skipped: 0,
      errors: [],
      failure: null,
      staffId: staff.id,
      createMembers,
      chunks: [],
      bytes: 0,
      startedAt: now,
    };
    this.jobs.set(job.id, job);
    return this.view(job);
  }

  append(staff: StaffPrincipal, id: string, text: string, last: boolean): ImportJobDto {
    const j = this.own(staff, id);
    if (j.status !== 'UPLOADING') throw ImportErrors.IMPORT_NOT_UPLOADING();
    j.bytes += text.length;
    if (j.bytes > MAX_BYTES) {
      this.jobs.delete(id);
      throw ImportErrors.IMPORT_TOO_LARGE();
    }
    j.chunks.push(text);
    if (last) void this.run(staff, j);
    return this.view(j);
  }

  get(staff: StaffPrincipal, id: string): ImportJobDto {
    return this.view(this.own(staff, id));
  }

  /** The rejected rows as a CSV the person can fix and upload again. */
  errorsCsv(staff: StaffPrincipal, id: string): string {
    const j = this.own(staff, id);
    return toCsv(
      ['行号', '原因'],
      j.errors.map((e) => [e.line, e.reason]),
    );
  }

  private async run(staff: StaffPrincipal, j: Job): Promise<void> {
    const text = j.chunks.join('');
    j.chunks = [];
    j.total = Math.max(0, text.split(/\r?\n/).filter((l) => l.trim() !== '').length - 1);
    j.status = 'RUNNING';
    const progress = (n: number) => {
      j.processed = n;
    };
    try {
      const report =
        j.kind === 'members'
          ? await this.imports.importMembers(text, progress)
          : await this.imports.importVisits(text, { createMembers: j.createMembers }, progress);
      // A file that is not this import at all (wrong header, broken CSV) fails loudly, with the
      // expected header in the message — never a green "done" with nothing imported.
      const fileRejected = report.total === 0 && report.errors.length === 1 && report.errors[0].line === 1;
      // New members or visits change everyone's figures (quintiles are relative): refresh the insight
      // before saying done. A refresh already running (another import, the schedule) covers it.
      if (report.imported > 0) await this.insights.refreshAfterImport();
      Object.assign(j, {
        status: fileRejected ? 'FAILED' : 'DONE',
        ...(fileRejected ? { failure: report.errors[0].reason } : {}),
        total: report.total,
        processed: report.total,
        imported: report.imported,
        skipped: report.skipped,
        errors: report.errors,
      });
      await this.audit.record(staff, {
        action: `import.${j.kind}`,
        detail: {
          fileName: j.fileName,
          total: report.total,
          imported: report.imported,
          errors: report.errors.length,
        },
      });
    } catch (e) {
      // Rows are written one by one and reported as they go; reaching here means the run stopped
      // (e.g. the database went away). Say how far it got: the rest is untouched and a re-run is safe.
      j.status = 'FAILED';
      j.failure = `${
        e instanceof AppError ? e.message : '导入中断'
      }：已处理 ${j.processed} / ${j.total} 行，其余行未导入；重新上传同一文件即可继续（已导入的行不会重复导入）`;
    }
  }
}
