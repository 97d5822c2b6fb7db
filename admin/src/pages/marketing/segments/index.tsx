import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Input,
  InputNumber,
  Popconfirm,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import {
  SEGMENT_FIELDS,
  SEGMENT_OP_LABELS,
  validateSegmentFilter,
  type SegmentCondition,
  type SegmentField,
  type SegmentFieldName,
  type SegmentFilter,
  type SegmentOp,
} from '@tableside/shared';
import { useStores, useTiers } from '../../../api/reference-data';
import { api, ok, type Schemas } from '../../../api/typed';
import { useDocumentTitle } from '../../../components/use-document-title';
import { dateTime } from '../../../lib-format';

type Segment = Schemas['SegmentDto'];
const FIELD_OPTIONS = Object.entries(SEGMENT_FIELDS).map(([value, f]) => ({ value, label: f.label }));
const fieldOf = (name: SegmentFieldName) => SEGMENT_FIELDS[name] as SegmentField;

/** A new condition on a field: its first operator, an empty value. */
export function newCondition(field: SegmentFieldName = 'lifecycle'): SegmentCondition {
  const f = fieldOf(field);
  return { field, op: f.ops[0], value: f.kind === 'bool' ? true : undefined };
}

/** The API document types the filter as a free JSON object (its schema lives in shared/segments.ts). */
const asJson = (f: SegmentFilter) => f as unknown as Record<string, unknown>;

/** Waits until the user stops typing (the live count asks the server once per pause). */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

