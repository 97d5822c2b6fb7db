import { lazy, Suspense, useState } from 'react';
import { Card, Col, DatePicker, Row, Select, Skeleton, Space, Statistic, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useQuery } from '@tanstack/react-query';
import { useStores } from '../../../api/reference-data';
import { api, ok } from '../../../api/typed';
import { useDocumentTitle } from '../../../components/use-document-title';
import { yuan } from '../../../lib-format';
import { InsightSection } from './insight-section';

// echarts is heavy: its chunk loads only when the dashboard renders.
const TrendChart = lazy(() => import('./charts').then((m) => ({ default: m.TrendChart })));
const CouponChart = lazy(() => import('./charts').then((m) => ({ default: m.CouponChart })));
const PieDistribution = lazy(() => import('./charts').then((m) => ({ default: m.PieDistribution })));

const chartFallback = <Skeleton active paragraph={{ rows: 6 }} />;

export function DashboardOverviewPage() {
  useDocumentTitle('概览');
  const stores = useStores();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(29, 'day'), dayjs()]);
  const [storeId, setStoreId] = useState<string>();
  const query = {
    from: range[0].format('YYYY-MM-DD'),
    to: range[1].format('YYYY-MM-DD'),
    ...(storeId ? { storeId } : {}),
  };
  const dash = useQuery({
    queryKey: ['dashboard', query],
    queryFn: () => ok(api.GET('/api/admin/dashboard', { params: { query } })),
  });
  const d = dash.data;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          概览
        </Typography.Title>
        <Space wrap>
          <Select
            allowClear
            placeholder="全部门店"
            style={{ minWidth: 160 }}
            value={storeId}
            onChange={setStoreId}
            options={(stores.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          />
          <DatePicker.RangePicker
            value={range}
            allowClear={false}
            disabledDate={(day) => day.isAfter(dayjs(), 'day')}
            presets={[
              { label: '近 7 天', value: [dayjs().subtract(6, 'day'), dayjs()] },
              { label: '近 30 天', value: [dayjs().subtract(29, 'day'), dayjs()] },
              { label: '近 90 天', value: [dayjs().subtract(89, 'day'), dayjs()] },
            ]}
            onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
          />
        </Space>
      </Space>
      <Row gutter={[16, 16]}>
        {[
          ['会员总数', d?.membersTotal],
          ['新增会员', d?.membersNew],
          ['到店次数', d?.visits],
        ].map(([title, value]) => (
          <Col xs={12} md={6} xl={6} key={title as string}>
            <Card loading={dash.isLoading}>
              <Statistic title={title as string} value={(value as number | undefined) ?? 0} />
            </Card>
          </Col>
        ))}
        <Col xs={12} md={6} xl={6}>
          <Card loading={dash.isLoading}>
            <Statistic title="营业额" value={d ? yuan(d.revenueFen) : '—'} />
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24}>
          <Card title="到店与营业额趋势">
            {d ? (
              <Suspense fallback={chartFallback}>
                <TrendChart trend={d.trend} />
              </Suspense>
            ) : (
              chartFallback
            )}
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card
            title={`券发放与核销（核销率 ${d ? (d.redemptionRate * 100).toFixed(1) : '—'}%）`}
            extra={d ? `发放 ${d.couponsIssued} · 核销 ${d.couponsUsed}` : null}
          >
            {d ? (
              <Suspense fallback={chartFallback}>
                <CouponChart trend={d.trend} />
              </Suspense>
            ) : (
              chartFallback
            )}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title="会员等级分布">
            {d ? (
              <Suspense fallback={chartFallback}>
                <PieDistribution data={d.tiers} testId="chart-tiers" />
              </Suspense>
            ) : (
              chartFallback
            )}
          </Card>
        </Col>
      </Row>
      <InsightSection storeId={storeId} />
    </Space>
  );
}
