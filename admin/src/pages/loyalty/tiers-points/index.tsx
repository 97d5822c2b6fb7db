import { useState } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { zheLabel } from '@tableside/shared';
import { FormModal } from '../../../components/form-modal';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useStaff } from '../../../auth/auth-context';
import { useTemplates } from '../../../api/reference-data';
import { api, ok, type Schemas } from '../../../api/typed';
import { useDocumentTitle } from '../../../components/use-document-title';
import { yuan } from '../../../lib-format';

type Tier = Schemas['TierAdminDto'];
interface TierForm {
  name: string;
  thresholdYuan: number;
  multiplier: number;
  memberPricePercentOff: number;
  birthdayTemplateId?: string;
}

export function TiersPointsPage() {
  useDocumentTitle('等级与积分');
  const staff = useStaff();
  const editable = staff.role === 'HQ_ADMIN';
  const qc = useQueryClient();
  const { message } = App.useApp();
  const tiers = useQuery({ queryKey: ['admin-tiers'], queryFn: () => ok(api.GET('/api/admin/tiers')) });
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => ok(api.GET('/api/admin/settings')) });
  const templates = useTemplates();
  const [form] = Form.useForm<Schemas['UpdateSettingsDto']>();
  const [tierForm] = Form.useForm<TierForm>();
  const [layerForm] = Form.useForm<LayerForm>();
  const [editing, setEditing] = useState<Tier | null>(null);
  // The table shows what the server holds; edits happen in the form and are saved or cancelled.
  const updateTier = useMutation({
    mutationFn: ({ id, body }: { id: string; body: Schemas['UpdateTierDto'] }) =>
      ok(api.PUT('/api/admin/tiers/{id}', { params: { path: { id } }, body })),
    onSuccess: (rows) => {
      qc.setQueryData(['admin-tiers'], rows);
      setEditing(null);
      void message.success('等级已保存');
    },
  });
  const saveSettings = useMutation({
    mutationFn: (body: Schemas['UpdateSettingsDto']) => ok(api.PUT('/api/admin/settings', { body })),
    onSuccess: (s) => {
      qc.setQueryData(['settings'], s);
      void message.success('积分规则已保存，新的消费按新规则计算');
    },
  });
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        等级与积分
      </Typography.Title>
      <Card
        title="会员等级"
        extra={
          <Typography.Text type="secondary">
            按近 {settings.data?.tierWindowMonths ?? 12} 个月消费金额自动升级
          </Typography.Text>
        }
      >
        <Table<Tier>
          rowKey="id"
          loading={tiers.isLoading}
          dataSource={tiers.data ?? []}
          pagination={false}
          columns={[
            { title: '等级', dataIndex: 'name' },
            { title: '升级门槛', dataIndex: 'thresholdFen', render: (v: number) => `近期消费满 ${yuan(v)}` },
            {
              title: '积分倍数',
              dataIndex: 'pointsMultiplierPercent',
              render: (v: number) => `${v / 100} 倍`,
            },
            {
              title: '会员价',
              dataIndex: 'memberPricePercentOff',
              render: (v: number) => (v ? zheLabel(v) : '—'),
            },
            {
              title: '权益（按设置自动生成）',
              dataIndex: 'benefits',
              render: (b: string[]) => b.map((x) => <Tag key={x}>{x}</Tag>),
            },
            { title: '会员数', dataIndex: 'members', align: 'right' },
            ...(editable
              ? [
                  {
                    title: '',
                    key: 'edit',
                    render: (_: unknown, t: Tier) => (
                      <Button
                        size="small"
                        onClick={() => {
                          setEditing(t);
                          tierForm.setFieldsValue({
                            name: t.name,
                            thresholdYuan: t.thresholdFen / 100,
                            multiplier: t.pointsMultiplierPercent / 100,
                            memberPricePercentOff: t.memberPricePercentOff,
                            birthdayTemplateId: t.birthdayTemplateId ?? undefined,
                          });
                        }}
                      >
                        编辑
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
        <FormModal
          open={editing !== null}
          title={editing ? `编辑等级「${editing.name}」` : ''}
          onCancel={() => setEditing(null)}
          onSave={() => tierForm.submit()}
          saving={updateTier.isPending}
        >
          <Form<TierForm>
            form={tierForm}
            layout="vertical"
            onFinish={(v) =>
              editing &&
              updateTier.mutate({
                id: editing.id,
                body: {
                  name: v.name,
                  ...(editing.rank > 1 ? { thresholdFen: Math.round(v.thresholdYuan * 100) } : {}),
                  pointsMultiplierPercent: Math.round(v.multiplier * 100),
                  memberPricePercentOff: v.memberPricePercentOff,
                  birthdayTemplateId: v.birthdayTemplateId ?? null,
                },
              })
            }
          >
            <Form.Item
              name="name"
              label="等级名称"
              rules={[{ required: true, max: 32, message: '请填写名称（最多 32 字）' }]}
            >
              <Input />
            </Form.Item>
            <Form.Item
              name="thresholdYuan"
              label="升级门槛（近期消费金额，元）"
              extra={editing?.rank === 1 ? '最低等级不设门槛' : '必须高于下一级、低于上一级'}
              rules={[
                { required: true, message: '请填写门槛' },
                { type: 'integer', min: 0, max: 1_000_000, message: '门槛为 0–1,000,000 元的整数' },
              ]}
            >
              <InputNumber
                precision={0}
                addonAfter="元"
                disabled={editing?.rank === 1}
                style={{ width: 200 }}
              />
            </Form.Item>
            <Form.Item
              name="multiplier"
              label="积分倍数"
              rules={[
                { required: true, message: '请填写积分倍数' },
                { type: 'number', min: 1, max: 10, message: '积分倍数为 1–10 倍' },
              ]}
            >
              <InputNumber step={0.1} addonAfter="倍" style={{ width: 160 }} />
            </Form.Item>
            <Form.Item
              name="memberPricePercentOff"
              label="会员价（用券后再减的百分比）"
              extra="例如 5 表示 95 折；0 表示没有会员价。收银台、POS 和小程序买单都会自动计算。"
              rules={[
                { required: true, message: '请填写会员价，没有请填 0' },
                { type: 'integer', min: 0, max: 50, message: '会员价为 0–50 的整数（最多 5 折）' },
              ]}
            >
              <InputNumber addonAfter="% off" style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name="birthdayTemplateId" label="生日礼券">
              <Select
                allowClear
                placeholder="不送"
                options={(templates.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
              />
            </Form.Item>
          </Form>
        </FormModal>
      </Card>
      <Card title="积分与会员码规则">
        {settings.data && (
          <Form
            form={form}
            layout="inline"
            initialValues={settings.data}
            onFinish={(v) => saveSettings.mutate({ ...v, welcomeTemplateId: v.welcomeTemplateId ?? null })}
            disabled={!editable}
          >
            <Form.Item
              name="pointsPerYuan"
              label="每消费 1 元积"
              rules={[{ required: true, type: 'integer', min: 0, max: 100, message: '0–100 的整数' }]}
            >
              <InputNumber addonAfter="分" />
            </Form.Item>
            <Form.Item
              name="pointsExpiryYears"
              label="积分有效期"
              tooltip="当年获得的积分在 N 年后的年底清零，0 = 永久有效"
              rules={[{ required: true, type: 'integer', min: 0, max: 10, message: '0–10 的整数' }]}
            >
              <InputNumber addonAfter="年" />
            </Form.Item>
            <Form.Item
              name="memberCodeStepSeconds"
              label="会员码刷新间隔"
              rules={[{ required: true, type: 'integer', min: 5, max: 300, message: '5–300 秒的整数' }]}
            >
              <InputNumber addonAfter="秒" />
            </Form.Item>
            <Form.Item name="welcomeTemplateId" label="新人礼券">
              <Select
                allowClear
                style={{ minWidth: 220 }}
                placeholder="不送"
                options={(templates.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
              />
            </Form.Item>
            <Form.Item>
              <Button type="primary" htmlType="submit" loading={saveSettings.isPending}>
                保存
              </Button>
            </Form.Item>
          </Form>
        )}
      </Card>
      <Card title="营销规则（所有营销活动共用）">
        <Typography.Paragraph type="secondary">
          频次上限防止打扰：一位会员在 7 天 / 30
          天内最多收到几次营销（券或短信）；免打扰时段内的营销短信排到结束时再发；
          受众超过「需审批人数」的活动，市场人员只能准备，由总部管理员批准发送。
        </Typography.Paragraph>
        {settings.data && (
          <Form<MarketingForm>
            layout="inline"
            initialValues={settings.data}
            onFinish={(v) => saveSettings.mutate(v)}
            disabled={!editable}
          >
            <Form.Item
              name="capPer7Days"
              label="7 天最多"
              rules={[{ required: true, type: 'integer', min: 1, max: 50, message: '1–50 的整数' }]}
            >
              <InputNumber addonAfter="次" />
            </Form.Item>
            <Form.Item
              name="capPer30Days"
              label="30 天最多"
              dependencies={['capPer7Days']}
              rules={[
                { required: true, type: 'integer', min: 1, max: 100, message: '1–100 的整数' },
                ({ getFieldValue }) => ({
                  validator: (_r, v: number) =>
                    v >= getFieldValue('capPer7Days')
                      ? Promise.resolve()
                      : Promise.reject(new Error('不能少于 7 天的上限')),
                }),
              ]}
            >
              <InputNumber addonAfter="次" />
            </Form.Item>
            <Form.Item
              name="quietStartHour"
              label="免打扰从"
              rules={[{ required: true, type: 'integer', min: 0, max: 23, message: '0–23 点' }]}
            >
              <InputNumber addonAfter="点" />
            </Form.Item>
            <Form.Item
              name="quietEndHour"
              label="到"
              dependencies={['quietStartHour']}
              rules={[
                { required: true, type: 'integer', min: 0, max: 23, message: '0–23 点' },
                ({ getFieldValue }) => ({
                  validator: (_r, v: number) =>
                    v !== getFieldValue('quietStartHour')
                      ? Promise.resolve()
                      : Promise.reject(new Error('开始和结束不能相同')),
                }),
              ]}
            >
              <InputNumber addonAfter="点" />
            </Form.Item>
            <Form.Item
              name="campaignApprovalAbove"
              label="需审批人数"
              rules={[
                { required: true, type: 'integer', min: 0, max: 10_000_000, message: '0–10,000,000 的整数' },
              ]}
            >
              <InputNumber addonAfter="人以上" />
            </Form.Item>
            <Form.Item>
              <Button type="primary" htmlType="submit" loading={saveSettings.isPending}>
                保存营销规则
              </Button>
            </Form.Item>
          </Form>
        )}
      </Card>
      <Card title="会员分层规则（核心 / 潜力 / 新客 / 沉睡 / 流失）">
        <Typography.Paragraph type="secondary">
          首次消费在「新客天数」内的是新客；超过「沉睡天数」没来（或超过平常间隔的两倍）是沉睡，超过「流失天数」是流失；
          其余活跃会员里，近一年到店次数和消费都达到门槛的是核心客，其余是潜力客。修改后在下次刷新会员洞察时生效。
        </Typography.Paragraph>
        {settings.data && (
          <Form
            form={layerForm}
            layout="inline"
            initialValues={{ ...settings.data, coreMinSpendYuan: settings.data.coreMinSpendFen / 100 }}
            onFinish={({ coreMinSpendYuan, ...v }: LayerForm) =>
              saveSettings.mutate({ ...v, coreMinSpendFen: Math.round(coreMinSpendYuan * 100) })
            }
            disabled={!editable}
          >
            <Form.Item
              name="lifecycleNewDays"
              label="新客天数"
              rules={[{ required: true, type: 'integer', min: 1, max: 365, message: '1–365 的整数' }]}
            >
              <InputNumber addonAfter="天" />
            </Form.Item>
            <Form.Item
              name="lifecycleDormantDays"
              label="沉睡天数"
              rules={[{ required: true, type: 'integer', min: 7, max: 730, message: '7–730 的整数' }]}
            >
              <InputNumber addonAfter="天" />
            </Form.Item>
            <Form.Item
              name="lifecycleLostDays"
              label="流失天数"
              dependencies={['lifecycleDormantDays']}
              rules={[
                { required: true, type: 'integer', min: 14, max: 1095, message: '14–1095 的整数' },
                ({ getFieldValue }) => ({
                  validator: (_r, v: number) =>
                    v > getFieldValue('lifecycleDormantDays')
                      ? Promise.resolve()
                      : Promise.reject(new Error('流失天数必须大于沉睡天数')),
                }),
              ]}
            >
              <InputNumber addonAfter="天" />
            </Form.Item>
            <Form.Item
              name="coreMinVisits"
              label="核心客：近一年到店至少"
              rules={[{ required: true, type: 'integer', min: 1, max: 365, message: '1–365 的整数' }]}
            >
              <InputNumber addonAfter="次" />
            </Form.Item>
            <Form.Item
              name="coreMinSpendYuan"
              label="且消费至少"
              rules={[
                { required: true, type: 'number', min: 0, max: 10_000_000, message: '0–10,000,000 元' },
                {
                  validator: (_r, v: number) =>
                    Number.isInteger(Math.round(v * 1e6) / 1e4)
                      ? Promise.resolve()
                      : Promise.reject(new Error('金额最多到分（两位小数）')),
                },
              ]}
            >
              <InputNumber addonAfter="元" />
            </Form.Item>
            <Form.Item>
              <Button type="primary" htmlType="submit" loading={saveSettings.isPending}>
                保存分层规则
              </Button>
            </Form.Item>
          </Form>
        )}
      </Card>
    </Space>
  );
}

interface MarketingForm {
  capPer7Days: number;
  capPer30Days: number;
  quietStartHour: number;
  quietEndHour: number;
  campaignApprovalAbove: number;
}

interface LayerForm {
  lifecycleNewDays: number;
  lifecycleDormantDays: number;
  lifecycleLostDays: number;
  coreMinVisits: number;
  coreMinSpendYuan: number;
}
