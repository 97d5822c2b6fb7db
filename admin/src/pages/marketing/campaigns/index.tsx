import { lazy, Suspense, useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Progress,
  Radio,
  Row,
  Select,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ok, type Schemas } from '../../../api/typed';
import { CouponSmsFields } from '../../../components/coupon-sms-fields';
import { useDocumentTitle } from '../../../components/use-document-title';
import { UpliftCard } from '../../../components/uplift-card';
import { dateTime, yuan } from '../../../lib-format';

const CampaignTrendChart = lazy(() =>
  import('../../dashboard/overview/charts').then((m) => ({ default: m.CampaignTrendChart })),
);

type Row = Schemas['CampaignRowDto'];
type Input = Schemas['CampaignInputDto'];

const STATE: Record<string, { text: string; color: string }> = {
  READY: { text: '待发送', color: 'default' },
  SCHEDULED: { text: '已定时', color: 'blue' },
  RUNNING: { text: '发送中', color: 'processing' },
  DONE: { text: '已完成', color: 'success' },
  FAILED: { text: '已中断', color: 'error' },
};

interface Draft {
  name: string;
  audienceKind: 'all' | 'segment' | 'list';
  segmentId?: string;
  /** Numbers read from the uploaded file. */
  phones?: string[];
  when: 'now' | 'later';
  scheduledAt?: Dayjs | null;
  withCoupon: boolean;
  templateId?: string;
  couponCount: number;
  withSms: boolean;
  smsText: string;
  wechat: boolean;
  holdoutPercent: number;
}

function toInput(d: Draft): Input | null {
  if (!d.name?.trim()) return null;
  if (d.audienceKind === 'segment' && !d.segmentId) return null;
  if (d.audienceKind === 'list' && !d.phones?.length) return null;
  if (d.when === 'later' && !d.scheduledAt) return null;
  if (!d.withCoupon && !d.withSms && !d.wechat) return null;
  if (d.wechat && !d.withCoupon) return null;
  if (d.withCoupon && !d.templateId) return null;
  if (d.withSms && !d.smsText?.trim()) return null;
  return {
    name: d.name.trim(),
    audience:
      d.audienceKind === 'all'
        ? { all: true }
        : d.audienceKind === 'list'
          ? { phones: d.phones! }
          : { segmentId: d.segmentId! },
    ...(d.when === 'later' && d.scheduledAt ? { scheduledAt: d.scheduledAt.toDate().toISOString() } : {}),
    ...(d.withCoupon ? { coupon: { templateId: d.templateId!, count: d.couponCount } } : {}),
    ...(d.withSms ? { sms: { text: d.smsText.trim() } } : {}),
    ...(d.wechat ? { wechat: true } : {}),
    holdoutPercent: d.holdoutPercent,
  };
}

/** Reads a CSV / text file of phone numbers in the browser: the first cell of each line, header skipped. */
function PhoneListInput({ value, onChange }: { value?: string[]; onChange?: (phones: string[]) => void }) {
  const [fileName, setFileName] = useState<string | null>(null);
  return (
    <Space orientation="vertical" size={4}>
      <input
        type="file"
        accept=".csv,.txt,text/csv,text/plain"
        aria-label="选择名单文件"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (!file) return;
          setFileName(file.name);
          void file.text().then((text) =>
            onChange?.(
              text
                .split(/\r?\n/)
                .map((line) =>
                  line
                    .split(',')[0]
                    .replace(/^\uFEFF/, '')
                    .replace(/"/g, '')
                    .trim(),
                )
                .filter((cell) => cell && !/^(手机号|phone|mobile)/i.test(cell)),
            ),
          );
        }}
      />
      {value?.length ? (
        <Typography.Text type="secondary">
          {fileName}：读到 {value.length} 行号码（格式不对的会在预览的人数里去掉）
        </Typography.Text>
      ) : null}
    </Space>
  );
}

