import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error';
import { TransactionRunner } from '../database/transaction-runner';
import { WechatApiClient, WechatCodeImage } from './wechat-api';

/** The mini-program page a table code opens; it reads `scene` (s=<store>&t=<table>). */
export const ENTRY_PAGE = 'pages/index/index';
const PART = 60_000;

export function tableScene(storeCode: string, tableNo: string): string {
  const scene = `s=${storeCode}&t=${tableNo}`;
  // WeChat takes at most 32 visible characters in a scene.
  if (scene.length > 32)
    throw new AppError(
      'TABLE_SCENE_TOO_LONG',
      400,
      `门店编码与桌号合计过长（小程序码参数最多 32 个字符）：${scene}。请缩短门店编码或桌号`,
    );
  return scene;
}

/**
 * Mini-program codes for table QR stickers (`wxacode.getUnlimited`), fetched once per table and
 * kept in the database (every instance serves the same image; WeChat's quota is not spent twice).
 */
@Injectable()
export class TableCodesService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly api: WechatApiClient,
  ) {}

  get available(): boolean {
    return this.api.configured;
  }

  async image(scene: string): Promise<{ image: Buffer; contentType: string }> {
    const stored = await this.ds
      .getRepository(WechatCodeImage)
      .find({ where: { scene }, order: { part: 'ASC' } });
    if (stored.length)
      return {
        image: Buffer.concat(stored.map((p) => Buffer.from(p.data))),
        contentType: stored[0].contentType,
      };
    const fresh = await this.api.unlimitedCode(scene, ENTRY_PAGE);
    const now = new Date();
    await this.tx.run(async (em) => {
      if (await em.exists(WechatCodeImage, { where: { scene } })) return; // another request stored it first
      for (let i = 0; i * PART < fresh.image.length; i++)
        await em.insert(WechatCodeImage, {
          scene,
          part: i,
          data: fresh.image.subarray(i * PART, (i + 1) * PART),
          contentType: fresh.contentType,
          createdAt: now,
        });
    });
    return fresh;
  }
}
