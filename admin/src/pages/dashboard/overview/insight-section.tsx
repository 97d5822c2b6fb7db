import { lazy, Suspense, useState } from 'react';
import { useNavigate } from 'react-router';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  Modal,
  Row,
  Skeleton,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, EditOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { LIFECYCLE_LABELS, type SegmentCondition } from '@tableside/shared';
import { api, ok, type Schemas } from '../../../api/typed';
import { useStaff } from '../../../auth/auth-context';
import { dateTime, yuan } from '../../../lib-format';

const LifecycleChart = lazy(() => import('./charts').then((m) => ({ default: m.LifecycleChart })));
const IntervalChart = lazy(() => import('./charts').then((m) => ({ default: m.IntervalChart })));
const chartFallback = <Skeleton active paragraph={{ rows: 5 }} />;

type Overview = Schemas['InsightOverviewDto'];
type Cluster = Schemas['ClusterCountDto'];

/** The member list for one condition (the list reads `filter` and shows `label`). */
export function membersLink(condition: SegmentCondition, label: string): string {
  const qs = new URLSearchParams({ filter: JSON.stringify({ all: [condition] }), label });
  return `/members?${qs}`;
}

const pct = (n: number, total: number) => (total ? `${((n / total) * 100).toFixed(1)}%` : '—');

/** A tile that opens its members: count, share, spend. */
function Tile({
  title,
  count,
  total,
  monetaryFen,
  to,
  strong,
}: {
  title: string;
  count: number;
  total: number;
  monetaryFen?: number;
  to: string;
  strong: number;
}) {
  const navigate = useNavigate();
  return (
    <button
      type="button"
      className="insight-tile"
      onClick={() => navigate(to)}
      aria-label={`${title}：${count} 人，查看名单`}
      style={{ background: `rgba(200, 80, 45, ${0.06 + 0.5 * strong})` }}
    >
      <div className="insight-tile-title">{title}</div>
      <div className="insight-tile-count">{count.toLocaleString('zh-CN')} 人</div>
      <div className="insight-tile-sub">
        占 {pct(count, total)}
        {monetaryFen !== undefined && count > 0 ? ` · 人均 ${yuan(Math.round(monetaryFen / count))}` : ''}
      </div>
    </button>
  );
}

function RenameCluster({ cluster, onClose }: { cluster: Cluster | null; onClose: () => void }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ name: string; description: string }>();
  const save = useMutation({
    mutationFn: (v: { name: string; description: string }) =>
      ok(
        api.PUT('/api/admin/insights/clusters/{key}', {
          params: { path: { key: cluster!.key } },
          body: { name: v.name, description: v.description },
        }),
      ),
    onSuccess: () => {
      void message.success('已保存：下次刷新后仍沿用这个名称');
      void qc.invalidateQueries({ queryKey: ['insight-overview'] });
      onClose();
    },
    onError: (e) => void message.error(e.message),
  });
  return (
    <Modal
      open={!!cluster}
      title={`给「${cluster?.name ?? ''}」改名`}
      okText="保存"
      cancelText="取消"
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ name: cluster?.name, description: cluster?.description }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item
          name="name"
          label="名称"
          extra="留空：恢复系统按特征自动起的名字"
          rules={[
            { max: 32, message: '最多 32 个字' },
            { pattern: /^(|\S.*)$/, message: '名称不能以空格开头' },
          ]}
        >
          <Input placeholder="如：写字楼白领" />
        </Form.Item>
        <Form.Item name="description" label="说明" rules={[{ max: 200, message: '最多 200 个字' }]}>
          <Input.TextArea rows={3} placeholder="这群人是谁、适合什么活动" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 会员洞察 on the dashboard: stored figures of the last refresh (no table scans per view). */
