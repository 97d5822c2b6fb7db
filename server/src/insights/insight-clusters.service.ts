import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  chooseClustering,
  CLUSTER_FEATURES,
  describeCentroid,
  nameClusters,
  type Centroid,
} from '@tableside/shared';
import { AppError } from '../common/app-error';
import { TransactionRunner } from '../database/transaction-runner';
import { InsightCluster } from './entities/member-insight.entity';
import { literal, MYSQL, SQLITE } from './insight-dialect';

/** Members the k-means is fitted on (a deterministic sample: the first by id, which are random). */
export const CLUSTER_SAMPLE = 20_000;

export const ClusterErrors = {
  NOT_FOUND: () => new AppError('INSIGHT_CLUSTER_NOT_FOUND', 404, '该聚类人群不存在'),
};

export interface ClusterView {
  key: string;
  name: string;
  autoName: string;
  description: string;
  autoDescription: string;
  renamed: boolean;
  members: number;
  centroid: Centroid;
  silhouette: number | null;
}

/**
 * k-means clusters of the diners who came in the last 365 days: fitted in Node on a sample (never
 * all members in the heap), then every member assigned in one UPDATE that compares the member's
 * features to each centroid (nearest, weighted by 1 / variance — the standardised distance).
 */
@Injectable()
export class InsightClustersService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
  ) {}

  /**
   * Fits the clusters on a sample of this refresh's members and records them; returns the SQL that
   * assigns any member row to its nearest centroid (and its parameters), or null when too few
   * diners came to cluster. `scores` are the R/F/M expressions of the refresh (the score columns
   * are written by the same UPDATE that assigns the cluster).
   */
  async prepare(
    em: EntityManager,
    scores: { r: string; f: string; m: string },
  ): Promise<{ sql: string; params: Record<string, string> } | null> {
    const exprOf = (key: string, column: string) =>
      key === 'rScore' ? scores.r : key === 'fScore' ? scores.f : key === 'mScore' ? scores.m : column;
    const cols = CLUSTER_FEATURES.map((f) => `${exprOf(f.key, f.column)} AS ${f.key}`).join(', ');
    const raw = (await em.query(
      `SELECT ${cols} FROM insight_stage WHERE frequency > 0 ORDER BY member_id LIMIT ${CLUSTER_SAMPLE}`,
    )) as Record<string, unknown>[];
    await em.update(InsightCluster, { current: true }, { current: false, members: 0 });
    const values = raw.map((r) => CLUSTER_FEATURES.map((f) => (r[f.key] === null ? NaN : Number(r[f.key]))));
    // A missing figure (party size never recorded) counts as the sample's mean: it pulls nowhere.
    const means = CLUSTER_FEATURES.map((_f, d) => {
      const known = values.map((v) => v[d]).filter((v) => Number.isFinite(v));
      return known.length ? known.reduce((a, b) => a + b, 0) / known.length : 0;
    });
    const rows = values.map((v) => v.map((x, d) => (Number.isFinite(x) ? x : means[d])));
    const chosen = chooseClustering(rows);
    if (!chosen) return null;
    const names = nameClusters(chosen.centroids);
    const now = new Date();
    for (const [i, c] of chosen.centroids.entries()) {
      const key = names[i];
      const existing = await em.findOne(InsightCluster, { where: { key } });
      const fields = {
        autoName: names[i],
        autoDescription: describeCentroid(c),
        centroid: JSON.stringify(c),
        current: true,
        silhouette: chosen.silhouette,
        updatedAt: now,
      };
      if (existing) await em.update(InsightCluster, { key }, fields);
      else
        await em.insert(InsightCluster, {
          key,
          customName: null,
          customDescription: null,
          members: 0,
          ...fields,
        });
    }
    // Nearest centroid, weighted by 1 / variance (the standardised distance), in SQL.
    const sd = CLUSTER_FEATURES.map((_f, d) => {
      const v = rows.reduce((s, r) => s + (r[d] - means[d]) ** 2, 0) / rows.length;
      return v > 1e-12 ? Math.sqrt(v) : 1;
    });
    const distance = (c: Centroid) =>
      CLUSTER_FEATURES.map((f, d) => {
        const value = `(COALESCE(${exprOf(f.key, f.column)}, ${literal(means[d])}) - ${literal(c[f.key])})`;
        return `${value} * ${value} * ${literal(1 / sd[d] ** 2)}`;
      }).join(' + ');
    const ds = chosen.centroids.map((c) => `(${distance(c)})`);
    const dialect = this.tx.isMysql ? MYSQL : SQLITE;
    return {
      sql: `CASE ${dialect.least(...ds)} ${ds.map((d, i) => `WHEN ${d} THEN :cluster${i}`).join(' ')} END`,
      params: Object.fromEntries(names.map((n, i) => [`cluster${i}`, n])),
    };
  }

  /** Members per cluster, after the assignment. */
  async count(em: EntityManager): Promise<void> {
    const counts = (await em.query(
      'SELECT cluster AS k, COUNT(*) AS n FROM member_insight WHERE cluster IS NOT NULL GROUP BY cluster',
    )) as { k: string; n: number | string }[];
    for (const c of counts) await em.update(InsightCluster, { key: c.k }, { members: Number(c.n) });
  }

  /** The clusters of the last refresh, with staff's names where they gave one. */
  async list(): Promise<ClusterView[]> {
    const rows = await this.ds
      .getRepository(InsightCluster)
      .find({ where: { current: true }, order: { members: 'DESC' } });
    return rows.map((c) => this.view(c));
  }

  async rename(key: string, name: string | null, description: string | null): Promise<ClusterView> {
    const found = await this.ds.getRepository(InsightCluster).findOne({ where: { key } });
    if (!found) throw ClusterErrors.NOT_FOUND();
    await this.ds
      .getRepository(InsightCluster)
      .update({ key }, { customName: name || null, customDescription: description || null });
    return this.view({ ...found, customName: name || null, customDescription: description || null });
  }

  /** key → the name staff see (custom or automatic). */
  async names(): Promise<Record<string, string>> {
    const rows = await this.ds.getRepository(InsightCluster).find();
    return Object.fromEntries(rows.map((c) => [c.key, c.customName ?? c.autoName]));
  }

  private view(c: InsightCluster): ClusterView {
    return {
      key: c.key,
      name: c.customName ?? c.autoName,
      autoName: c.autoName,
      description: c.customDescription ?? c.autoDescription,
      autoDescription: c.autoDescription,
      renamed: c.customName !== null,
      members: c.members,
      centroid: JSON.parse(c.centroid) as Centroid,
      silhouette: c.silhouette,
    };
  }
}
