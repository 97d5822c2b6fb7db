import { Injectable } from '@nestjs/common';
import type { StaffRole } from '@tableside/shared';
import { hashPassword } from '../common/crypto';
import { defineErrors } from '../common/app-error';
import { newId } from '../common/ids';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { Staff } from './entities/staff.entity';

export const StaffErrors = defineErrors({
  STAFF_USERNAME_TAKEN: { status: 409, message: '用户名已存在' },
  STAFF_STORE_REQUIRED: { status: 400, message: '门店角色必须指定至少一个门店' },
});

@Injectable()
export class StaffService {
  constructor(private readonly tx: TransactionRunner) {}

  async create(input: {
    id?: string;
    username: string;
    name: string;
    password: string;
    role: StaffRole;
    storeIds: string[];
  }): Promise<Staff> {
    if ((input.role === 'STORE_MANAGER' || input.role === 'CASHIER') && input.storeIds.length === 0)
      throw StaffErrors.STAFF_STORE_REQUIRED();
    const staff: Staff = {
      id: input.id ?? newId(),
      username: input.username,
      name: input.name,
      passwordHash: hashPassword(input.password),
      role: input.role,
      storeIds: input.storeIds,
      active: true,
      createdAt: new Date(),
    };
    try {
      await this.tx.run((em) => em.insert(Staff, staff));
    } catch (e) {
      if (isUniqueViolation(e)) throw StaffErrors.STAFF_USERNAME_TAKEN();
      throw e;
    }
    return staff;
  }
}