/** Audience → actions → holdout, with the preview of what sending would do. */
function NewCampaign({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Draft>();
  const segments = useQuery({ queryKey: ['segments'], queryFn: () => ok(api.GET('/api/admin/segments')) });
  const draft = Form.useWatch([], form) as Draft | undefined;
  const input = draft ? toInput(draft) : null;
  // The preview asks the server once per pause in typing (the draft as text: a stable dependency).
  const inputKey = JSON.stringify(input);
  const [debounced, setDebounced] = useState<Input | null>(null);
  useEffect(() => {
    const h = setTimeout(() => setDebounced(JSON.parse(inputKey) as Input | null), 400);
    return () => clearTimeout(h);
  }, [inputKey]);
  const preview = useQuery({
    queryKey: ['campaign-preview', debounced],
    enabled: !!debounced,
    queryFn: () => ok(api.POST('/api/admin/campaigns/preview', { body: debounced! }), { silent: true }),
  });
  const create = useMutation({
    mutationFn: (body: Input) => ok(api.POST('/api/admin/campaigns', { body })),
    onSuccess: (c) => {
      void message.success(`已创建「${c.name}」：在列表里点「开始发送」`);
      void qc.invalidateQueries({ queryKey: ['campaigns'] });
      form.resetFields();
      onClose();
    },
    onError: (e) => void message.error(e.message),
  });
  const p = preview.data;
  return (
    <Modal
      open={open}
      title="新建营销活动"
      width={760}
      okText="创建活动"
      cancelText="取消"
      onCancel={onClose}
      okButtonProps={{ disabled: !input, loading: create.isPending }}
      onOk={() => input && create.mutate(input)}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          audienceKind: 'all',
          when: 'now',
          withCoupon: true,
          couponCount: 1,
          withSms: false,
          wechat: false,
          smsText: '{name}您好，送您一张优惠券，{expiry}前有效',
          holdoutPercent: 10,
        }}
      >
        <Form.Item name="name" label="活动名称" rules={[{ required: true, max: 64, message: '1–64 个字' }]}>
          <Input placeholder="如：沉睡会员回归礼" />
        </Form.Item>
        <Form.Item name="audienceKind" label="发给谁">
          <Radio.Group
            options={[
              { value: 'all', label: '全部会员' },
              { value: 'segment', label: '已保存的客群' },
              { value: 'list', label: '上传手机号名单' },
            ]}
          />
        </Form.Item>
        {draft?.audienceKind === 'list' && (
          <Form.Item
            name="phones"
            label="手机号名单"
            extra="CSV 或文本文件：每行一个号码（或第一列是号码），最多 30000 个；不是会员的号码不会收到任何东西"
            rules={[{ required: true, message: '请选择名单文件' }]}
            getValueFromEvent={(phones: string[]) => phones}
          >
            <PhoneListInput />
          </Form.Item>
        )}
        {draft?.audienceKind === 'segment' && (
          <Form.Item name="segmentId" label="客群" rules={[{ required: true, message: '请选择客群' }]}>
            <Select
              placeholder={segments.data?.length ? '请选择' : '还没有客群：先到「客群」页保存一个'}
              options={(segments.data ?? []).map((s) => ({
                value: s.id,
                label: `${s.name}（${s.summary}）`,
              }))}
            />
          </Form.Item>
        )}
        <CouponSmsFields
          withCoupon={draft?.withCoupon}
          withSms={draft?.withSms}
          countLabel="每人张数"
          smsVariables={'{name} 姓名、{coupon} 券码、{expiry} 有效期'}
        />
        <Form.Item
          name="wechat"
          label="微信订阅消息"
          extra={draft?.wechat && !draft?.withCoupon ? '券到账提醒需要同时发券' : undefined}
          validateStatus={draft?.wechat && !draft?.withCoupon ? 'error' : undefined}
        >
          <Radio.Group
            options={[
              { value: true, label: '发「券到账提醒」（只发给在小程序里订阅过的会员）' },
              { value: false, label: '不发' },
            ]}
          />
        </Form.Item>
        <Space align="start" wrap>
          <Form.Item name="when" label="什么时候发">
            <Radio.Group
              options={[
                { value: 'now', label: '点「开始发送」时' },
                { value: 'later', label: '定时' },
              ]}
            />
          </Form.Item>
          {draft?.when === 'later' && (
            <Form.Item
              name="scheduledAt"
              label="发送时间"
              rules={[
                { required: true, message: '请选择发送时间' },
                {
                  validator: (_r, v: Dayjs | null) =>
                    !v || v.isAfter(dayjs().add(1, 'minute'))
                      ? Promise.resolve()
                      : Promise.reject(new Error('应晚于现在至少 1 分钟')),
                },
              ]}
            >
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
            </Form.Item>
          )}
        </Space>
        <Form.Item
          name="holdoutPercent"
          label="对照组比例"
          extra="随机留出这部分会员什么都不发，用来对比出活动带来的真实增量"
          rules={[{ required: true, type: 'integer', min: 0, max: 50, message: '0–50 的整数' }]}
        >
          <InputNumber addonAfter="%" />
        </Form.Item>
      </Form>
      <Card size="small" title="发送前预览" data-testid="campaign-preview">
        {!input ? (
          <Typography.Text type="secondary">填好名称、受众和至少一种动作后显示</Typography.Text>
        ) : preview.isError ? (
          <Alert type="error" showIcon title={(preview.error as Error).message} />
        ) : !p ? (
          <Skeleton active paragraph={{ rows: 2 }} />
        ) : (
          <Row gutter={16}>
            <Col span={6}>
              <Statistic title="受众" value={p.audience} suffix="人" />
            </Col>
            <Col span={6}>
              <Statistic title="实际发送（估）" value={p.treated} suffix="人" />
            </Col>
            <Col span={6}>
              <Statistic title="对照组（估）" value={p.holdout} suffix="人" />
            </Col>
            <Col span={6}>
              <Statistic title="排除" value={p.excludedConsent + p.excludedCap} suffix="人" />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                未同意短信 {p.excludedConsent} · 超频次 {p.excludedCap}
              </Typography.Text>
            </Col>
            <Col span={12} style={{ marginTop: 12 }}>
              <Typography.Text>
                短信费用约 {yuan(p.smsCostFen)}；券面额合计 {yuan(p.couponLiabilityFen)}（全部核销时）
              </Typography.Text>
            </Col>
            <Col span={12} style={{ marginTop: 12 }}>
              {p.stockLeft !== null && p.stockLeft < p.treated * (draft?.couponCount ?? 1) && (
                <Alert
                  type="warning"
                  showIcon
                  title={`券库存只剩 ${p.stockLeft} 张：发完为止，其余会员不发券`}
                />
              )}
            </Col>
          </Row>
        )}
      </Card>
    </Modal>
  );
}

