import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import type { StaffRole } from '@tableside/shared';
import { AuthErrors } from '../auth/auth.errors';
import { isHq, type StaffPrincipal } from '../auth/principals';
import { hashPassword } from '../common/crypto';
import { defineErrors } from '../common/app-error';
import { newId } from '../common/ids';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { Store } from '../stores/entities/store.entity';
import { Staff } from './entities/staff.entity';

export const StaffErrors = defineErrors({
  STAFF_USERNAME_TAKEN: { status: 409, message: '用户名已存在' },
  STAFF_STORE_REQUIRED: { status: 400, message: '门店角色必须指定至少一个门店' },
  STAFF_STORE_NOT_FOUND: { status: 400, message: '所选门店不存在' },
  STAFF_NOT_FOUND: { status: 404, message: '员工账号不存在' },
  STAFF_CANNOT_CHANGE_SELF: { status: 400, message: '不能停用或降级自己的账号，请让另一位管理员操作' },
  STAFF_LAST_ADMIN: { status: 400, message: '这是最后一个可用的总部管理员账号，不能停用或改为其他角色' },
});

export interface NewStaff {
  id?: string;
  username: string;
  name: string;
  password: string;
  role: StaffRole;
  storeIds: string[];
  mustChangePassword?: boolean;
}

/** A readable one-time password: 16 characters from an unambiguous alphabet (≈ 80 bits). */
export function oneTimePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(16);
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
}

@Injectable()
export class StaffService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
  ) {}

  private async assertStores(role: StaffRole, storeIds: string[]): Promise<string[]> {
    const isStoreRole = role === 'STORE_MANAGER' || role === 'CASHIER';
    if (isStoreRole && storeIds.length === 0) throw StaffErrors.STAFF_STORE_REQUIRED();
    const unique = [...new Set(storeIds)];
    if (unique.length) {
      const found = await this.ds.getRepository(Store).count({ where: { id: In(unique) } });
      if (found !== unique.length) throw StaffErrors.STAFF_STORE_NOT_FOUND();
    }
    return isStoreRole ? unique : [];
  }

  async create(input: NewStaff): Promise<Staff> {
    const storeIds = await this.assertStores(input.role, input.storeIds);
    const staff: Staff = {
      id: input.id ?? newId(),
      username: input.username,
      name: input.name,
      passwordHash: await hashPassword(input.password),
      role: input.role,
      storeIds,
      active: true,
      tokenVersion: 0,
      mustChangePassword: input.mustChangePassword ?? false,
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

  /** A staff account with a generated one-time password that must be changed at first login. */
  async createWithOneTimePassword(
    input: Omit<NewStaff, 'password' | 'mustChangePassword'>,
  ): Promise<{ staff: Staff; password: string }> {
    const password = oneTimePassword();
    return { staff: await this.create({ ...input, password, mustChangePassword: true }), password };
  }

  async get(id: string): Promise<Staff> {
    const s = await this.ds.getRepository(Staff).findOne({ where: { id } });
    if (!s) throw StaffErrors.STAFF_NOT_FOUND();
    return s;
  }

  /**
   * May `me` manage `target`? HQ admins manage everyone; a store manager manages the cashiers of
   * their own stores only (never other managers or head office).
   */
  async manageable(me: StaffPrincipal, id: string): Promise<Staff> {
    const target = await this.get(id);
    if (me.role === 'HQ_ADMIN') return target;
    if (me.role !== 'STORE_MANAGER' || target.role !== 'CASHIER') throw AuthErrors.ROLE_FORBIDDEN();
    if (!target.storeIds.every((s) => me.storeIds.includes(s))) throw AuthErrors.STORE_FORBIDDEN();
    return target;
  }

  private async assertNotLastAdmin(target: Staff): Promise<void> {
    if (target.role !== 'HQ_ADMIN' || !target.active) return;
    const admins = await this.ds.getRepository(Staff).count({ where: { role: 'HQ_ADMIN', active: true } });
    if (admins <= 1) throw StaffErrors.STAFF_LAST_ADMIN();
  }

  async update(
    me: StaffPrincipal,
    id: string,
    patch: { name?: string; role?: StaffRole; storeIds?: string[] },
  ): Promise<Staff> {
    const target = await this.manageable(me, id);
    const role = patch.role ?? target.role;
    if (!isHq(me) && role !== 'CASHIER') throw AuthErrors.ROLE_FORBIDDEN();
    if (patch.storeIds && !isHq(me) && !patch.storeIds.every((s) => me.storeIds.includes(s)))
      throw AuthErrors.STORE_FORBIDDEN();
    if (role !== target.role) {
      if (target.id === me.id) throw StaffErrors.STAFF_CANNOT_CHANGE_SELF();
      await this.assertNotLastAdmin(target);
    }
    const storeIds = await this.assertStores(role, patch.storeIds ?? target.storeIds);
    // A change of role or stores ends the sessions that carried the old rights.
    const rightsChanged =
      role !== target.role ||
      JSON.stringify([...storeIds].sort()) !== JSON.stringify([...target.storeIds].sort());
    await this.ds.getRepository(Staff).update(
      { id },
      {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        role,
        storeIds,
        ...(rightsChanged ? { tokenVersion: target.tokenVersion + 1 } : {}),
      },
    );
    return this.get(id);
  }

  /** Disabling ends every session at once; enabling lets them log in again. */
  async setActive(me: StaffPrincipal, id: string, active: boolean): Promise<Staff> {
    const target = await this.manageable(me, id);
    if (!active) {
      if (target.id === me.id) throw StaffErrors.STAFF_CANNOT_CHANGE_SELF();
      await this.assertNotLastAdmin(target);
    }
    await this.ds
      .getRepository(Staff)
      .update({ id }, { active, ...(active ? {} : { tokenVersion: target.tokenVersion + 1 }) });
    return this.get(id);
  }

  /** A new one-time password (shown once); their sessions end; they must change it at login. */
  async resetPassword(me: StaffPrincipal, id: string): Promise<{ staff: Staff; password: string }> {
    const target = await this.manageable(me, id);
    const password = oneTimePassword();
    await this.ds.getRepository(Staff).update(
      { id },
      {
        passwordHash: await hashPassword(password),
        mustChangePassword: true,
        tokenVersion: target.tokenVersion + 1,
      },
    );
    return { staff: await this.get(id), password };
  }
}
