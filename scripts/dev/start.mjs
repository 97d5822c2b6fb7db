#!/usr/bin/env node
/**
 * `pnpm start`: builds what is stale (shared, server, admin, mini-program h5), then serves everything
 * from one port — API /api, admin /admin, mini-program h5 /m — on the embedded SQLite database
 * (or DATABASE_URL), migrated and seeded with the demo chain unless SEED_DEMO=0.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const port = Number(process.env.PORT ?? 3000);

function newest(dir) {
  if (!existsSync(dir)) return 0;
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}
const builtAt = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);

const steps = [
  {
    name: '共享库 shared',
    src: [join(root, 'shared', 'src')],
    out: join(root, 'shared', 'dist', 'cjs', 'index.js'),
    args: ['--filter', '@tableside/shared', 'run', 'build'],
  },
  {
    name: '服务端 server',
    src: [join(root, 'server', 'src'), join(root, 'shared', 'src')],
    out: join(root, 'server', 'dist', 'main.js'),
    args: ['--filter', '@tableside/server', 'run', 'build'],
  },
  {
    name: '管理后台 admin',
    src: [join(root, 'admin', 'src'), join(root, 'shared', 'src')],
    out: join(root, 'admin', 'dist', 'index.html'),
    args: ['--filter', '@tableside/admin', 'run', 'build'],
  },
  {
    name: '小程序 H5 miniapp',
    src: [join(root, 'miniapp', 'src'), join(root, 'miniapp', 'config')],
    out: join(root, 'miniapp', 'dist', 'h5', 'index.html'),
    args: ['--filter', '@tableside/miniapp', 'run', 'build:h5'],
  },
];
for (const s of steps) {
  if (builtAt(s.out) > Math.max(...s.src.map(newest))) {
    console.log(`✔ ${s.name} 已是最新`);
    continue;
  }
  console.log(`▶ 构建 ${s.name} …`);
  const r = spawnSync('pnpm', s.args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`✘ 构建 ${s.name} 失败`);
    process.exit(r.status ?? 1);
  }
}

// `npm run demo` passes --demo: the demo chain is asked for explicitly (the server refuses it in production).
if (process.argv.includes('--demo')) process.env.SEED_DEMO = '1';
const server = spawn(process.execPath, [join(root, 'server', 'dist', 'main.js')], {
  cwd: root,
  stdio: 'inherit',
  env: { LOG_LEVEL: 'warn', ...process.env, PORT: String(port) },
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill(sig));
server.on('exit', (code) => process.exit(code ?? 0));

const base = `http://127.0.0.1:${port}`;
for (let i = 0; i < 240; i++) {
  await new Promise((r) => setTimeout(r, 500));
  try {
    const res = await fetch(`${base}/api/health`);
    if (res.ok) {
      const h = await res.json();
      const demo = process.env.NODE_ENV !== 'production' && process.env.SEED_DEMO !== '0';
      if (!demo) {
        console.log(`
================ Tableside 已启动 ================
 管理后台   ${base}/admin/      API 文档 ${base}/api/docs
 数据库     ${h.database === 'sqlite' ? '内置 SQLite' : 'MySQL/MariaDB'}（无演示数据）
 外部集成   ${h.simulators ? '模拟器' : '真实模式（未配置的接口回答 503）'}
 首个管理员: pnpm cli staff:create --username boss --name 老板 --role HQ_ADMIN
==================================================`);
        break;
      }
      console.log(`
================ Tableside 已启动 ================
 管理后台   ${base}/admin/
 收银台     ${base}/admin/cashier
 小程序 H5  ${base}/m/?store=SH001&table=8
 API 文档   ${base}/api/docs
 数据库     ${h.database === 'sqlite' ? '内置 SQLite（data/tableside.sqlite）' : 'MySQL/MariaDB'}
 演示账号（密码均为 tableside-demo）:
   admin     总部管理员      marketer  总部营销
   manager1  店长（SH001）   cashier1  收银员（SH001）
 演示顾客: 张小满（138****8000），打开小程序 H5 即进入会员卡；
           链接加 &diner=任意名字 以新顾客身份体验一键入会
 外部集成（微信登录/支付/短信）使用已标注的模拟器
==================================================`);
      break;
    }
  } catch {
    /* not up yet */
  }
}
