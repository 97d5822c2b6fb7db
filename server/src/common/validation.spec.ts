import { ArgumentMetadata } from '@nestjs/common';
import { IsArray, IsInt, IsString, Length, Matches, Max } from 'class-validator';
import { AppError } from './app-error';
import { createValidationPipe, fieldLabel, jsonDepth, Omittable } from './validation';

class Sample {
  @IsArray()
  @Matches(/^[A-Za-z0-9-]{1,16}$/, { each: true, message: '桌号只能是字母、数字或 -，最多 16 位' })
  tableNos: string[];
  @Omittable() @IsInt() @Max(1000) pointsMultiplierPercent?: number;
  @Omittable() @IsString() @Length(1, 64) name?: string;
}

async function messageFor(body: unknown): Promise<string> {
  const meta: ArgumentMetadata = { type: 'body', metatype: Sample };
  try {
    await createValidationPipe().transform(body, meta);
  } catch (e) {
    return (e as AppError).message;
  }
  return 'accepted';
}

describe('validation messages a manager understands', () => {
  it('names fields in Chinese with their bounds, never the code name', async () => {
    const m = await messageFor({ tableNos: ['<b>'], pointsMultiplierPercent: 5000, name: '' });
    expect(m).toContain('桌号：桌号只能是字母、数字或 -，最多 16 位');
    expect(m).toContain('积分倍数不能大于 1000');
    expect(m).toContain('名称不能为空');
    expect(await messageFor({ tableNos: [], name: 'x'.repeat(65) })).toContain('名称最多 64 个字');
    expect(m).not.toMatch(/tableNos|pointsMultiplierPercent|name/);
    expect(await messageFor({ tableNos: [], secret: 1 })).toBe('请求参数不正确：包含不认识的字段');
  });

  it('null is refused where a field may only be left out', async () => {
    expect(await messageFor({ tableNos: [], name: null })).toContain('名称');
    expect(await messageFor({ tableNos: [] })).toBe('accepted');
  });

  it('labels nested fields and never leaks an unknown name', () => {
    expect(fieldLabel('timeWindows.1.from')).toBe('可用时段第 2 项的开始时间');
    expect(fieldLabel('whatever')).toBe('某个字段');
  });

  it('measures JSON depth without parsing, ignoring brackets inside strings', () => {
    expect(jsonDepth('{"a":[1,{"b":2}]}')).toBe(3);
    expect(jsonDepth('{"a":"[[[[[["}')).toBe(1);
    expect(jsonDepth('{"a":"\\\\"}')).toBe(1);
  });
});
