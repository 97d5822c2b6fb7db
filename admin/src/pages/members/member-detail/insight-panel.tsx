import { Card, Col, Descriptions, Empty, Row, Tag, Typography } from 'antd';
import type { Schemas } from '../../../api/typed';
import { yuan } from '../../../lib-format';

type Insight = NonNullable<Schemas['MemberDetailDto']['insight']>;

const LIFECYCLE_COLOR: Record<string, string> = {
  NEW: 'blue',
  CORE: 'green',
  POTENTIAL: 'cyan',
  DORMANT: 'orange',
  LOST: 'red',
  NONE: 'default',
};

/** P(alive) if the member stays away d more days: a small line drawn as SVG (no chart library). */
export function PAliveCurve({ points }: { points: Insight['pAliveCurve'] }) {
  if (points.length < 2) return null;
  const w = 320;
  const h = 96;
  const maxDays = points[points.length - 1].days;
  const x = (d: number) => 28 + (d / maxDays) * (w - 40);
  const y = (p: number) => 8 + (1 - p) * (h - 28);
  const path = points
    .map((pt, i) => `${i ? 'L' : 'M'}${x(pt.days).toFixed(1)},${y(pt.pAlive).toFixed(1)}`)
    .join(' ');
  return (
    <svg width={w} height={h} role="img" aria-label="若一直不来，仍活跃概率的变化" data-testid="palive-curve">
      <line x1={28} y1={y(0)} x2={w - 12} y2={y(0)} stroke="#d9d9d9" />
      <line x1={28} y1={y(1)} x2={28} y2={y(0)} stroke="#d9d9d9" />
      <text x={0} y={y(1) + 4} fontSize={10} fill="#8c8c8c">
        100%
      </text>
      <text x={10} y={y(0) + 4} fontSize={10} fill="#8c8c8c">
        0
      </text>
      {[0, maxDays / 2, maxDays].map((d, k) => (
        <text
          key={d}
          x={x(d)}
          y={h - 4}
          fontSize={10}
          fill="#8c8c8c"
          textAnchor={k === 0 ? 'start' : k === 2 ? 'end' : 'middle'}
        >
          {`${d}天`}
        </text>
      ))}
      <path d={path} fill="none" stroke="#c8502d" strokeWidth={2} />
    </svg>
  );
}

const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);

/** The member's stored insight: RFM, lifecycle, rhythm, P(alive) and what it does if they stay away. */
export function InsightPanel({ insight }: { insight: Insight | null }) {
  if (!insight)
    return (
      <Card title="会员洞察">
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description="还没有计算洞察：运行 pnpm cli insights:refresh 后显示"
        />
      </Card>
    );
  const i = insight;
  return (
    <Card
      title="会员洞察"
      extra={<Typography.Text type="secondary">{`截至 ${i.asOf}`}</Typography.Text>}
      data-testid="insight-panel"
    >
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Descriptions column={{ xs: 1, sm: 2 }} size="small">
            <Descriptions.Item label="生命周期">
              <Tag color={LIFECYCLE_COLOR[i.lifecycle]}>{i.lifecycleLabel}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="RFM 客群">{i.rfmSegment ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="R / F / M 分">
              {i.rScore === null ? '—' : `${i.rScore} / ${i.fScore} / ${i.mScore}（满分 5）`}
            </Descriptions.Item>
            <Descriptions.Item label="距上次消费">
              {i.recencyDays === null ? '从未消费' : `${i.recencyDays} 天`}
            </Descriptions.Item>
            <Descriptions.Item label="近一年">{`${i.frequency} 次 · ${yuan(i.monetaryFen)}`}</Descriptions.Item>
            <Descriptions.Item label="平均到店间隔">
              {i.avgIntervalDays === null ? '—' : `${i.avgIntervalDays.toFixed(1)} 天`}
            </Descriptions.Item>
            <Descriptions.Item label="预计下次到店">{i.nextVisitOn ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="仍活跃概率">{pct(i.pAlive)}</Descriptions.Item>
            <Descriptions.Item label="预计到店（30 / 90 天）">
              {i.expectedVisits30 === null
                ? '—'
                : `${i.expectedVisits30.toFixed(1)} / ${(i.expectedVisits90 ?? 0).toFixed(1)} 次`}
            </Descriptions.Item>
            <Descriptions.Item label="忠诚度">{i.loyaltyLabel ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="聚类人群">{i.clusterName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="最常去门店">{i.favouriteStoreName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="用餐时段（近一年）">
              {i.lunchShare === null
                ? '—'
                : `午市 ${pct(i.lunchShare)} · 晚市 ${pct(i.dinnerShare)} · 夜宵 ${pct(i.lateShare)}`}
            </Descriptions.Item>
            <Descriptions.Item label="周末占比">{pct(i.weekendShare)}</Descriptions.Item>
            <Descriptions.Item label="平均人数">
              {i.avgPartySize === null ? '—' : `${i.avgPartySize.toFixed(1)} 人`}
            </Descriptions.Item>
            <Descriptions.Item label="用券占比">{pct(i.couponShare)}</Descriptions.Item>
          </Descriptions>
        </Col>
        <Col xs={24} lg={10}>
          {i.pAliveCurve.length > 1 && (
            <>
              <Typography.Text type="secondary">若从今天起一直不来，仍是活跃顾客的概率</Typography.Text>
              <PAliveCurve points={i.pAliveCurve} />
            </>
          )}
        </Col>
      </Row>
    </Card>
  );
}