function Results({ id, onClose }: { id: string | null; onClose: () => void }) {
  const q = useQuery({
    queryKey: ['campaign', id],
    enabled: !!id,
    queryFn: () => ok(api.GET('/api/admin/campaigns/{id}', { params: { path: { id: id! } } })),
    refetchInterval: (query) => (query.state.data?.campaign.status.state === 'RUNNING' ? 1000 : false),
  });
  const r = q.data;
  const s = r?.campaign.status;
  return (
    <Drawer open={!!id} onClose={onClose} width={720} title={r ? `活动效果：${r.campaign.name}` : '活动效果'}>
      {!r || !s ? (
        <Skeleton active />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="campaign-results">
          <Descriptions size="small" column={2}>
            <Descriptions.Item label="受众">{r.campaign.audienceLabel}</Descriptions.Item>
            <Descriptions.Item label="状态">
              <Tag color={STATE[s.state]?.color}>{STATE[s.state]?.text ?? s.state}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="统计窗口">
              {r.window
                ? `${dateTime(r.window.from)} 起 ${r.window.days} 天${new Date(r.window.to) > new Date() ? '（进行中）' : ''}`
                : '尚未发送'}
            </Descriptions.Item>
            <Descriptions.Item label="对照组">{`${r.campaign.holdoutPercent}%（${s.holdout} 人）`}</Descriptions.Item>
          </Descriptions>
          <Row gutter={12}>
            {[
              ['受众', s.audience],
              ['收到活动', r.treated.members],
              ['发出短信', s.smsQueued],
              ['短信送达（回执）', r.sms.delivered],
              ['短信失败 / 退订', r.sms.failed],
              ['发出券', s.couponsIssued],
              ['券已核销', r.couponsRedeemed],
              ['来店（收到活动的）', r.treated.visitors],
            ].map(([t, v]) => (
              <Col span={8} key={t as string} style={{ marginBottom: 12 }}>
                <Statistic title={t as string} value={v as number} />
              </Col>
            ))}
          </Row>
          <UpliftCard
            title="活动带来的增量（与对照组相比）"
            uplift={r.uplift}
            roi={r.roi}
            visitors={r.treated.visitors + r.holdout.visitors}
            couponCostFen={r.couponCostFen}
            smsCostFen={r.smsCostFen}
          />
          <Card size="small" title="每天到店的会员占比">
            <Suspense fallback={<Skeleton active />}>
              <CampaignTrendChart data={r.trend} />
            </Suspense>
          </Card>
        </Space>
      )}
    </Drawer>
  );
}