/** The value editor for one condition, by the field's kind and the operator. */
function ValueInput({
  c,
  onChange,
  options,
}: {
  c: SegmentCondition;
  onChange: (v: unknown) => void;
  options: { value: string; label: string }[];
}) {
  const f = fieldOf(c.field);
  if (c.op === 'empty' || c.op === 'notEmpty') return null;
  const money = f.kind === 'money';
  const num = (v: unknown, set: (n: number | undefined) => void, label?: string) => (
    <InputNumber
      aria-label={label ?? `${f.label}的值`}
      value={typeof v === 'number' ? (money ? v / 100 : v) : null}
      onChange={(n) =>
        set(n === null || n === undefined ? undefined : money ? Math.round(Number(n) * 100) : Number(n))
      }
      addonAfter={money ? '元' : f.unit}
      style={{ width: 150 }}
    />
  );
  if (f.kind === 'number' || f.kind === 'money') {
    if (c.op === 'between') {
      const [a, b] = (Array.isArray(c.value) ? c.value : [undefined, undefined]) as (number | undefined)[];
      return (
        <Space>
          {num(a, (n) => onChange([n, b]), `${f.label}起`)}
          <span>至</span>
          {num(b, (n) => onChange([a, n]), `${f.label}止`)}
        </Space>
      );
    }
    if (c.op === 'in')
      return (
        <Select
          mode="tags"
          aria-label={`${f.label}的值`}
          style={{ minWidth: 200 }}
          value={(Array.isArray(c.value) ? c.value : []).map(String)}
          onChange={(vs: string[]) => onChange(vs.map(Number).filter((n) => !Number.isNaN(n)))}
        />
      );
    return num(c.value, (n) => onChange(n));
  }
  if (f.kind === 'bool')
    return (
      <Select
        aria-label={`${f.label}的值`}
        style={{ width: 100 }}
        value={c.value === false ? 'no' : 'yes'}
        onChange={(v) => onChange(v === 'yes')}
        options={[
          { value: 'yes', label: '是' },
          { value: 'no', label: '否' },
        ]}
      />
    );
  if (f.kind === 'date') {
    if (c.op === 'between') {
      const [a, b] = (Array.isArray(c.value) ? c.value : [null, null]) as (string | null)[];
      return (
        <DatePicker.RangePicker
          value={a && b ? [dayjs(a), dayjs(b)] : null}
          onChange={(r) =>
            onChange(r?.[0] && r?.[1] ? [r[0].format('YYYY-MM-DD'), r[1].format('YYYY-MM-DD')] : undefined)
          }
        />
      );
    }
    return (
      <DatePicker
        value={typeof c.value === 'string' ? dayjs(c.value) : null}
        onChange={(d) => onChange(d ? d.format('YYYY-MM-DD') : undefined)}
      />
    );
  }
  if (f.kind === 'text')
    return (
      <Input
        aria-label={`${f.label}的值`}
        style={{ width: 180 }}
        value={typeof c.value === 'string' ? c.value : ''}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  return (
    <Select
      aria-label={`${f.label}的值`}
      mode={c.op === 'in' ? 'multiple' : undefined}
      style={{ minWidth: 200 }}
      value={c.value as string | string[] | undefined}
      onChange={(v) => onChange(v)}
      options={options}
      placeholder="请选择"
    />
  );
}

/** Segment builder with a live count, and the saved segments. */
export function SegmentListPage() {
  useDocumentTitle('客群');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const tiers = useTiers();
  const stores = useStores();
  const clusters = useQuery({
    queryKey: ['insight-clusters'],
    queryFn: () => ok(api.GET('/api/admin/insights/clusters')),
  });
  const segments = useQuery({ queryKey: ['segments'], queryFn: () => ok(api.GET('/api/admin/segments')) });
  const [editing, setEditing] = useState<Segment | null>(null);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [conditions, setConditions] = useState<SegmentCondition[]>([
    { field: 'lifecycle', op: 'in', value: ['DORMANT', 'LOST'] },
  ]);
  const filter: SegmentFilter = useMemo(() => ({ all: conditions }), [conditions]);
  const problems = validateSegmentFilter(filter);
  const debounced = useDebounced(filter, 400);
  const debouncedOk = validateSegmentFilter(debounced).length === 0;
  const preview = useQuery({
    queryKey: ['segment-preview', debounced],
    enabled: debouncedOk,
    queryFn: () =>
      ok(api.POST('/api/admin/segments/preview', { body: { filter: asJson(debounced) } }), { silent: true }),
  });
  const optionsFor = (field: SegmentFieldName) => {
    if (field === 'tier') return (tiers.data ?? []).map((t) => ({ value: t.code, label: t.name }));
    if (field === 'joinStore' || field === 'favouriteStore')
      return (stores.data ?? []).map((s) => ({ value: s.code, label: s.name }));
    if (field === 'cluster') return (clusters.data ?? []).map((c) => ({ value: c.key, label: c.name }));
    return Object.entries(fieldOf(field).options ?? {}).map(([value, label]) => ({ value, label }));
  };
  const save = useMutation({
    mutationFn: () => {
      const body = {
        name: name.trim(),
        description: description.trim() || undefined,
        filter: asJson(filter),
      };
      return editing
        ? ok(api.PUT('/api/admin/segments/{id}', { params: { path: { id: editing.id } }, body }))
        : ok(api.POST('/api/admin/segments', { body }));
    },
    onSuccess: (s) => {
      void qc.invalidateQueries({ queryKey: ['segments'] });
      setEditing(s);
      void message.success(`已保存客群「${s.name}」`);
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => ok(api.DELETE('/api/admin/segments/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['segments'] });
      void message.success('已删除客群');
    },
  });
  const set = (i: number, c: SegmentCondition) => setConditions(conditions.map((x, j) => (j === i ? c : x)));
  const startNew = () => {
    setEditing(null);
    setName('');
    setDescription('');
    setConditions([newCondition()]);
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          客群
        </Typography.Title>
        <Button icon={<PlusOutlined />} onClick={startNew}>
          新建客群
        </Button>
      </Space>
      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Card title={editing ? `编辑客群「${editing.name}」` : '新建客群'} data-testid="segment-builder">
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Typography.Text type="secondary">以下条件同时满足的会员</Typography.Text>
              {conditions.map((c, i) => (
                <Space key={i} wrap data-testid="segment-condition">
                  <Select
                    aria-label={`第 ${i + 1} 个条件的筛选项`}
                    style={{ width: 190 }}
                    value={c.field}
                    onChange={(field: SegmentFieldName) => set(i, newCondition(field))}
                    options={FIELD_OPTIONS}
                    showSearch
                    optionFilterProp="label"
                  />
                  <Select
                    aria-label={`第 ${i + 1} 个条件的运算`}
                    style={{ width: 110 }}
                    value={c.op}
                    onChange={(op: SegmentOp) =>
                      set(i, { ...c, op, value: op === 'empty' || op === 'notEmpty' ? undefined : c.value })
                    }
                    options={fieldOf(c.field).ops.map((o) => ({ value: o, label: SEGMENT_OP_LABELS[o] }))}
                  />
                  <ValueInput
                    c={c}
                    options={optionsFor(c.field)}
                    onChange={(value) => set(i, { ...c, value })}
                  />
                  <Button
                    aria-label={`删除第 ${i + 1} 个条件`}
                    icon={<DeleteOutlined />}
                    disabled={conditions.length === 1}
                    onClick={() => setConditions(conditions.filter((_, j) => j !== i))}
                  />
                </Space>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => setConditions([...conditions, newCondition('rScore')])}
              >
                添加条件
              </Button>
              {problems.length > 0 && (
                <Alert type="warning" showIcon title="还不能计算" description={problems.join('；')} />
              )}
              <Space wrap>
                <Input
                  aria-label="客群名称"
                  placeholder="客群名称，如：沉睡的高价值会员"
                  value={name}
                  maxLength={64}
                  onChange={(e) => setName(e.target.value)}
                  style={{ width: 260 }}
                />
                <Input
                  aria-label="说明"
                  placeholder="说明（选填）"
                  value={description}
                  maxLength={200}
                  onChange={(e) => setDescription(e.target.value)}
                  style={{ width: 260 }}
                />
                <Button
                  type="primary"
                  disabled={!name.trim() || problems.length > 0}
                  loading={save.isPending}
                  onClick={() => save.mutate()}
                >
                  保存客群
                </Button>
              </Space>
            </Space>
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card title="实时人数" data-testid="segment-preview">
            {problems.length > 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="把条件填完整后显示人数" />
            ) : (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Statistic
                  title={preview.data?.summary ?? '…'}
                  value={preview.data?.count ?? 0}
                  suffix="位会员"
                  loading={preview.isFetching && !preview.data}
                />
                <div>
                  {(preview.data?.lifecycle ?? []).map((x) => (
                    <Tag key={x.name}>{`${x.name} ${x.count}`}</Tag>
                  ))}
                </div>
                <div>
                  {(preview.data?.rfm ?? []).map((x) => (
                    <Tag color="orange" key={x.name}>{`${x.name} ${x.count}`}</Tag>
                  ))}
                </div>
                <Typography.Text type="secondary">示例会员</Typography.Text>
                {(preview.data?.sample ?? []).map((m) => (
                  <div key={m.id}>{`${m.name ?? '未填姓名'} · ${m.phone ?? '无手机号'} · ${m.tierName}`}</div>
                ))}
              </Space>
            )}
          </Card>
        </Col>
      </Row>
      <Card title="已保存的客群">
        <Table<Segment>
          rowKey="id"
          loading={segments.isLoading}
          dataSource={segments.data ?? []}
          pagination={false}
          locale={{ emptyText: '还没有保存的客群：在上面搭好条件后点「保存客群」' }}
          columns={[
            { title: '名称', dataIndex: 'name' },
            { title: '条件', dataIndex: 'summary' },
            { title: '创建人', dataIndex: 'ownerName', width: 110 },
            { title: '更新时间', dataIndex: 'updatedAt', render: dateTime, width: 160 },
            {
              title: '',
              key: 'op',
              width: 260,
              render: (_, s) => (
                <Space size={0}>
                  <Button type="link" onClick={() => navigate(`/members?segmentId=${s.id}`)}>
                    查看会员
                  </Button>
                  <Button
                    type="link"
                    onClick={() => {
                      setEditing(s);
                      setName(s.name);
                      setDescription(s.description ?? '');
                      setConditions((s.filter as unknown as SegmentFilter).all);
                    }}
                  >
                    编辑
                  </Button>
                  <Popconfirm
                    title={`删除客群「${s.name}」？`}
                    okText="删除"
                    cancelText="取消"
                    onConfirm={() => remove.mutate(s.id)}
                  >
                    <Button type="link" danger>
                      删除
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
