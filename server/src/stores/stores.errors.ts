import { defineErrors } from '../common/app-error';

export const StoreErrors = defineErrors({
  STORE_CODE_TAKEN: { status: 409, message: '门店编码已存在' },
  STORE_NOT_FOUND: { status: 404, message: '门店不存在' },
});