const SMS_STATE: Record<string, { text: string; color: string }> = {
  QUEUED: { text: '排队中', color: 'default' },
  SENT: { text: '已发出', color: 'processing' },
  DELIVERED: { text: '已送达', color: 'success' },
  FAILED: { text: '失败', color: 'error' },
};

/** The SMS outbox: what the campaigns queued and what became of it (the demo's is simulated). */
function Outbox({ open, onClose }: { open: boolean; onClose: () => void }) {
  const q = useQuery({
    queryKey: ['sms-outbox'],
    enabled: open,
    queryFn: () => ok(api.GET('/api/admin/campaigns/sms-outbox')),
    refetchInterval: open ? 5000 : false,
  });
  return (
    <Drawer open={open} onClose={onClose} width={820} title="短信发件箱">
      {q.data?.simulated && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title="演示环境：这是模拟短信通道，短信不会真的发出；到了发送时间会标记为「已送达」（SIM- 开头的回执号）。"
        />
      )}
      <Typography.Paragraph type="secondary">
        排队中 {q.data?.queued ?? '…'} 条（免打扰时段的短信排到早上再发）。只显示最近 200 条，手机号已打码。
      </Typography.Paragraph>
      <Table
        size="small"
        rowKey="id"
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: '还没有短信：发一个带短信的营销活动后这里会出现' }}
        columns={[
          { title: '手机号', dataIndex: 'phone', width: 120 },
          { title: '内容', dataIndex: 'text' },
          { title: '活动', dataIndex: 'campaignName', width: 120, render: (v: string | null) => v ?? '—' },
          {
            title: '状态',
            dataIndex: 'status',
            width: 90,
            render: (v: string) => <Tag color={SMS_STATE[v]?.color}>{SMS_STATE[v]?.text ?? v}</Tag>,
          },
          { title: '发送时间', dataIndex: 'sendAfter', width: 150, render: (v: string) => dateTime(v) },
        ]}
      />
    </Drawer>
  );
}

