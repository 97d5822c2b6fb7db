import { lazy, Suspense, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Skeleton,
  Space,
  Statistic,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { AUTOMATION_TRIGGERS, AUTOMATION_TRIGGER_SPECS, type AutomationTrigger } from '@tableside/shared';
import { api, ok, type Schemas } from '../../../api/typed';
import { FormModal } from '../../../components/form-modal';
import { UpliftCard } from '../../../components/uplift-card';
import { CouponSmsFields } from '../../../components/coupon-sms-fields';
import { useDocumentTitle } from '../../../components/use-document-title';
import { dateTime } from '../../../lib-format';

const AutomationDailyChart = lazy(() =>
  import('../../dashboard/overview/charts').then((m) => ({ default: m.AutomationDailyChart })),
);

type Row = Schemas['AutomationRowDto'];
type Input = Schemas['AutomationInputDto'];

/** Variables each trigger can put into its message, on top of {name} {coupon} {expiry}. */
const EXTRA_VARS: Partial<Record<AutomationTrigger, string>> = {
  VISIT: '{amount} 本次消费金额',
  TIER_UPGRADE: '{tier} 新等级',
  COUPON_EXPIRING: '{couponName} 即将到期的券、{expiry} 到期日',
  POINTS_EXPIRING: '{points} 将到期的积分、{expiry} 到期日',
};

/** The subscribe message each trigger sends (the expiring ones remind; the rest announce the coupon). */
const WECHAT_TEMPLATE_LABEL: Partial<Record<AutomationTrigger, string>> = {
  COUPON_EXPIRING: '券即将过期提醒',
  POINTS_EXPIRING: '积分即将过期提醒',
};

interface Draft {
  name: string;
  trigger: AutomationTrigger;
  /** Param values as the user typed them (yuan for money). */
  params: Record<string, number | null>;
  withCoupon: boolean;
  templateId?: string;
  couponCount: number;
  withSms: boolean;
  smsText: string;
  wechat: boolean;
  holdoutPercent: number;
  enabled: boolean;
}

function toInput(d: Draft): Input {
  const spec = AUTOMATION_TRIGGER_SPECS[d.trigger];
  const params: Record<string, number> = {};
  for (const p of spec.params) {
    const v = d.params?.[p.key];
    if (typeof v === 'number') params[p.key] = p.unit === '元' ? Math.round(v * 100) : v;
  }
  return {
    name: d.name.trim(),
    trigger: d.trigger,
    params,
    ...(d.withCoupon ? { coupon: { templateId: d.templateId!, count: d.couponCount } } : {}),
    ...(d.withSms ? { sms: { text: d.smsText.trim() } } : {}),
    ...(d.wechat ? { wechat: true } : {}),
    holdoutPercent: d.holdoutPercent,
    enabled: d.enabled,
  };
}

function fromRow(r: Row): Draft {
  const spec = AUTOMATION_TRIGGER_SPECS[r.trigger as AutomationTrigger];
  const params: Record<string, number> = {};
  for (const p of spec.params) {
    const v = (r.params as Record<string, number | undefined>)[p.key];
    if (typeof v === 'number') params[p.key] = p.unit === '元' ? v / 100 : v;
  }
  return {
    name: r.name,
    trigger: r.trigger as AutomationTrigger,
    params,
    withCoupon: !!r.templateId,
    templateId: r.templateId ?? undefined,
    couponCount: r.couponCount || 1,
    withSms: !!r.smsText,
    smsText: r.smsText ?? '',
    wechat: r.wechat,
    holdoutPercent: r.holdoutPercent,
    enabled: r.enabled,
  };
}

function defaults(trigger: AutomationTrigger): Draft {
  const spec = AUTOMATION_TRIGGER_SPECS[trigger];
  return {
    name: spec.label,
    trigger,
    params: Object.fromEntries(
      spec.params.map((p) => [p.key, p.unit === '元' ? p.default / 100 : p.default]),
    ),
    withCoupon: true,
    couponCount: 1,
    withSms: false,
    smsText: '{name}您好，送您一张优惠券，{expiry}前有效',
    wechat: false,
    holdoutPercent: 10,
    enabled: false,
  };
}

/** Create or edit a rule: trigger (fixed once created) and its settings, what it gives, the holdout. */
function Editor({ editing, onClose }: { editing: Row | 'new' | null; onClose: () => void }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Draft>();
  const draft = Form.useWatch([], form) as Draft | undefined;
  const isNew = editing === 'new';
  const trigger = (draft?.trigger ??
    (editing && editing !== 'new' ? editing.trigger : 'JOIN')) as AutomationTrigger;
  const spec = AUTOMATION_TRIGGER_SPECS[trigger];
  const save = useMutation({
    mutationFn: (body: Input) =>
      isNew
        ? ok(api.POST('/api/admin/automations', { body }))
        : ok(api.PUT('/api/admin/automations/{id}', { params: { path: { id: (editing as Row).id } }, body })),
    onSuccess: (a) => {
      void message.success(`已保存「${a.name}」${a.enabled ? '（已启用）' : '（未启用：在列表里打开开关）'}`);
      void qc.invalidateQueries({ queryKey: ['automations'] });
      onClose();
    },
    onError: (e) => void message.error(e.message),
  });
  return (
    <FormModal
      open={!!editing}
      title={isNew ? '新建自动营销' : '修改自动营销'}
      saving={save.isPending}
      onCancel={onClose}
      onSave={() =>
        // A refused field is shown under it by the form; nothing more to do with the rejection.
        void form.validateFields().then(
          (d) => save.mutate(toInput(d)),
          () => undefined,
        )
      }
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={editing && editing !== 'new' ? fromRow(editing) : defaults('JOIN')}
      >
        <Form.Item
          name="trigger"
          label="什么时候发"
          extra={isNew ? `同一会员${spec.occurrence}` : '触发条件创建后不能修改（已触发的记录按原条件计算）'}
        >
          <Select
            disabled={!isNew}
            options={AUTOMATION_TRIGGERS.map((t) => ({ value: t, label: AUTOMATION_TRIGGER_SPECS[t].label }))}
            onChange={(t: AutomationTrigger) => form.setFieldsValue({ ...defaults(t), trigger: t })}
          />
        </Form.Item>
        {spec.params.map((p) => (
          <Form.Item
            key={`${trigger}-${p.key}`}
            name={['params', p.key]}
            label={p.label}
            rules={[
              { required: true, message: `请填写${p.label}` },
              {
                type: p.unit === '元' ? 'number' : 'integer',
                min: p.unit === '元' ? p.min / 100 : p.min,
                max: p.unit === '元' ? p.max / 100 : p.max,
                message: `${p.label}应为 ${p.unit === '元' ? p.min / 100 : p.min}–${p.unit === '元' ? p.max / 100 : p.max}${p.unit === '元' ? ' 元' : ' 的整数'}`,
              },
              ...(p.unit === '元'
                ? [
                    {
                      validator: (_: unknown, v: unknown) =>
                        typeof v !== 'number' || Number.isInteger(Math.round(v * 100 * 1e6) / 1e6)
                          ? Promise.resolve()
                          : Promise.reject(new Error('金额最多两位小数')),
                    },
                  ]
                : []),
            ]}
          >
            <InputNumber addonAfter={p.unit} style={{ width: 200 }} />
          </Form.Item>
        ))}
        <Form.Item name="name" label="规则名称" rules={[{ required: true, max: 64, message: '1–64 个字' }]}>
          <Input />
        </Form.Item>
        <CouponSmsFields
          withCoupon={draft?.withCoupon}
          withSms={draft?.withSms}
          countLabel="每次张数"
          smsVariables={`{name} 姓名、{coupon} 券码、{expiry} 有效期${EXTRA_VARS[trigger] ? `、${EXTRA_VARS[trigger]}` : ''}`}
        />
        <Form.Item name="wechat" label="微信订阅消息">
          <Radio.Group
            options={[
              {
                value: true,
                label: `发「${WECHAT_TEMPLATE_LABEL[trigger] ?? '券到账提醒'}」（只发给订阅过的会员）`,
              },
              { value: false, label: '不发' },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="holdoutPercent"
          label="对照组比例"
          extra="固定留出这部分会员什么都不发，用来对比出规则带来的真实增量"
          rules={[{ required: true, type: 'integer', min: 0, max: 50, message: '0–50 的整数' }]}
        >
          <InputNumber addonAfter="%" />
        </Form.Item>
        {isNew && (
          <Form.Item name="enabled" label="保存后立即启用" valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
        <Form.Item
          noStyle
          shouldUpdate={(a: Draft, b: Draft) =>
            a.withCoupon !== b.withCoupon || a.withSms !== b.withSms || a.wechat !== b.wechat
          }
        >
          {() =>
            !draft?.withCoupon && !draft?.withSms && !draft?.wechat ? (
              <Alert type="warning" showIcon title="至少要发券、短信或微信提醒之一" />
            ) : null
          }
        </Form.Item>
      </Form>
    </FormModal>
  );
}

function Results({ id, onClose }: { id: string | null; onClose: () => void }) {
  const q = useQuery({
    queryKey: ['automation', id],
    enabled: !!id,
    queryFn: () => ok(api.GET('/api/admin/automations/{id}', { params: { path: { id: id! } } })),
  });
  const r = q.data;
  const s = r?.automation.stats;
  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      width={720}
      title={r ? `规则效果：${r.automation.name}` : '规则效果'}
    >
      {!r || !s ? (
        <Skeleton active />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="automation-results">
          <Descriptions size="small" column={2}>
            <Descriptions.Item label="触发条件">{r.automation.triggerLabel}</Descriptions.Item>
            <Descriptions.Item label="状态">
              {r.automation.enabled ? <Tag color="success">启用中</Tag> : <Tag>未启用</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label="统计口径">每次触发后 {r.attributionDays} 天内的到店</Descriptions.Item>
            <Descriptions.Item label="对照组">{`${r.automation.holdoutPercent}%`}</Descriptions.Item>
          </Descriptions>
          <Row gutter={12}>
            {[
              ['触发', s.fired],
              ['发出', s.treated],
              ['对照组', s.holdout],
              ['未发（未同意短信 / 超频次 / 无库存）', s.excluded],
              ['发出券 / 已核销', `${s.couponsIssued} / ${s.couponsRedeemed}`],
              ['短信', s.smsQueued],
            ].map(([t, v]) => (
              <Col span={8} key={t as string} style={{ marginBottom: 12 }}>
                <Statistic title={t as string} value={v as number | string} />
              </Col>
            ))}
          </Row>
          <UpliftCard
            title="规则带来的增量（与对照组相比）"
            treatedLabel="收到的会员"
            uplift={r.uplift}
            roi={r.roi}
            visitors={r.treated.visitors + r.holdout.visitors}
            couponCostFen={r.couponCostFen}
            smsCostFen={r.smsCostFen}
          />
          <Card size="small" title="最近 30 天每天触发">
            <Suspense fallback={<Skeleton active />}>
              <AutomationDailyChart data={r.daily} />
            </Suspense>
          </Card>
        </Space>
      )}
    </Drawer>
  );
}

const JOB_STATE: Record<string, { text: string; color: string }> = {
  RUNNING: { text: '运行中', color: 'processing' },
  DONE: { text: '完成', color: 'success' },
  FAILED: { text: '失败', color: 'error' },
};

/** The background work behind automations, SMS and the nightly rules: last runs, failures, retries. */
function BackgroundJobs() {
  const q = useQuery({
    queryKey: ['jobs'],
    queryFn: () => ok(api.GET('/api/admin/jobs')),
    refetchInterval: 30_000,
  });
  const d = q.data;
  return (
    <Card
      size="small"
      title="后台任务"
      extra={
        d && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {d.engine === 'bullmq' ? 'Redis 队列（多台服务器共享）' : '本机定时执行'}
            {d.scheduling ? '' : ' · 本部署未开启定时任务（SCHEDULER=0）'}
          </Typography.Text>
        )
      }
    >
      <Table<Schemas['JobRunDto']>
        size="small"
        rowKey={(r) => `${r.name}-${r.occurrence}`}
        loading={q.isLoading}
        dataSource={d?.items ?? []}
        pagination={false}
        locale={{
          emptyText:
            d?.scheduling === false ? '本部署未开启定时任务' : '还没有运行记录：服务启动后每分钟检查一次',
        }}
        columns={[
          { title: '任务', dataIndex: 'label' },
          { title: '批次', dataIndex: 'occurrence', width: 150 },
          {
            title: '状态',
            width: 90,
            render: (_v, r) => (
              <Tag color={JOB_STATE[r.state]?.color}>{JOB_STATE[r.state]?.text ?? r.state}</Tag>
            ),
          },
          {
            title: '尝试',
            width: 70,
            render: (_v, r) => (r.maxAttempts > 1 ? `${r.attempts}/${r.maxAttempts}` : r.attempts),
          },
          { title: '开始', dataIndex: 'startedAt', width: 150, render: (v: string) => dateTime(v) },
          {
            title: '说明',
            render: (_v, r) =>
              r.error ? (
                <Typography.Text type="danger">
                  {r.error}
                  {r.retryAt
                    ? `（${dateTime(r.retryAt)} 自动重试）`
                    : r.state === 'FAILED'
                      ? '（不再重试）'
                      : ''}
                </Typography.Text>
              ) : (
                <Typography.Text type="secondary">{r.instance}</Typography.Text>
              ),
          },
        ]}
      />
    </Card>
  );
}

export function AutomationListPage() {
  useDocumentTitle('自动营销');
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [editing, setEditing] = useState<Row | 'new' | null>(null);
  const [viewing, setViewing] = useState<string | null>(null);
  const list = useQuery({ queryKey: ['automations'], queryFn: () => ok(api.GET('/api/admin/automations')) });
  const toggle = useMutation({
    mutationFn: (v: { id: string; enabled: boolean }) =>
      ok(
        api.POST('/api/admin/automations/{id}/enabled', {
          params: { path: { id: v.id } },
          body: { enabled: v.enabled },
        }),
      ),
    onSuccess: (a) => {
      void message.success(a.enabled ? `「${a.name}」已启用：每 5 分钟检查一次` : `「${a.name}」已停用`);
      void qc.invalidateQueries({ queryKey: ['automations'] });
    },
    onError: (e) => void message.error(e.message),
  });
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            自动营销
          </Typography.Title>
          <Typography.Text type="secondary">
            条件满足时自动发券 / 短信；和营销活动一样遵守频次上限、免打扰时段、短信同意和对照组。
          </Typography.Text>
        </div>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          新建规则
        </Button>
      </Space>
      <Card>
        <Table<Row>
          rowKey="id"
          loading={list.isLoading}
          dataSource={list.data ?? []}
          locale={{ emptyText: '还没有自动营销规则：点右上角「新建规则」，如「首次消费后第 3 天送回头券」' }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            {
              title: '启用',
              width: 70,
              render: (_v, a) => (
                <Switch
                  checked={a.enabled}
                  aria-label={`${a.enabled ? '停用' : '启用'}「${a.name}」`}
                  loading={toggle.isPending && toggle.variables?.id === a.id}
                  onChange={(on) => toggle.mutate({ id: a.id, enabled: on })}
                />
              ),
            },
            { title: '规则', dataIndex: 'name' },
            {
              title: '什么时候发',
              render: (_v, a) => (
                <Space orientation="vertical" size={0}>
                  <span>{a.triggerLabel}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {AUTOMATION_TRIGGER_SPECS[a.trigger as AutomationTrigger]?.occurrence}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: '发什么',
              render: (_v, a) =>
                [
                  a.templateName ? `券「${a.templateName}」×${a.couponCount}` : null,
                  a.smsText ? '短信' : null,
                ]
                  .filter(Boolean)
                  .join(' + '),
            },
            { title: '对照组', dataIndex: 'holdoutPercent', render: (v: number) => `${v}%`, width: 70 },
            {
              title: '累计',
              width: 170,
              render: (_v, a) => (
                <Typography.Text style={{ fontSize: 12 }}>
                  触发 {a.stats.fired} · 发出 {a.stats.treated} · 核销 {a.stats.couponsRedeemed}
                </Typography.Text>
              ),
            },
            {
              title: '最近运行',
              width: 170,
              render: (_v, a) =>
                a.lastError ? (
                  <Typography.Text type="danger">{a.lastError}</Typography.Text>
                ) : a.lastRunAt ? (
                  dateTime(a.lastRunAt)
                ) : (
                  <Typography.Text type="secondary">{a.enabled ? '等待下次检查' : '—'}</Typography.Text>
                ),
            },
            {
              title: '操作',
              width: 130,
              render: (_v, a) => (
                <Space>
                  <Button size="small" onClick={() => setEditing(a)}>
                    修改
                  </Button>
                  <Button size="small" onClick={() => setViewing(a.id)}>
                    效果
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <BackgroundJobs />
      <Editor
        key={editing === 'new' ? 'new' : (editing?.id ?? 'none')}
        editing={editing}
        onClose={() => setEditing(null)}
      />
      <Results id={viewing} onClose={() => setViewing(null)} />
    </Space>
  );
}
