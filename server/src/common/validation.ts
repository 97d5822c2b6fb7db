import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidateIf } from 'class-validator';
import { AppError } from './app-error';

const CONSTRAINT_TEXT: Record<string, string> = {
  whitelistValidation: '是未知字段',
  isInt: '必须是整数',
  isString: '必须是字符串',
  isBoolean: '必须是布尔值',
  isArray: '必须是数组',
  isIn: '取值不在允许范围内',
  isEnum: '取值不在允许范围内',
  min: '太小',
  max: '太大',
  maxLength: '太长',
  minLength: '太短',
  arrayMaxSize: '元素太多',
  arrayMinSize: '元素太少',
  isNotEmpty: '不能为空',
  isDefined: '必填',
  matches: '格式不正确',
  isUuid: '格式不正确',
  isDateString: '不是合法的日期',
  isISO8601: '不是合法的日期',
  isObject: '必须是对象',
  nestedValidation: '格式不正确',
};

/**
 * The field may be left out; when it is present — null included — it must be valid. (class-validator's
 * IsOptional also lets null through, which then reaches NOT NULL columns.) Use IsOptional only where
 * null has a meaning ("no restriction") and say so with `nullable: true` in the API document.
 */
export const Omittable = () => ValidateIf((_obj, value) => value !== undefined);

/** Deepest JSON nesting any endpoint accepts (deeper bodies would overflow validation's recursion). */
export const MAX_JSON_DEPTH = 32;

/** Depth of a JSON text's nesting, counted without parsing (strings are skipped). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > max) max = depth;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

function flatten(errors: ValidationError[], prefix = ''): { field: string; problems: string[] }[] {
  const out: { field: string; problems: string[] }[] = [];
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints) {
      out.push({ field, problems: Object.keys(e.constraints).map((k) => CONSTRAINT_TEXT[k] ?? '不合法') });
    }
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}

/** Global pipe: whitelist, forbid unknown fields, transform; errors as VALIDATION_FAILED in Chinese. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    stopAtFirstError: true,
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      const summary = fields
        .slice(0, 5)
        .map((f) => `${f.field}${f.problems.join('、')}`)
        .join('；');
      return new AppError('VALIDATION_FAILED', 400, `请求参数不正确：${summary}`, { fields });
    },
  });
}
