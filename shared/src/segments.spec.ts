import { describeSegmentFilter, validateSegmentFilter, type SegmentFilter } from './segments';

describe('segment filter schema', () => {
  it('accepts every field with its operators and describes the filter in words', () => {
    const f: SegmentFilter = {
      all: [
        { field: 'rScore', op: 'gte', value: 4 },
        { field: 'lifecycle', op: 'in', value: ['DORMANT', 'LOST'] },
        { field: 'monetaryFen', op: 'between', value: [10_000, 500_000] },
        { field: 'consentSms', op: 'eq', value: true },
        { field: 'pAlive', op: 'empty' },
        { field: 'joinedOn', op: 'between', value: ['2026-01-01', '2026-06-30'] },
      ],
    };
    expect(validateSegmentFilter(f)).toEqual([]);
    expect(describeSegmentFilter(f)).toBe(
      '近度分 R 不少于 4；生命周期 属于 沉睡、流失；近一年消费金额 介于 ¥100.00–¥5000.00；同意营销短信 等于 是；仍活跃概率 没有数据；入会日期 介于 2026-01-01–2026-06-30',
    );
  });

  it('refuses unknown fields, wrong operators and values, each named in Chinese', () => {
    const problems = validateSegmentFilter({
      all: [
        { field: 'm.id OR 1=1', op: 'eq', value: 1 },
        { field: 'tag', op: 'gt', value: 'x' },
        { field: 'rScore', op: 'gte', value: 9 },
        { field: 'lifecycle', op: 'eq', value: "'; DROP TABLE member; --" },
        { field: 'monetaryFen', op: 'between', value: [500, 100] },
        { field: 'consentSms', op: 'eq', value: 'yes' },
        { field: 'pAlive', op: 'empty', value: 1 },
      ],
    });
    expect(problems).toEqual([
      '第 1 个条件：不支持的筛选项',
      '第 2 个条件：「标签」不能用「大于」',
      '第 3 个条件（近度分 R）：应在 1–5 之间',
      '第 4 个条件（生命周期）：不是可选的值',
      '第 5 个条件（近一年消费金额）：起始值不能大于结束值',
      '第 6 个条件（同意营销短信）：请选择是或否',
      '第 7 个条件：「没有数据」不需要填值',
    ]);
    expect(validateSegmentFilter(null)).toEqual(['筛选条件格式不正确']);
    expect(
      validateSegmentFilter({ all: Array(21).fill({ field: 'rScore', op: 'gte', value: 1 }) }),
    ).toContain('最多 20 个条件');
  });
});
