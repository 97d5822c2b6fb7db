import { AUDIT_ACTION_LABELS } from '@tableside/shared';
import { useState } from 'react';
import { Card, Select, Space, Table, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, ok } from '../../../api/typed';
import { useDocumentTitle } from '../../../components/use-document-title';
import { dateTime } from '../../../lib-format';

/** The action filter offers every audited action by its Chinese name (one list, in shared). */
const ACTION_OPTIONS = Object.entries(AUDIT_ACTION_LABELS).map(([value, label]) => ({ value, label }));

export function AuditLogPage() {
  useDocumentTitle('操作日志');
  const [action, setAction] = useState<string>();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const query = { ...page, ...(action ? { action } : {}) };
  const log = useQuery({
    queryKey: ['audit', query],
    queryFn: () => ok(api.GET('/api/admin/audit', { params: { query } })),
    placeholderData: keepPreviousData,
  });
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        操作日志
      </Typography.Title>
      <Card
        extra={
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder="按操作筛选，如：调整积分"
            options={ACTION_OPTIONS}
            onChange={(v?: string) => {
              setAction(v || undefined);
              setPage((p) => ({ ...p, page: 1 }));
            }}
            style={{ width: 260 }}
            aria-label="按操作筛选"
          />
        }
      >
        <Table
          rowKey="id"
          loading={log.isFetching}
          dataSource={log.data?.items ?? []}
          locale={{ emptyText: '暂无操作记录' }}
          pagination={{
            current: page.page,
            pageSize: page.pageSize,
            total: log.data?.total ?? 0,
            onChange: (p, s) => setPage({ page: p, pageSize: s }),
          }}
          columns={[
            { title: '时间', dataIndex: 'createdAt', render: dateTime, width: 170 },
            { title: '员工', dataIndex: 'staffName', width: 120, render: (n: string | null) => n ?? '系统' },
            { title: '操作', dataIndex: 'actionLabel', width: 200 },
            { title: '对象', dataIndex: 'targetLabel', width: 240 },
            {
              title: '详情',
              dataIndex: 'summary',
              render: (d: string) => <Typography.Text type="secondary">{d || '—'}</Typography.Text>,
            },
          ]}
        />
      </Card>
    </Space>
  );
}
