import { Card, Empty, Space, Typography } from 'antd';
import type { Schemas } from '../api/typed';
import { yuan } from '../lib-format';

const pct = (v: number, digits = 1) => `${(v * 100).toFixed(digits)}%`;

/** The uplift interval drawn on a line through zero: where the truth most likely is. */
function IntervalBar({ low, estimate, high }: { low: number; estimate: number; high: number }) {
  const span = Math.max(Math.abs(low), Math.abs(high), 0.001) * 1.2;
  const x = (v: number) => 20 + ((v + span) / (2 * span)) * 360;
  return (
    <svg
      width={400}
      height={56}
      role="img"
      aria-label={`到店率提升 ${pct(estimate)}，95% 区间 ${pct(low)} 至 ${pct(high)}`}
    >
      <line x1={20} y1={28} x2={380} y2={28} stroke="#d9d9d9" />
      <line x1={x(0)} y1={12} x2={x(0)} y2={44} stroke="#8c8c8c" strokeDasharray="3 3" />
      <text x={x(0)} y={54} fontSize={10} textAnchor="middle" fill="#8c8c8c">
        0（没有效果）
      </text>
      <line x1={x(low)} y1={28} x2={x(high)} y2={28} stroke="#c8502d" strokeWidth={6} strokeLinecap="round" />
      <circle cx={x(estimate)} cy={28} r={6} fill="#fff" stroke="#c8502d" strokeWidth={3} />
      <text x={x(low)} y={14} fontSize={10} textAnchor="middle" fill="#595959">
        {pct(low)}
      </text>
      <text x={x(high)} y={14} fontSize={10} textAnchor="middle" fill="#595959">
        {pct(high)}
      </text>
    </svg>
  );
}

/**
 * What a campaign or an automation did against its holdout: the visit-rate uplift with its 95%
 * interval drawn against zero, the incremental revenue, the costs and the ROI — each number with
 * one sentence saying what it means.
 */
export function UpliftCard({
  title,
  uplift,
  roi,
  visitors,
  couponCostFen,
  smsCostFen,
  treatedLabel = '收到活动的',
}: {
  title: string;
  uplift: Schemas['UpliftDto'] | null;
  roi: Schemas['IntervalDto'] | null;
  /** Members of both groups who came at all in the window. */
  visitors: number;
  couponCostFen: number;
  smsCostFen: number;
  treatedLabel?: string;
}) {
  return (
    <Card size="small" title={title}>
      {uplift && visitors === 0 ? (
        <Empty description="两组都还没有会员到店：增量会随到店记录累积，统计窗口结束时最准" />
      ) : uplift ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text>
            到店率：{treatedLabel} {pct(uplift.treatedRate)}，对照组 {pct(uplift.holdoutRate)}，提升{' '}
            <b>{pct(uplift.rateDiff.estimate)}</b>
            {uplift.significant ? '（有把握是营销带来的）' : '（还不能确定是营销带来的）'}
          </Typography.Text>
          <IntervalBar {...uplift.rateDiff} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            横条是 95% 置信区间：真实提升有 95% 的把握落在这个范围里；横条越过 0
            的虚线，说明还不能排除「没有效果」。
          </Typography.Text>
          <Typography.Text>
            增量营业额：{yuan(Math.round(uplift.incrementalRevenueFen.estimate))}（95% 区间{' '}
            {yuan(Math.round(uplift.incrementalRevenueFen.low))} 至{' '}
            {yuan(Math.round(uplift.incrementalRevenueFen.high))}）
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            = 人均消费差 × {treatedLabel}人数：只算对照组没有的那部分生意。
          </Typography.Text>
          <Typography.Text>
            成本：券 {yuan(couponCostFen)}（已核销券面额）＋短信 {yuan(smsCostFen)}；投资回报率{' '}
            {roi
              ? `${(roi.estimate * 100).toFixed(0)}%（区间 ${(roi.low * 100).toFixed(0)}% 至 ${(roi.high * 100).toFixed(0)}%）`
              : '—（还没有成本）'}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            投资回报率 =（增量营业额 − 成本）÷ 成本。
          </Typography.Text>
        </Space>
      ) : (
        <Empty description="需要对照组和收到的会员各至少 2 人、且已经开始，才能计算增量" />
      )}
    </Card>
  );
}
