import { useRef, useState } from 'react';
import { InsightPanel } from './insight-panel';
import { useNavigate, useParams } from 'react-router';
import {
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useStaff } from '../../../auth/auth-context';
import { useDocumentTitle } from '../../../components/use-document-title';
import { useTemplates } from '../../../api/reference-data';
import { api, ok, type Schemas } from '../../../api/typed';
import { COUPON_STATUS_LABELS, date, dateTime, JOIN_CHANNEL_LABELS, yuan } from '../../../lib-format';

type Detail = Schemas['MemberDetailDto'];

export function MemberDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const staff = useStaff();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const detail = useQuery({
    queryKey: ['member', id],
    queryFn: () => ok(api.GET('/api/admin/members/{id}', { params: { path: { id } } })),
  });
  useDocumentTitle(detail.data?.profile.name ?? '会员详情');
  const templates = useTemplates();
  const [dialog, setDialog] = useState<'points' | 'coupon' | 'tag' | null>(null);
  const adjustRequestId = useRef(crypto.randomUUID());
  const [form] = Form.useForm();
  const done = (d: Detail, text: string) => {
    qc.setQueryData(['member', id], d);
    void qc.invalidateQueries({ queryKey: ['members'] });
    setDialog(null);
    form.resetFields();
    void message.success(text);
  };
  const adjust = useMutation({
    // One request id per opened dialog: a double click or a network retry adjusts once.
    mutationFn: (v: { points: number; reason: string }) =>
      ok(
        api.POST('/api/admin/members/{id}/points', {
          params: { path: { id } },
          body: { ...v, requestId: adjustRequestId.current },
        }),
      ),
    onSuccess: (d) => done(d, '积分已调整，已记录操作日志'),
  });
  const tag = useMutation({
    mutationFn: (v: { tag: string }) =>
      ok(api.POST('/api/admin/members/{id}/tags', { params: { path: { id } }, body: v })),
    onSuccess: (d) => done(d, '标签已添加'),
  });
  const issue = useMutation({
    mutationFn: async (v: { templateId: string }) => {
      await ok(
        api.POST('/api/coupons/issue', { body: { templateId: v.templateId, memberId: id, count: 1 } }),
      );
      return ok(api.GET('/api/admin/members/{id}', { params: { path: { id } } }));
    },
    onSuccess: (d) => done(d, '券已发放到会员券包'),
  });

  const d = detail.data;
  if (!d)
    return <Card loading={detail.isLoading}>{detail.isError ? '会员不存在或你没有权限查看' : null}</Card>;
  const p = d.profile;
  const canAdjust = staff.role === 'HQ_ADMIN' || staff.role === 'STORE_MANAGER';
  const progress = d.nextTierThresholdFen
    ? Math.min(100, Math.round((d.growthFen / d.nextTierThresholdFen) * 100))
    : 100;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/members')}>
          返回列表
        </Button>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {p.name ?? '未填写姓名'} <Tag color="gold">{p.tierName}</Tag>
        </Typography.Title>
      </Space>
      <Card
        extra={
          <Space>
            {canAdjust && (
              <Button
                onClick={() => {
                  adjustRequestId.current = crypto.randomUUID();
                  setDialog('points');
                }}
              >
                调整积分
              </Button>
            )}
            <Button onClick={() => setDialog('coupon')}>发券</Button>
            <Button onClick={() => setDialog('tag')}>加标签</Button>
          </Space>
        }
        title="会员资料"
      >
        <Descriptions column={{ xs: 1, sm: 2, lg: 4 }} size="small">
          <Descriptions.Item label="手机号">{p.phone ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="会员号">{p.memberNo}</Descriptions.Item>
          <Descriptions.Item label="生日">{p.birthday ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="入会">{`${d.joinStoreName ?? '—'} · ${JOIN_CHANNEL_LABELS[p.joinChannel] ?? p.joinChannel} · ${date(p.createdAt)}`}</Descriptions.Item>
          <Descriptions.Item label="积分">{p.pointsBalance}</Descriptions.Item>
          <Descriptions.Item label="储值余额">{`${yuan(p.balancePrincipalFen + p.balanceBonusFen)}（本金 ${yuan(p.balancePrincipalFen)}，赠送 ${yuan(p.balanceBonusFen)}）`}</Descriptions.Item>
          <Descriptions.Item label="营销授权">{`短信 ${p.consentSms ? '✓' : '✗'} · 微信 ${p.consentWechat ? '✓' : '✗'}`}</Descriptions.Item>
          <Descriptions.Item label="标签">
            {p.tags.length ? p.tags.map((t) => <Tag key={t}>{t}</Tag>) : '—'}
          </Descriptions.Item>
        </Descriptions>
        <div style={{ marginTop: 12 }}>
          <Typography.Text type="secondary">
            {d.nextTierName
              ? `等级进度：近期消费 ${yuan(d.growthFen)}，距「${d.nextTierName}」还差 ${yuan(Math.max(0, (d.nextTierThresholdFen ?? 0) - d.growthFen))}`
              : `已是最高等级（近期消费 ${yuan(d.growthFen)}）`}
          </Typography.Text>
          <Progress percent={progress} showInfo={false} />
        </div>
      </Card>
      <InsightPanel insight={d.insight} />
      <Card>
        <Tabs
          items={[
            {
              key: 'visits',
              label: `消费记录（${d.visits.length}）`,
              children: (
                <Table
                  rowKey="id"
                  size="small"
                  dataSource={d.visits}
                  pagination={{ pageSize: 10 }}
                  locale={{ emptyText: '还没有消费记录' }}
                  columns={[
                    { title: '时间', dataIndex: 'occurredAt', render: dateTime },
                    { title: '门店', dataIndex: 'storeName' },
                    { title: '消费', dataIndex: 'amountFen', align: 'right', render: yuan },
                    { title: '优惠', dataIndex: 'discountFen', align: 'right', render: yuan },
                    { title: '实付', dataIndex: 'paidFen', align: 'right', render: yuan },
                    { title: '积分', dataIndex: 'pointsEarned', align: 'right' },
                    {
                      title: '状态',
                      dataIndex: 'status',
                      render: (s: string) =>
                        s === 'VOID' ? <Tag color="red">已撤销</Tag> : <Tag color="green">正常</Tag>,
                    },
                  ]}
                />
              ),
            },
            {
              key: 'coupons',
              label: `券（${d.coupons.length}）`,
              children: (
                <Table
                  rowKey="code"
                  size="small"
                  dataSource={d.coupons}
                  pagination={{ pageSize: 10 }}
                  locale={{ emptyText: '还没有券' }}
                  columns={[
                    { title: '券', dataIndex: 'name' },
                    {
                      title: '券码',
                      dataIndex: 'code',
                      render: (c: string) => (
                        <Typography.Text code copyable>
                          {c}
                        </Typography.Text>
                      ),
                    },
                    {
                      title: '状态',
                      dataIndex: 'status',
                      filters: Object.entries(COUPON_STATUS_LABELS).map(([value, l]) => ({
                        value,
                        text: l.text,
                      })),
                      onFilter: (v, r) => r.status === v,
                      render: (s: string) => (
                        <Tag color={COUPON_STATUS_LABELS[s]?.color}>{COUPON_STATUS_LABELS[s]?.text ?? s}</Tag>
                      ),
                    },
                    { title: '有效期至', dataIndex: 'validTo', render: dateTime },
                    { title: '使用时间', dataIndex: 'usedAt', render: dateTime },
                  ]}
                />
              ),
            },
            {
              key: 'points',
              label: '积分流水',
              children: <Ledger rows={d.points} unit="points" />,
            },
            {
              key: 'wallet',
              label: '储值流水',
              children: <Ledger rows={d.wallet} unit="fen" />,
            },
          ]}
        />
      </Card>
      <Modal
        open={dialog !== null}
        title={{ points: '调整积分', coupon: '发券给该会员', tag: '添加标签' }[dialog ?? 'points']}
        okText="确定"
        cancelText="取消"
        confirmLoading={adjust.isPending || tag.isPending || issue.isPending}
        onCancel={() => setDialog(null)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => {
            if (dialog === 'points') adjust.mutate(v as { points: number; reason: string });
            if (dialog === 'tag') tag.mutate(v as { tag: string });
            if (dialog === 'coupon') issue.mutate(v as { templateId: string });
          }}
        >
          {dialog === 'points' && (
            <>
              <Form.Item
                name="points"
                label="积分变动（正数增加，负数扣减）"
                rules={[
                  { required: true, message: '请输入积分' },
                  {
                    validator: (_, v) =>
                      v === 0 ? Promise.reject(new Error('不能为 0')) : Promise.resolve(),
                  },
                ]}
              >
                <InputNumber precision={0} style={{ width: '100%' }} min={-1_000_000} max={1_000_000} />
              </Form.Item>
              <Form.Item
                name="reason"
                label="原因（会记录在操作日志）"
                rules={[{ required: true, min: 2, message: '请填写至少 2 个字的原因' }]}
              >
                <Input.TextArea rows={2} maxLength={100} showCount />
              </Form.Item>
            </>
          )}
          {dialog === 'coupon' && (
            <Form.Item name="templateId" label="券模板" rules={[{ required: true, message: '请选择券模板' }]}>
              <Select
                showSearch
                optionFilterProp="label"
                placeholder="选择要发放的券"
                options={(templates.data ?? [])
                  .filter((t) => t.active)
                  .map((t) => ({ value: t.id, label: `${t.name}（${t.summary}）` }))}
              />
            </Form.Item>
          )}
          {dialog === 'tag' && (
            <Form.Item
              name="tag"
              label="标签"
              rules={[
                { required: true, message: '请输入标签' },
                { max: 32, message: '最多 32 个字' },
                { pattern: /^[^,]+$/, message: '不能含逗号' },
              ]}
            >
              <Input placeholder="如：生日宴、怕辣" />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Space>
  );
}

function Ledger({ rows, unit }: { rows: Schemas['LedgerRowDto'][]; unit: 'points' | 'fen' }) {
  const fmt = (n: number) => (unit === 'fen' ? yuan(n) : String(n));
  return (
    <Table
      rowKey="id"
      size="small"
      dataSource={rows}
      pagination={{ pageSize: 10 }}
      locale={{ emptyText: '暂无流水' }}
      columns={[
        { title: '时间', dataIndex: 'createdAt', render: dateTime },
        { title: '说明', dataIndex: 'reason' },
        {
          title: '变动',
          dataIndex: 'amount',
          align: 'right',
          render: (n: number) => (
            <Typography.Text type={n < 0 ? 'danger' : 'success'}>
              {n > 0 ? `+${fmt(n)}` : fmt(n)}
            </Typography.Text>
          ),
        },
        { title: '余额', dataIndex: 'balanceAfter', align: 'right', render: fmt },
      ]}
    />
  );
}