export function CampaignListPage() {
  useDocumentTitle('营销活动');
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [viewing, setViewing] = useState<string | null>(null);
  const [outbox, setOutbox] = useState(false);
  const list = useQuery({
    queryKey: ['campaigns'],
    queryFn: () => ok(api.GET('/api/admin/campaigns')),
    refetchInterval: (query) => (query.state.data?.some((c) => c.status.state === 'RUNNING') ? 1000 : false),
  });
  const start = useMutation({
    mutationFn: (id: string) => ok(api.POST('/api/admin/campaigns/{id}/start', { params: { path: { id } } })),
    onSuccess: (c) => {
      void message.success(`「${c.name}」开始发送`);
      void qc.invalidateQueries({ queryKey: ['campaigns'] });
    },
    onError: (e) => void message.error(e.message),
  });
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          营销活动
        </Typography.Title>
        <Space>
          <Button onClick={() => setOutbox(true)}>短信发件箱</Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建活动
          </Button>
        </Space>
      </Space>
      <Card>
        <Table<Row>
          rowKey="id"
          loading={list.isLoading}
          dataSource={list.data ?? []}
          locale={{ emptyText: '还没有营销活动：点右上角「新建活动」' }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: '活动', dataIndex: 'name' },
            { title: '受众', dataIndex: 'audienceLabel', ellipsis: true },
            {
              title: '动作',
              render: (_v, c) =>
                [
                  c.templateName ? `发券「${c.templateName}」×${c.couponCount}` : null,
                  c.smsText ? '短信' : null,
                  c.wechat ? '微信提醒' : null,
                ]
                  .filter(Boolean)
                  .join(' + '),
            },
            { title: '对照组', dataIndex: 'holdoutPercent', render: (v: number) => `${v}%`, width: 80 },
            {
              title: '状态',
              width: 220,
              render: (_v, c) => (
                <Space orientation="vertical" size={0} style={{ width: '100%' }}>
                  <Tag color={STATE[c.status.state]?.color}>{STATE[c.status.state]?.text}</Tag>
                  {c.status.state !== 'READY' && c.expectedAudience > 0 && (
                    <Progress
                      size="small"
                      percent={Math.min(100, Math.floor((c.status.audience / c.expectedAudience) * 100))}
                      status={
                        c.status.state === 'FAILED'
                          ? 'exception'
                          : c.status.state === 'DONE'
                            ? 'success'
                            : 'active'
                      }
                      format={() => `${c.status.audience}/${c.expectedAudience}`}
                    />
                  )}
                  {c.status.state === 'SCHEDULED' && c.scheduledAt && (
                    <Typography.Text type="secondary">{dateTime(c.scheduledAt)} 自动发送</Typography.Text>
                  )}
                  {c.failure && <Typography.Text type="danger">{c.failure}</Typography.Text>}
                </Space>
              ),
            },
            { title: '发券', render: (_v, c) => c.status.couponsIssued, width: 70, align: 'right' },
            { title: '短信', render: (_v, c) => c.status.smsQueued, width: 70, align: 'right' },
            {
              title: '操作',
              width: 180,
              render: (_v, c) => (
                <Space>
                  {(c.status.state === 'READY' || c.status.state === 'FAILED') && (
                    <Popconfirm
                      title={
                        c.status.state !== 'READY'
                          ? '从中断处继续发送？'
                          : c.scheduledAt
                            ? `确认在 ${dateTime(c.scheduledAt)} 发送？`
                            : '现在开始发送？'
                      }
                      description="发出的券和短信不能撤回；每位会员只会收到一次。"
                      okText="发送"
                      cancelText="取消"
                      onConfirm={() => start.mutate(c.id)}
                    >
                      <Button type="primary" size="small">
                        {c.status.state !== 'READY' ? '继续发送' : c.scheduledAt ? '确认定时' : '开始发送'}
                      </Button>
                    </Popconfirm>
                  )}
                  <Button size="small" onClick={() => setViewing(c.id)}>
                    效果
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <NewCampaign open={creating} onClose={() => setCreating(false)} />
      <Results id={viewing} onClose={() => setViewing(null)} />
      <Outbox open={outbox} onClose={() => setOutbox(false)} />
    </Space>
  );
}
