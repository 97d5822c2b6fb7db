import { App, Button, Card, Form, InputNumber, Select, Space, Table, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useStaff } from '../../../auth/auth-context';
import { useTemplates } from '../../../api/reference-data';
import { api, ok, type Schemas } from '../../../api/typed';
import { useDocumentTitle } from '../../../components/use-document-title';
import { yuan } from '../../../lib-format';

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
  const updateTier = useMutation({
    mutationFn: ({ id, body }: { id: string; body: Schemas['UpdateTierDto'] }) =>
      ok(api.PUT('/api/admin/tiers/{id}', { params: { path: { id } }, body })),
    onSuccess: (rows) => {
      qc.setQueryData(['admin-tiers'], rows);
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
        <Table<Schemas['TierAdminDto']>
          rowKey="id"
          loading={tiers.isLoading}
          dataSource={tiers.data ?? []}
          pagination={false}
          columns={[
            { title: '等级', dataIndex: 'name' },
            {
              title: '升级门槛',
              dataIndex: 'thresholdFen',
              render: (v: number, t) =>
                editable && t.rank > 1 ? (
                  <InputNumber
                    defaultValue={v / 100}
                    min={0}
                    precision={0}
                    addonAfter="元"
                    onBlur={(e) => {
                      const fen = Math.round(Number(e.target.value) * 100);
                      if (fen !== v) updateTier.mutate({ id: t.id, body: { thresholdFen: fen } });
                    }}
                  />
                ) : (
                  yuan(v)
                ),
            },
            {
              title: '积分倍数',
              dataIndex: 'pointsMultiplierPercent',
              render: (v: number, t) =>
                editable ? (
                  <InputNumber
                    defaultValue={v / 100}
                    min={1}
                    max={10}
                    step={0.1}
                    precision={1}
                    addonAfter="倍"
                    onBlur={(e) => {
                      const pct = Math.round(Number(e.target.value) * 100);
                      if (pct !== v) updateTier.mutate({ id: t.id, body: { pointsMultiplierPercent: pct } });
                    }}
                  />
                ) : (
                  `${v / 100} 倍`
                ),
            },
            { title: '权益', dataIndex: 'benefits', render: (b: string[]) => b.join('；') || '—' },
            { title: '会员数', dataIndex: 'members', align: 'right' },
          ]}
        />
      </Card>
      <Card title="积分与会员码规则">
        {settings.data && (
          <Form
            form={form}
            layout="inline"
            initialValues={settings.data}
            onFinish={(v) => saveSettings.mutate(v)}
            disabled={!editable}
          >
            <Form.Item name="pointsPerYuan" label="每消费 1 元积">
              <InputNumber min={0} max={100} precision={0} addonAfter="分" />
            </Form.Item>
            <Form.Item
              name="pointsExpiryYears"
              label="积分有效期"
              tooltip="当年获得的积分在 N 年后的年底清零，0 = 永久有效"
            >
              <InputNumber min={0} max={10} precision={0} addonAfter="年" />
            </Form.Item>
            <Form.Item name="memberCodeStepSeconds" label="会员码刷新间隔">
              <InputNumber min={5} max={300} precision={0} addonAfter="秒" />
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
    </Space>
  );
}
