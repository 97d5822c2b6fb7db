import { Injectable } from '@nestjs/common';
import { newId } from '../common/ids';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { Store } from './entities/store.entity';
import { StoreErrors } from './stores.errors';

@Injectable()
export class StoresService {
  constructor(private readonly tx: TransactionRunner) {}

  async create(input: {
    id?: string;
    code: string;
    name: string;
    address?: string;
    voidWindowMinutes?: number;
  }): Promise<Store> {
    const store: Store = {
      id: input.id ?? newId(),
      code: input.code,
      name: input.name,
      address: input.address ?? null,
      phone: null,
      voidWindowMinutes: input.voidWindowMinutes ?? 30,
      active: true,
      createdAt: new Date(),
    };
    try {
      await this.tx.run((em) => em.insert(Store, store));
    } catch (e) {
      if (isUniqueViolation(e)) throw StoreErrors.STORE_CODE_TAKEN();
      throw e;
    }
    return store;
  }

  /**
   * Edits a store. Closing it (active=false) stops checkout, table-QR entry and claims at it at once;
   * its history stays, and it can be reopened.
   */
  async update(
    id: string,
    patch: { name?: string; address?: string | null; voidWindowMinutes?: number; active?: boolean },
  ): Promise<Store> {
    return this.tx.run(async (em) => {
      const store = await em.findOne(Store, { where: { id } });
      if (!store) throw StoreErrors.STORE_NOT_FOUND();
      await em.update(Store, { id }, patch);
      return em.findOneOrFail(Store, { where: { id } });
    });
  }
}
