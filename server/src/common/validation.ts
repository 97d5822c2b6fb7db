import { ValidationError, ValidationPipe } from '@nestjs/common';
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