export function InsightSection({ storeId }: { storeId?: string }) {
  const staff = useStaff();
  const canRename = staff.role === 'HQ_ADMIN' || staff.role === 'MARKETER';
  const [renaming, setRenaming] = useState<Cluster | null>(null);
  const navigate = useNavigate();
  const q = useQuery({
    queryKey: ['insight-overview', storeId ?? null],
    queryFn: () =>
      ok(api.GET('/api/admin/insights/overview', { params: { query: storeId ? { storeId } : {} } })),
  });
  const o: Overview | undefined = q.data;
  if (q.isLoading) return <Card title="会员洞察" loading />;
  if (!o || !o.asOf)
    return (
      <Card title="会员洞察">
        <Empty description="还没有计算会员洞察。总部可在服务器上运行 pnpm cli insights:refresh（导入数据后会自动计算）。" />
      </Card>
    );
  const layers = o.lifecycle.filter((l) => l.key !== 'NONE');
  const rfmMax = Math.max(1, ...o.rfm.map((r) => r.count));
  const loyaltyMax = Math.max(1, ...o.loyalty.map((r) => r.count));
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="insight-section">
      <Typography.Title level={5} style={{ margin: 0 }}>
        会员洞察{' '}
        <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 'normal' }}>
          数据截至 {o.asOf}（{dateTime(o.refreshedAt)} 计算）· 有消费记录{' '}
          {o.withVisits.toLocaleString('zh-CN')} / {o.members.toLocaleString('zh-CN')} 人
        </Typography.Text>
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title="会员分层与近 30 天变化">
            <Suspense fallback={chartFallback}>
              <LifecycleChart data={layers} />
            </Suspense>
            <Space wrap size={[8, 8]} style={{ marginTop: 8 }}>
              {layers.map((l) => {
                const delta = l.count - l.prevCount;
                return (
                  <Tag
                    key={l.key}
                    style={{ cursor: 'pointer', padding: '2px 8px' }}
                    onClick={() =>
                      navigate(
                        membersLink({ field: 'lifecycle', op: 'eq', value: l.key }, `生命周期：${l.label}`),
                      )
                    }
                  >
                    {l.label} {l.count}{' '}
                    {delta !== 0 &&
                      (delta > 0 ? (
                        <span style={{ color: '#52a36b' }}>
                          <ArrowUpOutlined /> {delta}
                        </span>
                      ) : (
                        <span style={{ color: '#c8502d' }}>
                          <ArrowDownOutlined /> {-delta}
                        </span>
                      ))}
                  </Tag>
                );
              })}
            </Space>
            {o.transitions.length > 0 && (
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                主要流动：
                {o.transitions
                  .filter((t) => t.from !== 'NONE')
                  .slice(0, 4)
                  .map((t) => `${LIFECYCLE_LABELS[t.from]}→${LIFECYCLE_LABELS[t.to]} ${t.count} 人`)
                  .join('；') || '本月只有新客加入'}
              </Typography.Paragraph>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title="到店间隔分布（平均几天来一次）">
            {o.intervals.some((b) => b.count > 0) ? (
              <Suspense fallback={chartFallback}>
                <IntervalChart data={o.intervals} />
              </Suspense>
            ) : (
              <Empty description="还没有来过两次以上的会员" />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card title="RFM 客群（近一年，五分位打分；点格子看名单）">
            <div className="insight-grid insight-grid-4" data-testid="rfm-grid">
              {o.rfm.map((r) => (
                <Tile
                  key={r.segment}
                  title={r.segment}
                  count={r.count}
                  total={o.withVisits}
                  monetaryFen={r.monetaryFen}
                  strong={r.count / rfmMax}
                  to={membersLink({ field: 'rfmSegment', op: 'eq', value: r.segment }, `RFM：${r.segment}`)}
                />
              ))}
            </div>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title="忠诚度矩阵（消费 × 忠诚）">
            <div className="insight-grid insight-grid-2" data-testid="loyalty-matrix">
              {o.loyalty.map((r) => (
                <Tile
                  key={r.key}
                  title={r.label}
                  count={r.count}
                  total={o.withVisits}
                  monetaryFen={r.monetaryFen}
                  strong={r.count / loyaltyMax}
                  to={membersLink({ field: 'loyalty', op: 'eq', value: r.key }, `忠诚度：${r.label}`)}
                />
              ))}
            </div>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title="聚类人群（按用餐习惯与 RFM 自动分群）">
            {o.clusters.length ? (
              <Table
                size="small"
                rowKey="key"
                pagination={false}
                dataSource={o.clusters}
                columns={[
                  {
                    title: '人群',
                    dataIndex: 'name',
                    render: (name: string, c) => (
                      <Space>
                        <Typography.Link
                          onClick={() =>
                            navigate(
                              membersLink({ field: 'cluster', op: 'eq', value: c.key }, `人群：${name}`),
                            )
                          }
                        >
                          {name}
                        </Typography.Link>
                        {canRename && (
                          <Tooltip title="改名">
                            <Button
                              size="small"
                              type="text"
                              icon={<EditOutlined />}
                              aria-label={`给${name}改名`}
                              onClick={() => setRenaming(c)}
                            />
                          </Tooltip>
                        )}
                      </Space>
                    ),
                  },
                  {
                    title: '特征',
                    dataIndex: 'description',
                    render: (v: string) => (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {v}
                      </Typography.Text>
                    ),
                  },
                  { title: '人数', dataIndex: 'count', width: 80, align: 'right' },
                ]}
              />
            ) : (
              <Empty description="近一年有消费的会员太少，暂不分群" />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card
            title="流失风险：高消费、仍活跃概率在下降"
            extra={<Typography.Text type="secondary">近 30 天降 5 个点以上</Typography.Text>}
          >
            {o.atRisk.length ? (
              <Table
                size="small"
                rowKey="memberId"
                pagination={false}
                dataSource={o.atRisk.slice(0, 8)}
                onRow={(r) => ({
                  onClick: () => navigate(`/members/${r.memberId}`),
                  style: { cursor: 'pointer' },
                })}
                columns={[
                  {
                    title: '会员',
                    render: (_v, r) => (
                      <Typography.Link onClick={() => navigate(`/members/${r.memberId}`)}>
                        {r.name || '未填姓名'} {r.phone}
                      </Typography.Link>
                    ),
                  },
                  {
                    title: '近一年消费',
                    dataIndex: 'monetaryFen',
                    align: 'right',
                    render: (v: number) => yuan(v),
                  },
                  {
                    title: '仍活跃概率',
                    align: 'right',
                    render: (_v, r) => (
                      <span>
                        {(r.pAlivePrev * 100).toFixed(0)}% → <b>{(r.pAlive * 100).toFixed(0)}%</b>
                      </span>
                    ),
                  },
                  {
                    title: '未到店',
                    dataIndex: 'recencyDays',
                    align: 'right',
                    render: (v: number | null) => (v === null ? '—' : `${v} 天`),
                  },
                ]}
              />
            ) : (
              <Alert type="success" showIcon title="没有高消费会员的活跃概率在下降" />
            )}
          </Card>
        </Col>
      </Row>
      <RenameCluster cluster={renaming} onClose={() => setRenaming(null)} />
    </Space>
  );
}
